//! What a customer reads, as HTML: the mobile page a signed link opens (`page`) and the
//! notification email (`email`), one look for both. maud templates, compiled in, every value
//! escaped unless marked otherwise. The views are plain data (`views`): the core fills them,
//! so this crate knows no store, id or rule, and the core knows no markup.

mod chrome;
pub mod email;
mod estimate;
pub mod page;
pub mod views;
pub mod words;
