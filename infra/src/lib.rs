//! What runs casebridge outside AWS (and links no AWS SDK).
//!
//! - [`local::LocalEnv`]: the embedded backend in a data folder (SQLite, blob directory,
//!   in-process bus, the local signing secret), shared by the server and the dev CLI.
//! - [`server`]: `casebridge-local`, every HTTP route of `template.yaml` on 127.0.0.1,
//!   served by the functions' own routers, merged.
//! - [`gateway`]: what API Gateway does in front of the functions (payload limit, timeouts,
//!   the JWT authorizer), for the local server.
//! - [`jwt`]: the HS256 tokens the local server accepts (`casebridge token`).
//! - [`demo`]: the demo OEM, dealers and cases of `casebridge seed-demo`.
//! - [`logs`]: JSON logs for the local binaries.
//! - [`console`]: the reference console at `/console` (the seeds' screens, local only).

pub mod config;
pub mod console;
pub mod demo;
pub mod gateway;
pub mod http_functions;
pub mod jwt;
pub mod local;
pub mod logs;
pub mod server;
