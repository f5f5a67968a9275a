//! Texts to customers' contacts and their replies.
//!
//! - [`notify`]: the text itself (at most two segments with a signed link; opt-outs
//!   respected); who is texted about what is [`crate::notifications`];
//! - [`inbound`]: replies, STOP/START/HELP, routing a reply to the case it answers;
//! - [`segments`]: SMS lengths. The page a text links to is [`crate::mobile`].
//!
//! Per dealer and phone casebridge keeps the last text (and its case), the opt-out and the
//! hourly auto-answer; per sent message the case it was about; per texting number its
//! dealer (keys in [`crate::keys`]).

pub mod inbound;
pub mod notify;
pub mod segments;
pub mod store;
