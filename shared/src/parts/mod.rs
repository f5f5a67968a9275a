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
//! Keys: the request lives with its case (`D#<dealer>#C#<case>` / `PARTS#<id>`), a pointer
//! finds it from its id (`D#<dealer>#PR#<id>` / `PR`), due reminders sit in `PARTS_REMIND`.

mod model;
mod service;

pub use model::*;
pub use service::*;
