//! What runs casebridge outside AWS.
//!
//! - [`local::LocalEnv`]: the embedded backend in a data folder (SQLite, blob directory,
//!   in-process bus, the local signing secret), shared by the server and the dev CLI.
//! - [`server`]: `casebridge-local`, every HTTP route of `template.yaml` on 127.0.0.1,
//!   served by the same handler code the Lambda functions run.
//! - [`demo`]: the demo OEM, dealers and cases of `casebridge seed-demo`.

pub mod demo;
pub mod local;
pub mod server;
