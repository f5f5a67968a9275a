//! An estimate's records and what a client sends: lines with their approval, the versions
//! sent to the customer, the decisions recorded, and the limits they are held to.

use crate::ids::EstimateId;
use serde::{Deserialize, Serialize};

use crate::cases::Author;

use crate::ids::CaseId;

pub const MAX_LINES: usize = 100;
pub(crate) const MAX_DESCRIPTION_CHARS: usize = 500;
pub(crate) const MAX_REASON_CHARS: usize = 500;
/// $1,000,000.00: far above any repair line, far below where sums could overflow.
pub(crate) const MAX_CENTS: i64 = 100_000_000;
/// Quantities are kept in hundredths (1.5 hours of labour is 150).
pub(crate) const MAX_QUANTITY_HUNDREDTHS: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Part,
    Labor,
    Fee,
}

/// Where a line stands with the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    Requested,
    Approved,
    Deferred,
    Declined,
}

/// Who recorded a decision: the customer on the mobile page, or staff on their behalf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Mobile,
    Staff,
}

/// A line's approval, as Decisiv's API models it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Approval {
    pub status: ApprovalStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<Author>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub reviewed_at: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}

impl Approval {
    pub fn requested() -> Self {
        Approval {
            status: ApprovalStatus::Requested,
            reason: None,
            reviewed_by: None,
            reviewed_at: None,
            channel: None,
        }
    }
}

/// A line as the advisor writes it. `id` names an existing line when revising.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LineInput {
    #[serde(default)]
    pub id: Option<String>,
    pub kind: LineKind,
    #[schema(min_length = 1, max_length = 500)]
    #[serde(deserialize_with = "crate::json::single_line")]
    pub description: String,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    #[schema(max_length = 64)]
    pub part_number: Option<String>,
    /// Up to two decimals (1.5 hours); more than 0, at most 10,000.
    #[schema(value_type = f64, minimum = 0.01, maximum = 10000)]
    pub quantity: serde_json::Number,
    #[schema(minimum = 0, maximum = 100000000)]
    #[serde(deserialize_with = "crate::json::whole_number")]
    pub unit_price_cents: i64,
    #[serde(default)]
    pub taxable: bool,
    /// The job the line belongs to ("Front brake job"): shown together, with their total.
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    #[schema(max_length = 100)]
    pub group: Option<String>,
}

/// `POST /v1/cases/{caseId}/estimates` and `PUT …/estimates/{estimateId}`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EstimateInput {
    #[schema(min_items = 1, max_items = 100)]
    pub lines: Vec<LineInput>,
    #[serde(default, deserialize_with = "crate::json::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub shop_supplies_cents: i64,
    #[serde(default, deserialize_with = "crate::json::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub tax_cents: i64,
}

/// A line of an estimate, its total computed here (never taken from the client).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EstimateLine {
    pub id: String,
    pub kind: LineKind,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_number: Option<String>,
    /// As written (1.5 hours); totals use `quantityHundredths`, which is exact.
    pub quantity: f64,
    pub quantity_hundredths: i64,
    pub unit_price_cents: i64,
    pub taxable: bool,
    pub total_cents: i64,
    pub approval: Approval,
    /// The job it belongs to, if grouped (how it is shown, not what is asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

impl EstimateLine {
    /// Whether the customer would be asked about something else than before.
    pub(crate) fn same_content(&self, other: &EstimateLine) -> bool {
        (
            self.kind,
            &self.description,
            &self.part_number,
            self.quantity_hundredths,
            self.unit_price_cents,
            self.taxable,
        ) == (
            other.kind,
            &other.description,
            &other.part_number,
            other.quantity_hundredths,
            other.unit_price_cents,
            other.taxable,
        )
    }
}

/// What the estimate comes to, and what will be billed for what the customer approved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub parts_cents: i64,
    pub labor_cents: i64,
    pub fees_cents: i64,
    pub subtotal_cents: i64,
    pub shop_supplies_cents: i64,
    /// Computed from `taxRatePercent` on the taxable lines when the dealer has a rate; else
    /// the lump sum the advisor typed.
    pub tax_cents: i64,
    pub total_cents: i64,
    /// What will be billed for the approved lines, by the same rule as the total: their sum,
    /// the shop supplies once any line is approved, and the tax on the approved taxable
    /// lines. With a lump-sum tax (no `taxRatePercent`) it is before tax.
    pub approved_cents: i64,
    /// The approved lines alone.
    #[serde(default)]
    pub approved_subtotal_cents: i64,
    /// The tax on the approved lines (0 with a lump-sum tax).
    #[serde(default)]
    pub approved_tax_cents: i64,
    /// The dealer's rate the tax was computed with (8.25 is 8.25 %); absent when the tax is
    /// a lump sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 30)]
    pub tax_rate_percent: Option<f64>,
}

impl Totals {
    /// Whether `approvedCents` leaves tax out: a lump-sum tax is on the whole estimate, so
    /// no share of it is billed per approved line (and the customer is told so).
    pub fn approved_before_tax(&self) -> bool {
        self.tax_rate_percent.is_none() && self.tax_cents != 0
    }
}

/// How an estimate's tax is found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Tax {
    /// Typed by the advisor for the whole estimate.
    Lump(i64),
    /// The dealer's rate, in percent, on the taxable lines.
    Rate(f64),
}

