//! Case users on the cases API, end to end through the handler, on the embedded backend and
//! on DynamoDB/S3/SNS in moto (`embedded::…` and `moto::…`).

use casebridge_core::cases::{self, AttachmentState, NewFile};
use casebridge_core::dealers::DealerId;
use casebridge_core::App;
use casebridge_testkit::{as_user, parts, request, seed_dealers, TestBackend};
use serde_json::{json, Value};

mod case_life;
mod notes_and_attachments;
mod refusals;
mod settings_and_estimates;

async fn call(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
    role: &str,
) -> (u16, Value) {
    let req = as_user(request(method, path, body.as_ref()), dealer, role, None);
    parts(&casebridge_testkit::send_to_api(app, req).await)
}

async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, method, path, body, "d1", "advisor").await
}

fn new_case(name: &str, unit: &str) -> Value {
    json!({"customer": {"name": name}, "asset": {"unitNumber": unit, "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680"}})
}

async fn create(app: &App, name: &str) -> String {
    let (status, case) = advisor(app, "POST", "/v1/cases", Some(new_case(name, "U-1"))).await;
    assert_eq!(status, 201, "{case}");
    case["id"].as_str().unwrap().to_string()
}
