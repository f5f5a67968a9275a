//! Fault injection (issue 10): every store, blob, bus, SMS and email call that attaching a thread,
//! closing it, a parts callback, a parts delivery, a notification and an inbound reply or
//! STOP make fails once — and, in a second run, times out once (the call happened, its answer
//! was lost) — and the caller retries as Prokeep's connector or Lambda would: up to three
//! attempts a minute apart, then a late redelivery of the same request, then the outbox
//! relay. Afterwards the invariants hold: one current PDF per thread, no lost or duplicated
//! note, reply, opt-out, text, email or Prokeep post, and every event the clean run published.
//!
//! Each operation first runs clean to count its calls; then once per call and per fault.
//! Embedded backend only: the calls are the same on AWS, and the adapters' own error
//! mapping is covered by the conformance suite.

use std::collections::BTreeSet;

use casebridge_core::cases::{Attachment, AttachmentState, Note};
use casebridge_core::dealers::DealerId;
use casebridge_core::events::{self, DomainEvent};
use casebridge_core::ids::CaseId;
use casebridge_core::keys;
use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};
use casebridge_core::parts::{self, PartsRequest, PartsState};
use casebridge_core::ports::{functions, BlobKey, Order, PageRequest};
use casebridge_core::sms::inbound::{self, Inbound, TwoWaySms};
use casebridge_core::App;
use casebridge_testkit::faults::{with_faults, Fault};
use casebridge_testkit::{parts as split, seed_dealers, TestBackend};
use common::thread;
use serde_json::{json, Value};

#[path = "../common/mod.rs"]
mod common;
mod then;

use then::then;

const ANN: &str = "+12145550101";

#[derive(Debug, Clone, Copy)]
enum Step {
    Attach,
    Close,
    PartsCallback,
    PartsDelivery,
    Notify,
    Reply,
    Stop,
}

/// What the scenario was set up with, before the step under test.
struct Given {
    case: String,
    request_id: Option<String>,
    event: Option<DomainEvent>,
    number: String,
    texts_before: usize,
}

async fn user(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    common::advisor(app, method, path, body).await
}

async fn connector(app: &App, path: &str, body: Value) -> (u16, Value) {
    let bytes = serde_json::to_vec(&body).unwrap();
    split(&common::connector(app, "POST", path, &bytes).await)
}

fn reply(number: &str, body: &str, id: &str) -> TwoWaySms {
    TwoWaySms {
        origination_number: ANN.into(),
        destination_number: number.into(),
        message_keyword: None,
        message_body: body.into(),
        inbound_message_id: id.into(),
        previous_published_message_id: None,
    }
}

fn last_event(b: &TestBackend, kind: &str) -> DomainEvent {
    b.events
        .events()
        .into_iter()
        .rev()
        .find(|e| e.kind().as_str() == kind)
        .unwrap_or_else(|| panic!("no {kind} event"))
}

