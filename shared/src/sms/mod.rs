//! Texts to customers' contacts and their replies.
//!
//! - [`notify`]: external notes and Quick Action status changes texted to a case's invited
//!   contacts (at most twice-segment texts with a signed link; opt-outs respected; each
//!   (event, contact) at most once);
//! - [`inbound`]: replies, STOP/START/HELP, routing a reply to the case it answers;
//! - [`links`]: the signed, expiring links to the mobile page; [`segments`]: SMS lengths.
//!
//! Keys: per dealer and phone `D#<dealer>#PH#<e164>` holds `LAST` (the last text and its
//! case), `OPTOUT`, `AUTOREPLY#<contact>` (TTL 1 h); `D#<dealer>#MSG#<messageId>` finds the
//! case of a quoted message; `NUMBER#<e164>` says which dealer owns a texting number.

pub mod inbound;
pub mod links;
pub mod notify;
pub mod page;
pub mod segments;
