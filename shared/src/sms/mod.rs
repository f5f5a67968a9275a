//! Texts to customers' contacts: segment counting, signed links to the mobile page.

pub mod links;
pub mod segments;