/// Sets the scene for `step` on a clean App.
async fn given(b: &TestBackend, step: Step) -> Given {
    seed_dealers(&b.app).await;
    let dealer = casebridge_core::dealers::load_dealer(&b.app, &DealerId::parse("d1").unwrap())
        .await
        .unwrap();
    let (s, case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-101"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let mut given = Given {
        case: case.clone(),
        request_id: None,
        event: None,
        number: dealer.sms_origination_number.unwrap(),
        texts_before: 0,
    };
    match step {
        Step::Attach => {}
        Step::Close => {
            let (s, a) = attach(&b.app, &case).await;
            assert_eq!(s, 201, "{a}");
        }
        Step::PartsCallback | Step::PartsDelivery => {
            let (s, _) = user(
                &b.app,
                "POST",
                &format!("/v1/cases/{case}/status"),
                Some(json!({"status": "parts_hold"})),
            )
            .await;
            assert_eq!(s, 200);
            let (s, r) = user(&b.app, "POST", &format!("/v1/cases/{case}/parts-escalations"),
                Some(json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "quantity": 1}]}))).await;
            assert_eq!(s, 201, "{r}");
            given.request_id = Some(r["id"].as_str().unwrap().to_string());
            let escalated = last_event(b, "parts.escalated");
            if let Step::PartsCallback = step {
                parts::deliver(
                    &b.app.as_function(&functions::PROKEEP_DELIVERY),
                    &escalated,
                    LOCAL_BUDGET,
                )
                .await
                .unwrap();
            }
            given.event = Some(escalated);
        }
        Step::Notify | Step::Reply | Step::Stop => {
            // Notified, Ann is texted and emailed; replying, she only texts.
            let mut fields = json!({"name": "Ann Fleet", "mobile": ANN, "smsOptIn": true});
            if let Step::Notify = step {
                fields["email"] = json!("ann@fleet.example");
                fields["emailOptIn"] = json!(true);
            }
            let (s, ann) = user(
                &b.app,
                "POST",
                &format!("/v1/cases/{case}/contacts"),
                Some(fields),
            )
            .await;
            assert_eq!(s, 201, "{ann}");
            let (s, v) = user(
                &b.app,
                "POST",
                &format!("/v1/cases/{case}/invitations"),
                Some(json!({"contactId": ann["id"]})),
            )
            .await;
            assert_eq!(s, 201, "{v}");
            let (s, n) = user(
                &b.app,
                "POST",
                &format!("/v1/cases/{case}/notes"),
                Some(json!({"text": "Turbo replaced, test drive at 3", "visibility": "external"})),
            )
            .await;
            assert_eq!(s, 201, "{n}");
            let noted = last_event(b, "note.created");
            if let Step::Notify = step {
                given.event = Some(noted);
            } else {
                // Ann was texted, so her answers find the case.
                assert_eq!(b.notify(&noted).await.unwrap(), 1);
            }
        }
    }
    given.texts_before = b.texts().await.len();
    given
}

async fn attach(app: &App, case: &str) -> (u16, Value) {
    connector(
        app,
        "/v1/prokeep/threads/t1/attachments",
        json!({"caseId": case, "thread": thread("open", &["hello"])}),
    )
    .await
}

/// One attempt of the step, as its caller makes it: true when the caller sees success
/// (and so stops retrying).
async fn attempt(app: &App, step: Step, g: &Given) -> bool {
    match step {
        Step::Attach => matches!(attach(app, &g.case).await.0, 200 | 201),
        Step::Close => {
            let body = json!({"thread": thread("closed", &["hello", "bye"])});
            connector(app, "/v1/prokeep/threads/t1/close", body).await.0 == 200
        }
        Step::PartsCallback => {
            let id = g.request_id.as_deref().unwrap();
            let body = json!({"eventId": "e1", "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z", "actor": {"name": "Pat Counter"}});
            let path = format!("/v1/prokeep/parts-requests/{id}/events");
            connector(app, &path, body).await.0 == 200
        }
        Step::PartsDelivery => parts::deliver(
            &app.as_function(&functions::PROKEEP_DELIVERY),
            g.event.as_ref().unwrap(),
            LOCAL_BUDGET,
        )
        .await
        .is_ok(),
        Step::Notify => notify_case_event(
            &app.as_function(&functions::CASE_NOTIFY),
            g.event.as_ref().unwrap(),
            LOCAL_BUDGET,
        )
        .await
        .is_ok(),
        Step::Reply | Step::Stop => {
            let (body, done) = match step {
                Step::Reply => ("Approved, go ahead", Inbound::Noted),
                _ => ("STOP", Inbound::OptedOut),
            };
            match inbound::receive(
                &app.as_function(&functions::SMS_INBOUND),
                &reply(&g.number, body, "in-1"),
                LOCAL_BUDGET,
            )
            .await
            {
                Ok(answer) => {
                    assert!(answer == done || answer == Inbound::Duplicate, "{answer:?}");
                    true
                }
                Err(_) => false,
            }
        }
    }
}

async fn case_items<T: serde::de::DeserializeOwned>(app: &App, case: &str, prefix: &str) -> Vec<T> {
    let dealer = DealerId::parse("d1").unwrap();
    let pk = keys::case_partition(&dealer, &CaseId::parse(case).unwrap());
    let page = app
        .store
        .query(&pk, prefix, PageRequest::first(100, Order::Ascending))
        .await
        .unwrap();
    page.items.iter().map(|i| i.record().unwrap()).collect()
}

