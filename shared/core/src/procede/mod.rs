//! Procede DMS customer search, and bringing DMS customers into Case.

mod model;
mod service;

pub use crate::ports::procede::{words, Prepared, Query, SearchField, MAX_QUERY_CHARS, MAX_TOKENS};
pub use model::*;
pub use service::*;
