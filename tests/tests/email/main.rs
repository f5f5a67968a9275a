//! Email beside SMS, the recipients an advisor chooses, and the delivery log — on the
//! embedded backend and on moto (SES v2 with a verified sending domain, SNS for texts).
//!
//! Jo Fleet is the case's primary contact (texts and email), Dave the driver (texts only),
//! Olga another contact of the fleet (texts, not invited).

#[path = "../common/mod.rs"]
mod common;

use casebridge_core::events::{DomainEvent, EventKind};
use casebridge_core::notifications::feedback;
use casebridge_core::notifications::gave_up::notify_gave_up;
use casebridge_core::ports::functions;
use casebridge_core::ports::{EmailError, OutgoingEmail, OutgoingSms, SmsError, SmsSender};
use casebridge_testkit::{form_request, request, seed_dealers, TestBackend};
use common::{advisor, api};
use serde_json::{json, Value};
use std::sync::Arc;

mod decided_copy;
mod failures;
mod reaching;
mod stopping;

const JO_MOBILE: &str = "+12145550101";

const JO_EMAIL: &str = "jo@fleet.example";

const DAVE_MOBILE: &str = "+12145550102";

const OLGA_MOBILE: &str = "+12145550103";

/// Given a case opened with Jo (primary), Dave (driver) and Olga (other): its id and the
/// three contact ids.
async fn case_with_fleet_contacts(b: &TestBackend) -> (String, String, String, String) {
    seed_dealers(&b.app).await;
    let (status, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({
            "customer": {"name": "Fleet Co"},
            "asset": {"unitNumber": "T-680"},
            "contacts": [
                {"name": "Jo Fleet", "mobile": JO_MOBILE, "email": JO_EMAIL,
                 "smsOptIn": true, "emailOptIn": true, "caseRole": "primary"},
                {"name": "Dave Driver", "mobile": DAVE_MOBILE, "smsOptIn": true, "caseRole": "driver"},
                {"name": "Olga Other", "mobile": OLGA_MOBILE, "smsOptIn": true},
            ],
        })),
    )
    .await;
    assert_eq!(status, 201, "{case}");
    let contacts = case["contacts"].as_array().unwrap();
    let roles: Vec<(&str, &str, bool)> = contacts
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["caseRole"].as_str().unwrap(),
                c["recipient"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("Jo Fleet", "primary", true),
            ("Dave Driver", "driver", true),
            ("Olga Other", "other", false),
        ]
    );
    let id = |i: usize| contacts[i]["id"].as_str().unwrap().to_string();
    (
        case["id"].as_str().unwrap().to_string(),
        id(0),
        id(1),
        id(2),
    )
}

/// Runs case-notify on every event published since `from`.
async fn notify_since(b: &TestBackend, from: usize) -> usize {
    let events: Vec<DomainEvent> = b.events.events().into_iter().skip(from).collect();
    for e in &events {
        b.notify(e).await.unwrap();
    }
    b.events.events().len()
}

fn texts_to(texts: &[(String, String)], phone: &str) -> Vec<String> {
    texts
        .iter()
        .filter(|(p, _)| p == phone)
        .map(|(_, t)| t.clone())
        .collect()
}

async fn note(b: &TestBackend, case: &str, body: Value) -> (u16, Value) {
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(body),
    )
    .await
}

async fn log(b: &TestBackend, case: &str) -> Vec<Value> {
    let (status, log) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notifications"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{log}");
    log["items"].as_array().unwrap().clone()
}

/// The log's entries as (contact name, channel, status), in the log's order.
fn summary(entries: &[Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            (
                e["contactName"].as_str().unwrap().to_string(),
                e["channel"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn triple(name: &str, channel: &str, status: &str) -> (String, String, String) {
    (name.into(), channel.into(), status.into())
}

/// The href of the first link whose path contains `marker` in an email's HTML.
fn link_in(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let start = html[..at].rfind('"').unwrap() + 1;
    let end = at + html[at..].find('"').unwrap();
    html[start..end].replace("&amp;", "&")
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    format!("/{}", after_scheme.split_once('/').unwrap().1)
}

async fn system_notes(b: &TestBackend, case: &str) -> Vec<String> {
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "system")
        .map(|n| {
            assert_eq!(n["visibility"], "internal");
            n["text"].as_str().unwrap().to_string()
        })
        .collect()
}

/// What SES would publish about `message_id`.
fn ses_report(kind: &str, message_id: &str) -> String {
    let mail = json!({"messageId": message_id, "source": "service-d1@dealers.example", "destination": [JO_EMAIL], "timestamp": "2026-11-23T09:00:05Z"});
    match kind {
        "Delivery" => json!({"eventType": "Delivery", "mail": mail, "delivery": {"recipients": [JO_EMAIL], "smtpResponse": "250 ok"}}),
        "Bounce" => json!({"eventType": "Bounce", "mail": mail, "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": JO_EMAIL, "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}}),
        _ => unreachable!(),
    }
    .to_string()
}
