//! The parts workflow (Parts Hold -> Prokeep group -> claimed / ordered / received back on
//! the case), through the functions' handlers, on the embedded backend and on moto.

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::events::DomainEvent;
use casebridge_core::notifications::LOCAL_BUDGET;
use casebridge_core::parts;
use casebridge_core::ports::functions;
use casebridge_core::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};
use casebridge_core::App;
use casebridge_testkit::{parts as split, seed_dealers, signed, TestBackend};
use serde_json::{json, Value};
use std::sync::Arc;

mod counter_steps;
mod delivery;
mod refusals;

const NOW: i64 = 1_795_424_400; // the test clock, 2026-11-23T09:00:00Z

async fn user(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
) -> (u16, Value) {
    casebridge_testkit::user(app, method, path, body, (dealer, "advisor", None)).await
}

async fn callback(
    app: &App,
    request_id: &str,
    body: &Value,
    dealer: &str,
    secret: &str,
    t: i64,
) -> (u16, Value) {
    let bytes = serde_json::to_vec(body).unwrap();
    let req = signed(
        "POST",
        &format!("/v1/prokeep/parts-requests/{request_id}/events"),
        &bytes,
        dealer,
        secret,
        t,
    );
    split(&casebridge_testkit::send_to_api(app, req).await)
}

async fn event(app: &App, request_id: &str, body: Value) -> (u16, Value) {
    callback(app, request_id, &body, "d1", "d1-secret", NOW).await
}

fn escalation() -> Value {
    json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1},
        {"partNumber": "HSE-22", "description": "Intake hose", "quantity": 2}], "note": "Customer waiting"})
}

/// A d1 case on Parts Hold.
async fn case_on_hold(app: &App) -> String {
    let (_, c) = user(app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-101", "vin": "1XKYD49X0MJ441256"}})), "d1").await;
    let id = c["id"].as_str().unwrap().to_string();
    let (s, _) = user(
        app,
        "POST",
        &format!("/v1/cases/{id}/status"),
        Some(json!({"status": "parts_hold"})),
        "d1",
    )
    .await;
    assert_eq!(s, 200);
    id
}

async fn escalate(app: &App, case: &str) -> Value {
    let (s, r) = user(
        app,
        "POST",
        &format!("/v1/cases/{case}/parts-escalations"),
        Some(escalation()),
        "d1",
    )
    .await;
    assert_eq!(s, 201, "{r}");
    r
}

fn last_event(b: &TestBackend, kind: &str) -> DomainEvent {
    b.events
        .events()
        .into_iter()
        .rev()
        .find(|e| e.kind().as_str() == kind)
        .unwrap()
}

async fn notes(app: &App, case: &str) -> Vec<String> {
    let (_, n) = user(app, "GET", &format!("/v1/cases/{case}/notes"), None, "d1").await;
    n["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect()
}

async fn requests(app: &App, case: &str) -> Vec<Value> {
    let (s, l) = user(
        app,
        "GET",
        &format!("/v1/cases/{case}/parts-requests"),
        None,
        "d1",
    )
    .await;
    assert_eq!(s, 200, "{l}");
    l["items"].as_array().unwrap().clone()
}

fn claimed(id: &str) -> Value {
    json!({"eventId": id, "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z", "actor": {"name": "Pat Counter"}})
}

fn ordered(id: &str) -> Value {
    json!({"eventId": id, "type": "ordered", "occurredAt": "2026-11-23T09:20:00Z", "actor": {"name": "Pat Counter"}, "data": {"confirmation": "PO-99812", "eta": "2026-11-25"}})
}

fn received(id: &str) -> Value {
    json!({"eventId": id, "type": "received", "occurredAt": "2026-11-25T14:00:00Z", "actor": {"name": "Sam Receiving"}})
}
