//! Cases as casebridge's features see them: who the customer is, which asset, which status
//! (with its history), and what is on the case — notes and attachments.
//!
//! `service` opens cases and moves them between statuses; `lists` are the lists that show
//! them;
//! `notes` and `attachments` are what is put on a case.
//!
//! Every function takes the caller's dealer (or a [`crate::auth::Caller`]) and reads and
//! writes only that dealer's partitions: another dealer's case is "not found".

mod attachments;
mod lists;
mod model;
mod notes;
mod service;
pub mod store;

pub use attachments::*;
pub use lists::*;
pub use model::*;
pub use notes::*;
pub use service::*;
