//! The parts workflow (Parts Hold -> Prokeep group -> claimed / ordered / received back on
//! the case), through the functions' handlers, on the embedded backend and on moto.

use std::sync::Arc;

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::events::DomainEvent;
use casebridge_core::notifications::LOCAL_BUDGET;
use casebridge_core::parts;
use casebridge_core::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};
use casebridge_core::App;
use casebridge_testkit::{parts as split, seed_dealers, signed, TestBackend};
use serde_json::{json, Value};

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

async fn an_escalation_reaches_the_group_and_every_counter_step_lands_on_the_case(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    // When the advisor escalates
    let r = escalate(&b.app, &case).await;
    let id = r["id"].as_str().unwrap();
    assert_eq!(
        (r["state"].as_str(), r["delivery"]["status"].as_str()),
        (Some("escalated"), Some("pending"))
    );
    // Then the delivery (the SNS subscriber) posts it to the group's inbox
    parts::deliver(&b.app, &last_event(&b, "parts.escalated"), LOCAL_BUDGET)
        .await
        .unwrap();
    let sent = b.prokeep.recorded();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0]["to"].as_str(), sent[0]["username"].as_str()),
        (Some("parts-counter"), Some("d1-api"))
    );
    let text = sent[0]["text"].as_str().unwrap();
    // What the counter reads: the request's reference and the case number, never an id
    // (issue 21: this expected the request's and the case's ids before)
    assert_eq!(r["reference"], "PR-1001-1", "{r}");
    assert!(
        !text.contains(id) && !text.contains(case.as_str()),
        "{text}"
    );
    for part in [
        "Parts request PR-1001-1",
        "Case #1001",
        "Johnson Tires",
        "T-101",
        "TRB-4471",
        "2 x HSE-22",
        "Customer waiting",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert_eq!(
        requests(&b.app, &case).await[0]["delivery"]["status"],
        "delivered"
    );
    // And the counter's steps, each sent three times in shuffled order, land once each
    let steps = [claimed("e1"), ordered("e2"), received("e3")];
    for i in [2, 0, 1, 1, 2, 0, 0, 1, 2] {
        let (s, res) = event(&b.app, id, steps[i].clone()).await;
        assert_eq!(s, 200, "{res}");
    }
    let texts = notes(&b.app, &case).await;
    let prokeep_notes: Vec<&String> = texts
        .iter()
        .filter(|t| t.ends_with("PLEASE DO NOT REPLY"))
        .collect();
    assert_eq!(prokeep_notes.len(), 3, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("claimed by Pat Counter")));
    assert!(texts
        .iter()
        .any(|t| t.contains("PO-99812") && t.contains("ETA 2026-11-25")));
    assert!(texts.iter().any(|t| t.contains("received at the counter")));
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(
        (
            r["state"].as_str(),
            r["claim"]["by"].as_str(),
            r["eta"].as_str()
        ),
        (Some("received"), Some("Pat Counter"), Some("2026-11-25"))
    );
    let (_, n) = user(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notes"),
        None,
        "d1",
    )
    .await;
    for note in n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "prokeep")
    {
        assert_eq!(note["visibility"], "internal");
    }
}

async fn events_out_of_order_never_move_the_request_backwards(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    let id = escalate(&b.app, &case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Received before ordered, ordered before claimed
    assert_eq!(
        event(&b.app, &id, received("r")).await.1["state"],
        "received"
    );
    assert_eq!(
        event(&b.app, &id, ordered("o")).await.1["state"],
        "received"
    );
    assert_eq!(
        event(&b.app, &id, claimed("c")).await.1["state"],
        "received"
    );
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(
        r["history"].as_array().unwrap().len(),
        4,
        "escalated + three recorded events"
    );
    assert_eq!(
        r["confirmation"], "PO-99812",
        "a late order still records its confirmation"
    );
    // A claim after the case is closed still lands
    user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "closed"})),
        "d1",
    )
    .await;
    let (s, _) = event(&b.app, &id, json!({"eventId": "x", "type": "cancelled", "occurredAt": "2026-11-26T09:00:00Z", "actor": {"name": "Pat"}})).await;
    assert_eq!(s, 200);
    assert_eq!(
        requests(&b.app, &case).await[0]["state"],
        "received",
        "cancel after received changes nothing"
    );
}

