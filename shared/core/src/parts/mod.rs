//! The parts workflow between a case on Parts Hold and a parts counter working in Prokeep.
//!
//! An advisor escalates (`escalate`) → `parts.escalated` → the delivery (`deliver`, an SNS
//! subscriber in AWS) posts the request to the group's Prokeep inbox; failures are retried
//! and, past the retries, dead-lettered and shown on the case (`delivery_gave_up`). The
//! counter's steps come back as signed callbacks (`apply_prokeep_event`): each applied once
//! (its event id is an idempotency key with a TTL, in the same transaction as its effects),
//! in any order, the state never moving backwards, every note internal and ending with
//! `PLEASE DO NOT REPLY`. An escalation nobody claims within the dealer's reminder window is
//! re-sent once (`send_reminders`, every minute).
//!
//! One file per step: `escalation`, `callbacks`, `delivery`, `reminders`; their
//! records are `store`'s: the request lives with its case, a pointer finds it from its id
//! or reference alone, due reminders sit in one partition.

mod callbacks;
mod delivery;
mod escalation;
mod model;
mod reminders;
mod store;

pub use callbacks::*;
pub use delivery::*;
pub use escalation::*;
pub use model::*;
pub use reminders::*;

use crate::cases::Author;

pub(crate) const DO_NOT_REPLY: &str = "PLEASE DO NOT REPLY";

pub use store::request_id_of;
use store::{load_request, request_write};

fn prokeep_author(name: &str) -> Author {
    Author {
        id: None,
        name: format!("{name} (Prokeep)"),
    }
}
