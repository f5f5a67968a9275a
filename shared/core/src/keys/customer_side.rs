//! Keys of what the customer side does: approval reminders waiting their turn and the
//! dealer's customer activity.

use super::{sortable, Key};
use crate::ids::{DealerId, EstimateId};

/// Approval requests waiting for their reminder, in the order they fall due (sharded, as
/// the parts reminders: one due query per shard a minute).
pub(crate) const APPROVAL_REMINDERS: super::Queue = super::Queue("APPROVAL_REMIND");

pub(crate) fn approval_reminder_sk(
    at: jiff::Timestamp,
    d: &DealerId,
    estimate_id: &EstimateId,
    version: u32,
) -> String {
    format!("{}#{d}#{estimate_id}#{version}", sortable(at))
}

/// The dealer's customer activity, in time order.
pub(crate) fn activity_partition(d: &DealerId) -> String {
    format!("D#{d}#ACTIVITY")
}

pub(crate) fn activity(d: &DealerId, at: jiff::Timestamp, id: &str) -> Key {
    (activity_partition(d), format!("{}#{id}", sortable(at)))
}
