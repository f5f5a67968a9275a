//! The customer's mobile Case: the page a signed link opens (notes to read and answer, an
//! estimate to approve, defer or decline line by line), and the links themselves.
//!
//! - [`links`]: signed, expiring links to the page, one per (case, contact), revocable;
//! - [`page`]: what the pages show (the messages view and the estimate view) and what a
//!   contact does there; `views` builds what they show. The HTML and the form's
//!   field names are `functions/mobile-page`'s; this is what they mean.

pub mod links;
pub mod page;
mod store;
mod views;
