//! Scale: what grows with the platform must not meet in one place, and a search reads only
//! what it finds. Every dealer's writes go
//! to partitions of its own, or to a queue spread over shards.

#[path = "../common/mod.rs"]
mod common;

mod cost;
mod hot_keys;
mod search;
