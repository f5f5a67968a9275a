//! Procede DMS customer search, and bringing DMS customers into Case.

mod model;
mod search;
mod service;

pub use model::*;
pub use search::*;
pub use service::*;
