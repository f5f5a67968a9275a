use crate::ids::CustomerId;
use serde::Serialize;

pub use crate::ports::procede::DmsCustomer;

/// One search hit, and whether the customer is already in Case.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub procede_id: String,
    pub name: String,
    pub customer_number: String,
    pub phone: String,
    pub city: String,
    /// `add` when not in Case yet, `edit` when it is (then `customerId` says which).
    pub action: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
}