/// The thread's one attachment, checked against the PDF it points at.
async fn the_one_transcript(b: &TestBackend, g: &Given, why: &str) -> Attachment {
    let all: Vec<Attachment> = case_items(&b.app, &g.case, keys::ATTACHMENT_PREFIX).await;
    assert_eq!(all.len(), 1, "{why}: {all:?}");
    let a = all.into_iter().next().unwrap();
    let key = BlobKey::parse_for(&DealerId::parse("d1").unwrap(), &a.blob_key).unwrap();
    let pdf = b
        .app
        .blobs
        .get(&key, Some(&a.blob_version_id))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{why}: the attachment's PDF version is missing"));
    assert!(pdf.bytes.starts_with(b"%PDF"), "{why}");
    assert_eq!(pdf.bytes.len() as u64, a.size, "{why}");
    a
}

/// Runs `step` with `fault` armed at the `at`-th call; answers how many calls the first
/// attempt made and the kinds of event published from the step on.
async fn run(step: Step, fault: Option<(usize, Fault)>) -> (usize, BTreeSet<&'static str>) {
    let b = TestBackend::embedded();
    let g = given(&b, step).await;
    let published_before = b.events.events().len();
    let (app, faults) = with_faults(&b.app);
    if let Some((at, f)) = fault {
        faults.arm(at, f);
    }
    let start = faults.calls();
    let mut ok = attempt(&app, step, &g).await;
    let calls = faults.calls() - start;
    let why = format!(
        "{step:?} with {}",
        faults.fired().unwrap_or("no fault".into())
    );
    if fault.is_some() {
        assert!(
            faults.fired().is_some(),
            "{why}: the armed fault never fired"
        );
    }
    let mut attempts = 1;
    while !ok {
        assert!(
            attempts < 3,
            "{why}: still failing after {attempts} attempts"
        );
        b.clock.advance(jiff::SignedDuration::from_secs(61));
        ok = attempt(&app, step, &g).await;
        attempts += 1;
    }
    // A late redelivery of what already succeeded changes nothing.
    b.clock.advance(jiff::SignedDuration::from_secs(61));
    assert!(
        attempt(&app, step, &g).await,
        "{why}: the redelivery failed"
    );
    // Events whose publication failed leave the outbox with the relay.
    b.clock.advance(events::RELAY_MIN_AGE);
    let relayed = events::relay(&b.app.as_function(&functions::OUTBOX_RELAY))
        .await
        .unwrap();
    assert_eq!((relayed.failed, relayed.parked), (0, 0), "{why}");
    then(&b, step, &g, &why).await;
    let kinds = b.events.events()[published_before..]
        .iter()
        .map(|e| e.kind().as_str())
        .collect();
    (calls, kinds)
}

/// Every call of `step`, failing once and timing out once.
async fn every_call_fails_once(step: Step) {
    let (calls, clean_kinds) = run(step, None).await;
    assert!(calls > 0, "{step:?} made no calls");
    eprintln!("{step:?}: {calls} calls, each failing once and timing out once");
    for at in 1..=calls {
        for fault in [Fault::Fail, Fault::Timeout] {
            let (_, kinds) = run(step, Some((at, fault))).await;
            assert_eq!(
                kinds, clean_kinds,
                "{step:?}, call {at} {fault:?}: events published"
            );
        }
    }
}

#[tokio::test]
async fn attaching_a_thread_survives_any_one_failed_call() {
    every_call_fails_once(Step::Attach).await;
}

#[tokio::test]
async fn closing_a_thread_survives_any_one_failed_call() {
    every_call_fails_once(Step::Close).await;
}

#[tokio::test]
async fn a_parts_callback_survives_any_one_failed_call() {
    every_call_fails_once(Step::PartsCallback).await;
}

#[tokio::test]
async fn a_parts_delivery_survives_any_one_failed_call() {
    every_call_fails_once(Step::PartsDelivery).await;
}

#[tokio::test]
async fn a_notification_survives_any_one_failed_call() {
    every_call_fails_once(Step::Notify).await;
}

#[tokio::test]
async fn a_customer_reply_survives_any_one_failed_call() {
    every_call_fails_once(Step::Reply).await;
}

#[tokio::test]
async fn a_stop_survives_any_one_failed_call() {
    every_call_fails_once(Step::Stop).await;
}
