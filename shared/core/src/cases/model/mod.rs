//! A case's records and what a client sends: the case (customer, asset, status and its
//! history), its notes and attachments, and the limits they are held to.

use serde::{Deserialize, Serialize};

mod attachment;
pub use attachment::*;

use crate::error::{Error, FieldError};
use crate::ids::CaseId;
use crate::ids::DealerId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    CheckIn,
    RequestForApproval,
    PartsHold,
    AssetInService,
    AssetReady,
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 7] = [
        CaseStatus::Open,
        CaseStatus::CheckIn,
        CaseStatus::RequestForApproval,
        CaseStatus::PartsHold,
        CaseStatus::AssetInService,
        CaseStatus::AssetReady,
        CaseStatus::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::CheckIn => "check_in",
            CaseStatus::RequestForApproval => "request_for_approval",
            CaseStatus::PartsHold => "parts_hold",
            CaseStatus::AssetInService => "asset_in_service",
            CaseStatus::AssetReady => "asset_ready",
            CaseStatus::Closed => "closed",
        }
    }

    pub fn parse(raw: &str, field: &str) -> Result<Self, Error> {
        CaseStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| {
                let all: Vec<_> = CaseStatus::ALL.iter().map(|s| s.as_str()).collect();
                Error::bad_field(
                    field,
                    format!("unknown status {raw:?}; use one of {}", all.join(", ")),
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = CaseCustomer)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    /// Required for a customer typed on the case. For a customer of the dealer (`id`) the
    /// case takes the name from the customer record: leave it out; a different one is
    /// ignored for a Case customer and refused (422) for a read-only Procede customer.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The customer number, from the customer record (answers only; ignored when sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Asset {
    #[schema(min_length = 1, max_length = 200)]
    pub unit_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

impl Asset {
    /// "Kenworth T680": the make and model as people say them, when either is known.
    pub fn vehicle(&self) -> Option<String> {
        let said: Vec<&str> = [self.make.as_deref(), self.model.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        (!said.is_empty()).then(|| said.join(" "))
    }
}

/// Who wrote something: a Case user, a Prokeep user, a customer contact, or casebridge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Author {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub status: CaseStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<CaseStatus>,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    pub by: Author,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    #[schema(value_type = String)]
    pub id: CaseId,
    /// What people call the case: the dealer's own sequence (`#1042`), given once at creation.
    /// Cases from before numbering have none (0) and are called by their id.
    #[serde(default)]
    pub number: u64,
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    pub status: CaseStatus,
    pub customer: Customer,
    pub asset: Asset,
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<jiff::Timestamp>,
    pub status_history: Vec<StatusChange>,
    /// Optimistic-concurrency counter; changes on every write.
    pub version: u64,
}

/// What a case list shows (stored on the index items, so a list is one query).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseSummary {
    #[schema(value_type = String)]
    pub id: CaseId,
    #[serde(default)]
    pub number: u64,
    pub status: CaseStatus,
    pub customer: Customer,
    pub asset: Asset,
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    /// When it was closed (closed cases only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub closed_at: Option<jiff::Timestamp>,
}

impl Case {
    /// The case as people name it: `#1042`, or its id when it predates numbering.
    pub fn label(&self) -> String {
        if self.number > 0 {
            format!("#{}", self.number)
        } else {
            self.id.to_string()
        }
    }
}

impl From<&Case> for CaseSummary {
    fn from(c: &Case) -> Self {
        CaseSummary {
            id: c.id.clone(),
            number: c.number,
            status: c.status,
            customer: c.customer.clone(),
            asset: c.asset.clone(),
            opened_at: c.opened_at,
            updated_at: c.updated_at,
            closed_at: c.closed_at,
        }
    }
}

/// `POST /v1/cases`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCase {
    pub customer: Customer,
    pub asset: Asset,
    #[serde(default)]
    pub status: Option<CaseStatus>,
    /// People entered with the case, each with its `caseRole`: the `primary` contact and the
    /// `driver` hear of the case without an invitation.
    #[serde(default)]
    #[schema(max_items = 10)]
    pub contacts: Vec<crate::contacts::ContactFields>,
}

/// What `POST /v1/cases` answers: the case, and the contacts entered with it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OpenedCase {
    #[serde(flatten)]
    pub case: Case,
    /// Absent when none were entered (the answer is then the case as `GET` shows it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<crate::contacts::CaseContact>,
}

pub(crate) const MAX_NAME_CHARS: usize = 200;
pub const MAX_NOTE_CHARS: usize = 10_000;

impl NewCase {
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.customer.id.is_none() || !self.customer.name.trim().is_empty() {
            require_text(
                &mut errors,
                "customer.name",
                &self.customer.name,
                MAX_NAME_CHARS,
            );
        }
        if let Some(id) = &self.customer.id {
            if !crate::dealers::is_safe_id(id) {
                errors.push(FieldError::new(
                    "customer.id",
                    "a customer id is 1 to 64 letters, digits, '-' or '_'",
                ));
            }
        }
        require_text(&mut errors, "asset.unitNumber", &self.asset.unit_number, 50);
        if self.contacts.len() > 10 {
            errors.push(FieldError::new("contacts", "at most 10 contacts"));
        }
        if let Some(vin) = &self.asset.vin {
            require_vin(&mut errors, "asset.vin", vin);
        }
        for (field, value) in [
            ("customer.name", Some(&self.customer.name)),
            ("asset.unitNumber", Some(&self.asset.unit_number)),
            ("asset.make", self.asset.make.as_ref()),
            ("asset.model", self.asset.model.as_ref()),
        ] {
            crate::text::require_single_line(&mut errors, field, value.map(String::as_str));
        }
        for (field, value) in [
            ("asset.make", &self.asset.make),
            ("asset.model", &self.asset.model),
        ] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 100) {
                errors.push(FieldError::new(field, "at most 100 characters"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(errors))
        }
    }
}

/// A VIN: 17 digits and capital letters except I, O and Q.
pub(crate) fn require_vin(errors: &mut Vec<FieldError>, field: &str, vin: &str) {
    let ok = vin.len() == 17
        && vin
            .chars()
            .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !"IOQ".contains(c)));
    if !ok {
        errors.push(FieldError::new(
            field,
            "a VIN is 17 characters: digits and capital letters except I, O and Q",
        ));
    }
}

pub(crate) fn require_text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.push(FieldError::new(field, "must not be empty"));
    } else if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("at most {max} characters")));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Dealer staff only.
    Internal,
    /// Also shown to the customer's contacts (SMS, mobile page).
    External,
}

/// Where a note came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteSource {
    Case,
    Prokeep,
    Sms,
    Mobile,
    System,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: String,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    pub text: String,
    pub visibility: Visibility,
    pub source: NoteSource,
    pub author: Author,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    /// The contacts the author chose to notify of this external note (absent: every
    /// recipient of the case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_ids: Option<Vec<String>>,
}

/// `POST /v1/cases/{caseId}/notes`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewNote {
    #[schema(min_length = 1, max_length = 10000)]
    pub text: String,
    /// Internal unless the author says otherwise: an external note reaches the customer.
    #[serde(default = "internal")]
    pub visibility: Visibility,
    /// Who of the case's recipients hears of an external note (default: every recipient).
    /// Each id counts once.
    #[serde(default, deserialize_with = "crate::json::distinct_lines_opt")]
    #[schema(min_items = 1, max_items = 20)]
    pub contact_ids: Option<Vec<String>>,
}

fn internal() -> Visibility {
    Visibility::Internal
}

/// `POST /v1/cases/{caseId}/status`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeRequest {
    pub status: CaseStatus,
}
