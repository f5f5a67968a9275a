//! What scenario files share beyond the test client (`casebridge_testkit::client`): the
//! local server with the demo data.
#![allow(dead_code)] // each test binary uses its own subset

#[allow(unused_imports)]
pub use casebridge_testkit::client::*;

/// The local server on 127.0.0.1 over a fresh data folder holding the demo data, and a
/// bearer token for a user of demo-dealer-1.
pub struct DemoServer {
    pub dir: std::path::PathBuf,
    pub server: casebridge_infra::server::Running,
    pub token: String,
}

/// Starts a [`DemoServer`]; the user is `sub` with `role`, shown as `name`.
pub async fn demo_server(
    label: &str,
    role: casebridge_core::auth::Role,
    sub: &str,
    name: &str,
) -> DemoServer {
    use casebridge_infra::{demo, jwt, local};
    let dir = std::env::temp_dir().join(format!("casebridge-{label}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = local::LocalEnv::open_at(&dir, "http://127.0.0.1:9").unwrap();
    demo::seed(&env.app).await.unwrap();
    drop(env);
    let claims = jwt::TokenRequest {
        sub,
        dealer_id: demo::DEALER_1,
        role,
        oem_id: None,
        name: Some(name),
    };
    let now = jiff::Timestamp::now().as_second();
    let token = jwt::mint(&local::local_secret(&dir).unwrap(), &claims, now, 3600).unwrap();
    let server = casebridge_infra::server::spawn(&dir, 0).await.unwrap();
    DemoServer { dir, server, token }
}
