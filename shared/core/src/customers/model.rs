//! What a customer is: the record (Case-created or Procede-sourced), its list line, its
//! assets.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::ids::{CaseId, CustomerId, DealerId};
use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomerSource {
    Case,
    Procede,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    #[schema(value_type = String)]
    pub id: CustomerId,
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub addresses: Vec<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default)]
    pub billing: Map<String, Value>,
    pub source: CustomerSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procede_id: Option<String>,
    /// DMS-sourced customers cannot be edited in Case.
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub refreshed_at: Option<jiff::Timestamp>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

/// `POST /v1/customers` (a customer typed into Case) and `PATCH /v1/customers/{id}`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerFields {
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub customer_number: Option<String>,
    #[serde(default, deserialize_with = "crate::json::distinct_lines_opt")]
    pub phones: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::json::distinct_lines_opt")]
    pub emails: Option<Vec<String>>,
    pub addresses: Option<Vec<Value>>,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub state: Option<String>,
}

impl Customer {
    /// A new customer with nothing filled in yet; DMS-sourced ones are read-only.
    pub fn empty(app: &App, dealer: &DealerId, source: CustomerSource) -> Customer {
        let now = app.clock.now();
        Customer {
            id: CustomerId::derived(app.ids.new_id()),
            dealer_id: dealer.clone(),
            name: String::new(),
            customer_number: None,
            phones: vec![],
            emails: vec![],
            addresses: vec![],
            city: None,
            state: None,
            billing: Map::new(),
            source,
            procede_id: None,
            read_only: source == CustomerSource::Procede,
            refreshed_at: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }
}

/// A customer as the list shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    #[schema(value_type = String)]
    pub id: CustomerId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub source: CustomerSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procede_id: Option<String>,
    pub read_only: bool,
}

impl From<&Customer> for CustomerSummary {
    fn from(c: &Customer) -> Self {
        CustomerSummary {
            id: c.id.clone(),
            name: c.name.clone(),
            customer_number: c.customer_number.clone(),
            city: c.city.clone(),
            state: c.state.clone(),
            source: c.source,
            procede_id: c.procede_id.clone(),
            read_only: c.read_only,
        }
    }
}

impl crate::commit::Versioned for Customer {
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, v: u64) {
        self.version = v;
    }
}

/// A unit a customer's cases were opened on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAsset {
    /// The VIN, or the unit number when the unit has no VIN (normalised).
    pub id: String,
    pub unit_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
    /// The cases opened on it, oldest first.
    #[schema(value_type = Vec<String>)]
    pub case_ids: Vec<CaseId>,
    #[schema(value_type = String, format = DateTime)]
    pub first_seen_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub last_seen_at: jiff::Timestamp,
    #[serde(default)]
    pub version: u64,
}
