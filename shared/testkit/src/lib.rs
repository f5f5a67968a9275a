//! Dev-only test support, split by concern:
//! - [`moto`]: a moto server on 127.0.0.1 started and stopped by the test that needs it, the
//!   resources `template.yaml` creates, the AWS-backed App wired to it;
//! - [`backends`]: the same App on the embedded adapters or on moto for scenario tests
//!   ([`on_every_backend!`] runs a scenario on both);
//! - [`cost`]: a meter around the ports: what an operation costs as AWS bills it, and the keys
//!   each write touched;
//! - [`faults`]: one store, blob, bus or SMS call failing (or timing out) at a chosen step;
//! - [`fixtures`]: the dealers and OEMs scenarios start from;
//! - [`requests`]: requests as API Gateway hands them to a function;
//! - [`client`]: the one test client, those requests sent through every function's routes;
//! - [`servers`]: a server process on a port it picks itself, read from what it says;
//! - [`runtime_api`]: a loopback stand-in for the Lambda Runtime API (cold-start bench).

pub mod backends;
pub mod client;
pub mod cost;
pub mod faults;
pub mod fixtures;
pub mod moto;
pub mod requests;
pub mod runtime_api;
mod scratch;
pub mod servers;

pub use backends::{temp_dir, test_clock, RecordingPublisher, TestBackend};
pub use client::{
    advisor, api, assert_refused, connector, post_form, send_to_api, user, user_reply, D1_ADVISOR,
};
pub use fixtures::{procede_search_on, seed_dealers};
pub use moto::{aws_app, create_resources, AwsClients, AwsResources, Moto};
pub use requests::{
    as_user, form_request, http_client, parts, raw_request, request, send, signed, Reply,
};
pub use scratch::pdf_text;
