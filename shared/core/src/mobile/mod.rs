//! The customer's mobile Case: the page a signed link opens (notes to read and answer, an
//! estimate to approve, defer or decline line by line), and the links themselves.
//!
//! - [`links`]: signed, expiring links to the page, one per (case, contact), revocable;
//! - [`page`]: what the pages show (the messages view and the estimate view) and what a
//!   contact does there; `views` builds what they show. The HTML and the form's
//!   field names are `functions/mobile-page`'s; this is what they mean;
//! - `language`: which of English, Spanish and French a page is in, and the customer's choice.

mod language;
pub mod links;
pub mod page;
mod store;
mod views;
