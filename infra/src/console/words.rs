//! What the Case application calls a case's statuses, a parts request's states and who sees a
//! note, as the console shows and reads them.

use casebridge_core::cases::{CaseStatus, Visibility};
use casebridge_core::notifications::log::{Channel, DeliveryStatus};
use casebridge_core::parts::PartsState;
use casebridge_core::Error;

/// A status as the Case application names it.
pub fn status_name(s: CaseStatus) -> &'static str {
    match s {
        CaseStatus::Open => "Open",
        CaseStatus::CheckIn => "Check-in",
        CaseStatus::RequestForApproval => "Request for Approval",
        CaseStatus::PartsHold => "Parts Hold",
        CaseStatus::AssetInService => "Asset in Service",
        CaseStatus::AssetReady => "Asset Ready",
        CaseStatus::Closed => "Closed",
    }
}

/// A parts request's state as the counter's steps name it.
pub fn state_name(s: PartsState) -> &'static str {
    match s {
        PartsState::Escalated => "Escalated",
        PartsState::Claimed => "Claimed",
        PartsState::Ordered => "Parts Ordered",
        PartsState::Backordered => "Backordered",
        PartsState::Received => "Parts Received",
        PartsState::Cancelled => "Cancelled",
    }
}

/// A delivery's channel and status in the advisor's words.
pub fn delivery_names(channel: Channel, status: DeliveryStatus) -> (&'static str, &'static str) {
    let channel = match channel {
        Channel::Sms => "Text",
        Channel::Email => "Email",
        Channel::Page => "Customer's page",
    };
    let status = match status {
        DeliveryStatus::Sent => "Sent",
        DeliveryStatus::Delivered => "Delivered",
        DeliveryStatus::Failed => "Failed",
        DeliveryStatus::OptedOut => "Not sent: they opted out",
        DeliveryStatus::Suppressed => "Not sent",
        DeliveryStatus::Opened => "Opened",
    };
    (channel, status)
}

/// Who sees a note or an attachment, as the forms send it (`visibility`).
pub fn visibility(raw: &str) -> Result<Visibility, Error> {
    match raw {
        "internal" => Ok(Visibility::Internal),
        "external" => Ok(Visibility::External),
        _ => Err(Error::bad_field("visibility", "internal or external")),
    }
}

/// A time as the location's people read it, in its zone: `Tue Nov 25, 10:43 AM CST`.
pub fn when(person: &super::Person, at: jiff::Timestamp) -> String {
    casebridge_core::dealers::time_for_people(at, person.time_zone())
}
