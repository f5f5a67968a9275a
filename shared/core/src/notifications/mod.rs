//! Notifications: what a case's recipients hear of it, by text and by email, and the
//! delivery log that shows the advisor every send.
//!
//! - [`dispatch`]: `case-notify`: an external note, a Quick Action or an estimate request
//!   goes to every recipient (or the contacts the advisor named) on each channel the
//!   contact allows; each (event, contact, channel) at most once; a send refused for good
//!   becomes an internal case note;
//! - [`email`]: the email itself (text and HTML, the signed page link, one-click
//!   unsubscribe) and the unsubscribe it leads to;
//! - [`feedback`]: SES's delivery, bounce and complaint notifications;
//! - [`failures`]: a send refused for good, or a customer's text that could not be
//!   handled, noted on its case once; [`gave_up`](mod@gave_up): what Lambda gave up on (dead letters);
//! - [`log`]: the delivery log (`GET /v1/cases/{caseId}/notifications`);
//! - [`reach`]: who of the recipients an event reaches, and why the others are not (a
//!   note's answer counts them; the log names each one not notified).
//!
//! The SMS specifics (the 2-segment text, opt-outs by STOP, replies) stay in
//! [`crate::sms`].

pub mod dispatch;
pub mod email;
pub mod failures;
pub mod feedback;
pub mod gave_up;
pub mod log;
mod model;
pub mod reach;
mod sending;
mod store;

pub use dispatch::{notify_case_event, LOCAL_BUDGET, NOTIFY_HANDLES};
pub use gave_up::{gave_up, CaseNotify};
pub use log::{Channel, DeliveryStatus, NotNotifiedReason, Notification};
pub use reach::{post_note, PostedNote, Reach};
