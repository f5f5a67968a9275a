//! Two-way SMS: contacts, invitations, the reply-mode policy, notifications for notes and
//! Quick Actions, inbound replies with STOP/HELP — on the embedded backend and on SNS in moto.

use casebridge_core::events::DomainEvent;
use casebridge_core::ports::{OutgoingSms, SmsError};
use casebridge_core::sms::inbound::{self, Inbound, TwoWaySms};
use casebridge_core::sms::segments;
use casebridge_core::App;
use casebridge_testkit::{request, seed_dealers, TestBackend};
use serde_json::{json, Value};

mod contacts;
mod page;
mod replies;
mod reply_mode;
mod texts;

async fn call(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
    role: &str,
    oem: Option<&str>,
) -> (u16, Value) {
    casebridge_testkit::user(app, method, path, body, (dealer, role, oem)).await
}

async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, method, path, body, "d1", "advisor", None).await
}

const ANN: &str = "+12145550101";

const BOB: &str = "+12145550102";

/// A d1 customer and case, with an ongoing contact (Ann) and a one-time contact (Bob), both
/// invited. Answers (case id, Ann's id, Bob's id, d1's texting number).
async fn setup(b: &TestBackend) -> (String, String, String, String) {
    seed_dealers(&b.app).await;
    let (_, customer) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Johnson Tires"})),
    )
    .await;
    let cu = customer["id"].as_str().unwrap();
    let (s, case) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Johnson Tires", "id": cu}, "asset": {"unitNumber": "T-101"}}))).await;
    assert_eq!(s, 201);
    let case = case["id"].as_str().unwrap().to_string();
    let (s, ann) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{cu}/contacts"),
        Some(json!({"name": "Ann Fleet", "mobile": ANN, "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{ann}");
    let (s, bob) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Bob Driver", "mobile": BOB, "smsOptIn": true})),
    )
    .await;
    assert_eq!((s, bob["ongoing"].as_bool()), (201, Some(false)), "{bob}");
    let (ann, bob) = (
        ann["id"].as_str().unwrap().to_string(),
        bob["id"].as_str().unwrap().to_string(),
    );
    for c in [&ann, &bob] {
        let (s, v) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/invitations"),
            Some(json!({"contactId": c})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    let number = casebridge_core::dealers::load_dealer(
        &b.app,
        &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
    )
    .await
    .unwrap()
    .sms_origination_number
    .unwrap();
    (case, ann, bob, number)
}

/// Runs case-notify on every event published since `from` (as the SNS subscription would).
async fn notify_since(b: &TestBackend, from: usize) -> Vec<DomainEvent> {
    let events: Vec<DomainEvent> = b.events.events().into_iter().skip(from).collect();
    for e in &events {
        b.notify(e).await.unwrap();
    }
    events
}

fn to(texts: &[(String, String)], phone: &str) -> Vec<String> {
    texts
        .iter()
        .filter(|(p, _)| p == phone)
        .map(|(_, t)| t.clone())
        .collect()
}

fn reply(from: &str, to: &str, body: &str, id: &str, previous: Option<String>) -> TwoWaySms {
    TwoWaySms {
        origination_number: from.into(),
        destination_number: to.into(),
        message_keyword: None,
        message_body: body.into(),
        inbound_message_id: id.into(),
        previous_published_message_id: previous,
    }
}
