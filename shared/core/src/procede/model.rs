use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A customer record of the Procede DMS, as the DMS (or the local DMS file) gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DmsCustomer {
    pub procede_id: String,
    pub name: String,
    #[serde(default)]
    pub customer_number: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<String>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub billing: Map<String, Value>,
}

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
    pub customer_id: Option<String>,
}
