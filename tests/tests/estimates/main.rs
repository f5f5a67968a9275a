//! Estimates through the whole API on both backends: an advisor builds one, asks an invited
//! contact to approve it with the Quick Action, records the customer's decisions, revises a
//! line, and only that line is asked about again.

#[path = "../common/mod.rs"]
mod common;

use casebridge_testkit::{seed_dealers, TestBackend};
use common::advisor;
use serde_json::{json, Value};

mod approve_all;
mod asking_and_deciding;
mod on_the_page;
mod reads;
mod totals;

/// A case of d1 with one invited contact; answers (case id, contact id).
async fn case_with_contact(b: &TestBackend) -> (String, String) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Jo Fleet Inc"}, "asset": {"unitNumber": "T-7"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let (s, jo) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Jo Fleet", "mobile": "+12145550123", "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{jo}");
    let jo = jo["id"].as_str().unwrap().to_string();
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": jo})),
    )
    .await;
    assert!(s == 200 || s == 201, "{v}");
    (case, jo)
}

fn line(kind: &str, description: &str, quantity: f64, cents: i64) -> Value {
    json!({"kind": kind, "description": description, "quantity": quantity, "unitPriceCents": cents})
}

/// The lines as a revision sends them back (ids kept).
fn as_input(estimate: &Value) -> Vec<Value> {
    estimate["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({"id": l["id"], "kind": l["kind"], "description": l["description"],
            "quantity": l["quantity"], "unitPriceCents": l["unitPriceCents"], "taxable": l["taxable"]}))
        .collect()
}

/// An estimate of a brake job, two tyres (described as `tyres`) and wipers on `case`;
/// answers its id and its line ids.
async fn brakes_tyres_wipers(b: &TestBackend, case: &str, tyres: &str) -> (String, Vec<String>) {
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            line("labor", "Brake job", 2.0, 60000),
            line("part", tyres, 2.0, 45000),
            line("part", "Wipers", 2.0, 1500)
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let ids = est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (est["id"].as_str().unwrap().to_string(), ids)
}
