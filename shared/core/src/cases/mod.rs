//! Cases as casebridge's features see them: who the customer is, which asset, which status
//! (with its history), and what is on the case — notes and attachments.
//!
//! Every function takes the caller's dealer (or a [`crate::auth::Caller`]) and reads and
//! writes only that dealer's partitions: another dealer's case is "not found".

mod model;
mod service;

pub use model::*;
pub use service::*;