impl Tax {
    /// The rule an estimate's totals were made by, to make them again.
    pub fn of(t: &Totals) -> Tax {
        match t.tax_rate_percent {
            Some(rate) => Tax::Rate(rate),
            None => Tax::Lump(t.tax_cents),
        }
    }
}

/// A version sent to the customer: frozen, so a decision says exactly what it agreed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EstimateVersion {
    pub number: u32,
    /// SHA-256 of the lines as sent (what they say, not their decisions).
    pub digest: String,
    /// The lines the customer was asked about (the changed and new ones).
    pub asked_line_ids: Vec<String>,
    /// The contacts asked to decide this version: only they decide it from their link (others
    /// read it); staff decide for anyone, with a reason. Empty on versions sent before this
    /// was recorded, where every recipient of the case may decide, as then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asked_contacts: Vec<Author>,
    pub sent_by: Author,
    #[schema(value_type = String, format = DateTime)]
    pub sent_at: jiff::Timestamp,
    /// The times the advisor asked again about this version (after a STOP and START, or
    /// when nobody answered), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reminders: Vec<Reminder>,
    /// When the dealer's schedule reminded the contacts asked (at most two), oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<String>)]
    pub reminded_at: Vec<jiff::Timestamp>,
    /// The first time each contact opened this version's estimate view.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub opened: Vec<Opening>,
}

/// A contact opening a version's estimate view (the first time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Opening {
    pub contact: Author,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
}

/// The advisor asking again about a version already sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub sent_by: Author,
    #[schema(value_type = String, format = DateTime)]
    pub sent_at: jiff::Timestamp,
    /// Who was asked again.
    pub asked_contacts: Vec<Author>,
}

impl EstimateVersion {
    /// Whether the contact may decide this version from their own link.
    pub fn asks(&self, contact_id: &str) -> bool {
        self.asked_contacts.is_empty()
            || self
                .asked_contacts
                .iter()
                .any(|a| a.id.as_deref() == Some(contact_id))
    }
}

/// One decision on one line, as it was recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Decision {
    pub line_id: String,
    pub status: ApprovalStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub by: Author,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
    pub channel: Channel,
    /// The version the decision applied to, and its digest.
    pub version: u32,
    pub digest: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Who authorised the submission this decision came in, and on what terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<super::Authorisation>,
}

/// `GET …/estimates/{estimateId}/history`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct History {
    pub versions: Vec<EstimateVersion>,
    pub decisions: Vec<Decision>,
}

/// What the customer or the advisor chose for a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Approve,
    Defer,
    Decline,
}

impl Choice {
    pub fn status(self) -> ApprovalStatus {
        match self {
            Choice::Approve => ApprovalStatus::Approved,
            Choice::Defer => ApprovalStatus::Deferred,
            Choice::Decline => ApprovalStatus::Declined,
        }
    }

    pub fn parse(raw: &str) -> Option<Choice> {
        match raw {
            "approve" => Some(Choice::Approve),
            "defer" => Some(Choice::Defer),
            "decline" => Some(Choice::Decline),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LineDecision {
    pub line_id: String,
    pub decision: Choice,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// `POST …/estimates/{estimateId}/decisions`: an advisor records the customer's decisions
/// (on the phone, at the counter), each with the reason.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecisionsInput {
    /// The version the customer decided on.
    #[schema(minimum = 1)]
    pub version: u32,
    /// Lines decided one by one (at least one, unless `all` is given).
    #[serde(default)]
    #[schema(max_items = 100)]
    pub lines: Vec<LineDecision>,
    /// Every line still waiting for the customer that `lines` does not decide on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<AllLines>,
    /// The full name of who authorises the decisions (on the page, prefilled with the
    /// contact's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 100)]
    pub approver: Option<String>,
    /// The customer's purchase-order number; required to approve work where the dealer's
    /// `poNumberRequired` is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 64)]
    pub po_number: Option<String>,
}

/// "Approve all" or "Decline all": a line decided on its own keeps its own choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AllLines {
    Approve,
    Decline,
}

impl AllLines {
    pub fn choice(self) -> Choice {
        match self {
            AllLines::Approve => Choice::Approve,
            AllLines::Decline => Choice::Decline,
        }
    }

    pub fn parse(raw: &str) -> Option<AllLines> {
        match raw {
            "approve" => Some(AllLines::Approve),
            "decline" => Some(AllLines::Decline),
            _ => None,
        }
    }
}

/// At most this many decisions are kept on one estimate (a new estimate for more).
pub(crate) const MAX_DECISIONS: usize = 1_000;
/// At most this many versions are sent of one estimate.
pub(crate) const MAX_VERSIONS: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    #[schema(value_type = String)]
    pub id: EstimateId,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    pub lines: Vec<EstimateLine>,
    pub totals: Totals,
    pub created_by: Author,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    /// Optimistic-concurrency counter; changes on every write.
    pub version: u64,
    /// The versions sent to the customer, oldest first.
    #[serde(default)]
    pub versions: Vec<EstimateVersion>,
    /// Every decision recorded, oldest first.
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

impl Estimate {
    /// How many lines now carry a decision made through `channel` (the confirmation page
    /// counts the customer's own).
    pub fn decided_through(&self, channel: Channel) -> usize {
        self.lines
            .iter()
            .filter(|l| l.approval.channel == Some(channel))
            .count()
    }
}
