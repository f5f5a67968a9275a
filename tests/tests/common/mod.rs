//! What scenario files share: the whole API as one router (every route served by its
//! function's handlers with the layers the functions add, as API Gateway would route them),
//! and calls as a Case user or as Prokeep's connector.
#![allow(dead_code)] // each test binary uses its own subset

use casebridge_core::App;
use casebridge_testkit::{as_user, parts, request, signed, Reply};
use serde_json::Value;

/// Every HTTP function's routes over `app`.
pub fn api(app: &App) -> axum::Router {
    let (routes, _doc) = casebridge_infra::server::api().split_for_parts();
    let routes = routes
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            casebridge_http::idempotency::idempotent_posts,
        ))
        .with_state(app.clone());
    casebridge_http::layers::finish(routes)
}

/// A Case user's call; the whole reply.
pub async fn user_reply(
    app: &App,
    method: &str,
    path: &str,
    body: Option<&Value>,
    (dealer, role, oem): (&str, &str, Option<&str>),
) -> Reply {
    let req = as_user(request(method, path, body), dealer, role, oem);
    casebridge_testkit::send(api(app), req).await
}

/// A Case user's call: status and JSON body.
pub async fn user(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    who: (&str, &str, Option<&str>),
) -> (u16, Value) {
    parts(&user_reply(app, method, path, body.as_ref(), who).await)
}

/// Asserts a problem answer: `status`, naming `field` first (the message shown on failure).
#[track_caller]
pub fn assert_refused(status: u16, problem: &Value, want: u16, field: &str) {
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (want, Some(field)),
        "{problem}"
    );
}

/// An advisor of dealer d1.
pub const D1_ADVISOR: (&str, &str, Option<&str>) = ("d1", "advisor", None);

pub async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    user(app, method, path, body, D1_ADVISOR).await
}

/// A call from d1's connector, signed with its secret at the test clock's time.
pub async fn connector(app: &App, method: &str, path: &str, body: &[u8]) -> Reply {
    let now = app.clock.now().as_second();
    let req = signed(method, path, body, "d1", "d1-secret", now);
    casebridge_testkit::send(api(app), req).await
}

/// A Prokeep thread snapshot with one customer and these message bodies.
pub fn thread(state: &str, bodies: &[&str]) -> Value {
    let messages: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| serde_json::json!({"id": format!("m{i}"), "senderId": "c", "sentAt": "2026-11-20T08:00:00-06:00", "body": b}))
        .collect();
    serde_json::json!({"channel": "sms", "reference": "PK-1", "state": state,
        "participants": [{"id": "c", "name": "José Ramírez", "role": "customer", "phone": "+12145550199"}],
        "messages": messages})
}

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