async fn bad_escalations_are_refused_with_a_reason(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, c) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "A"}, "asset": {"unitNumber": "1"}})),
        "d1",
    )
    .await;
    let open = c["id"].as_str().unwrap().to_string();
    let (s, p) = user(
        &b.app,
        "POST",
        &format!("/v1/cases/{open}/parts-escalations"),
        Some(escalation()),
        "d1",
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("Parts Hold"));
    let case = case_on_hold(&b.app).await;
    let path = format!("/v1/cases/{case}/parts-escalations");
    for (body, status, field) in [
        (
            json!({"groupId": "nope", "lines": [{"partNumber": "A", "quantity": 1}]}),
            422,
            "groupId",
        ),
        (
            json!({"groupId": "parts-counter", "lines": []}),
            422,
            "lines",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "A", "quantity": -2}]}),
            422,
            "lines[0].quantity",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "", "quantity": 1}]}),
            422,
            "lines[0].partNumber",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "A", "quantity": "two"}]}),
            400,
            "lines[0].quantity",
        ),
    ] {
        let (s, p) = user(&b.app, "POST", &path, Some(body), "d1").await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (status, Some(field)),
            "{p}"
        );
    }
    // Another dealer sees nothing of the case
    assert_eq!(
        user(&b.app, "POST", &path, Some(escalation()), "d2")
            .await
            .0,
        404
    );
    assert_eq!(
        user(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/parts-requests"),
            None,
            "d2"
        )
        .await
        .0,
        404
    );
    // A counter that does not use Prokeep (Decisiv)
    let mut d = casebridge_core::dealers::load_dealer(&b.app, &DealerId::parse("d1").unwrap())
        .await
        .unwrap();
    d.settings.parts_counter_uses_prokeep = false;
    casebridge_core::dealers::seed_dealer(&b.app, &d)
        .await
        .unwrap();
    let (s, p) = user(&b.app, "POST", &path, Some(escalation()), "d1").await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("does not use Prokeep"));
    assert!(requests(&b.app, &case).await.is_empty(), "nothing recorded");
}

async fn bad_callbacks_are_refused_with_a_reason(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    let id = escalate(&b.app, &case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d1", "wrong", NOW)
            .await
            .0,
        401
    );
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d1", "d1-secret", NOW - 600)
            .await
            .0,
        401
    );
    // d2's connector cannot touch d1's request
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d2", "d2-secret", NOW)
            .await
            .0,
        404
    );
    assert_eq!(event(&b.app, "no-such-request", claimed("a")).await.0, 404);
    let (s, p) = event(&b.app, &id, json!({"eventId": "t", "type": "teleported", "occurredAt": "2026-11-23T09:00:00Z", "actor": {"name": "X"}})).await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (400, Some("type")),
        "{p}"
    );
    let (s, p) = event(&b.app, &id, json!({"eventId": "t", "type": "ordered", "occurredAt": "2026-11-23T09:00:00Z", "actor": {"name": "X"}, "data": {"eta": "next tuesday"}})).await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (400, Some("data.eta")),
        "{p}"
    );
    // The same event id with a different body is a conflict; the same body is answered again
    assert_eq!(event(&b.app, &id, ordered("dup")).await.0, 200);
    let (s, again) = event(&b.app, &id, ordered("dup")).await;
    assert_eq!((s, again["applied"].as_bool()), (200, Some(false)));
    let mut changed = ordered("dup");
    changed["data"]["confirmation"] = json!("PO-OTHER");
    assert_eq!(event(&b.app, &id, changed).await.0, 409);
    assert_eq!(
        notes(&b.app, &case)
            .await
            .iter()
            .filter(|t| t.contains("ordered"))
            .count(),
        1
    );
}

/// Prokeep that fails, as configured.
struct FailingProkeep(DeliveryError);

#[async_trait]
impl ProkeepApi for FailingProkeep {
    async fn send(&self, _: &ProkeepCredentials, _: &ProkeepMessage) -> Result<(), DeliveryError> {
        Err(self.0.clone())
    }
}

