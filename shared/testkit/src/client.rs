//! One test client for every scenario: requests go through every HTTP function's routes
//! merged (the local server's [`casebridge_infra::server::api`]), served with the layers each
//! function adds, as API Gateway would route them. A Case user's request carries the claims
//! the JWT authorizer hands over; a connector's is signed as the connector signs.

use casebridge_core::App;
use serde_json::Value;

use crate::requests::{as_user, parts, request, send, signed, Reply};

/// Every HTTP function's routes, each over `app` as that function wires it.
pub fn api(app: &App) -> axum::Router {
    casebridge_http::layers::finish(casebridge_infra::server::routes_as_deployed(app))
}

/// Who calls: a dealer (or `""` for a platform admin), a role, an OEM.
pub type User<'a> = (&'a str, &'a str, Option<&'a str>);

/// An advisor of dealer d1.
pub const D1_ADVISOR: User<'static> = ("d1", "advisor", None);

/// Any request (a form, a raw body), through the whole API.
pub async fn send_to_api(app: &App, req: http::Request<axum::body::Body>) -> Reply {
    send(api(app), req).await
}

/// A form as the mobile page's browser posts it: status and the page answered.
pub async fn post_form(app: &App, path: &str, body: &str) -> (u16, String) {
    let reply = send_to_api(app, crate::requests::form_request(path, body)).await;
    (reply.status().as_u16(), reply.text())
}

/// A Case user's call; the whole reply.
pub async fn user_reply(
    app: &App,
    method: &str,
    path: &str,
    body: Option<&Value>,
    (dealer, role, oem): User<'_>,
) -> Reply {
    let req = as_user(request(method, path, body), dealer, role, oem);
    send_to_api(app, req).await
}

/// A Case user's call: status and JSON body.
pub async fn user(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    who: User<'_>,
) -> (u16, Value) {
    parts(&user_reply(app, method, path, body.as_ref(), who).await)
}

/// An advisor of dealer d1 calls.
pub async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    user(app, method, path, body, D1_ADVISOR).await
}

/// A call from d1's connector, signed with its secret at the test clock's time.
pub async fn connector(app: &App, method: &str, path: &str, body: &[u8]) -> Reply {
    let now = app.clock.now().as_second();
    let req = signed(method, path, body, "d1", "d1-secret", now);
    send_to_api(app, req).await
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