async fn a_delivery_that_keeps_failing_ends_on_the_case_as_delivery_failed(mut b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    let escalated = last_event(&b, "parts.escalated");
    // A transient failure is handed back for Lambda to retry
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Transient(
        "503 from Prokeep".into(),
    )));
    let err = parts::deliver(&b.app, &escalated, LOCAL_BUDGET)
        .await
        .unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert_eq!(
        requests(&b.app, &case).await[0]["delivery"]["status"],
        "pending"
    );
    // Past the retries the dead-letter consumer shows it on the case (once, however often)
    parts::delivery_gave_up(&b.app, &escalated, "503 from Prokeep")
        .await
        .unwrap();
    parts::delivery_gave_up(&b.app, &escalated, "503 from Prokeep")
        .await
        .unwrap();
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(r["delivery"]["status"], "failed");
    assert_eq!(
        notes(&b.app, &case)
            .await
            .iter()
            .filter(|t| t.starts_with("Delivery failed"))
            .count(),
        1
    );
    // A permanent refusal (bad credentials) is shown at once, without retries
    let case2 = case_on_hold(&b.app).await;
    escalate(&b.app, &case2).await;
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Permanent(
        "401 bad credentials".into(),
    )));
    parts::deliver(&b.app, &last_event(&b, "parts.escalated"), LOCAL_BUDGET)
        .await
        .unwrap();
    assert_eq!(
        requests(&b.app, &case2).await[0]["delivery"]["status"],
        "failed"
    );
}

async fn an_unclaimed_escalation_is_resent_once_after_the_reminder_window(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    let claimed_case = case_on_hold(&b.app).await;
    let other = escalate(&b.app, &claimed_case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    event(&b.app, &other, claimed("c1")).await;
    // Before the window nothing happens
    b.clock.advance(jiff::SignedDuration::from_mins(14));
    assert_eq!(parts::send_reminders(&b.app).await.unwrap(), 0);
    // After it, the unclaimed one is re-sent once and noted; the claimed one is not
    b.clock.advance(jiff::SignedDuration::from_mins(2));
    assert_eq!(parts::send_reminders(&b.app).await.unwrap(), 1);
    assert_eq!(parts::send_reminders(&b.app).await.unwrap(), 0);
    assert!(notes(&b.app, &case)
        .await
        .iter()
        .any(|t| t.contains("not claimed within 15 minutes")));
    parts::deliver(&b.app, &last_event(&b, "parts.reminder"), LOCAL_BUDGET)
        .await
        .unwrap();
    let sent = b.prokeep.recorded();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]["text"].as_str().unwrap().starts_with("REMINDER"));
    assert_eq!(requests(&b.app, &case).await[0]["delivery"]["sends"], 1);
}

casebridge_testkit::on_every_backend!(
    an_escalation_reaches_the_group_and_every_counter_step_lands_on_the_case,
    events_out_of_order_never_move_the_request_backwards,
    bad_escalations_are_refused_with_a_reason,
    bad_callbacks_are_refused_with_a_reason,
    a_delivery_that_keeps_failing_ends_on_the_case_as_delivery_failed,
    an_unclaimed_escalation_is_resent_once_after_the_reminder_window,
);

/// Locally, delivery runs like Lambda's asynchronous invocation: retried in the background,
/// then dead-lettered onto the case.
#[tokio::test]
async fn locally_a_failing_prokeep_is_retried_then_shown_on_the_case() {
    use casebridge_core::ports::EventHandler;
    use casebridge_embedded::in_process::AsyncInvoke;
    let mut b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Transient(
        "connection refused".into(),
    )));
    let delivery = Arc::new(parts::ProkeepDelivery { app: b.app.clone() });
    let invoke = AsyncInvoke {
        handler: delivery.clone(),
        dead_letter: delivery,
        attempts: 3,
        pause: std::time::Duration::from_millis(10),
    };
    invoke
        .handle(&last_event(&b, "parts.escalated"))
        .await
        .unwrap();
    let mut status = Value::Null;
    for _ in 0..200 {
        status = requests(&b.app, &case).await[0]["delivery"]["status"].clone();
        if status == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(status, "failed");
    let texts = notes(&b.app, &case).await;
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Delivery failed") && t.contains("connection refused")),
        "{texts:?}"
    );
}
