//! Estimates through the whole API on both backends: an advisor builds one, asks an invited
//! contact to approve it with the Quick Action, records the customer's decisions, revises a
//! line, and only that line is asked about again.

#[path = "../common/mod.rs"]
mod common;

use casebridge_core::ports::functions;
use casebridge_testkit::{seed_dealers, TestBackend};
use common::advisor;
use serde_json::{json, Value};

mod advisor_hears;
mod approve_all;
mod asking_and_deciding;
mod authorising;
mod jobs;
mod languages;
mod light_page;
mod on_the_page;
mod photos;
mod reads;
mod seen_and_reminded;
mod totals;
mod two_views;
mod version_pdf;

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

/// The advisor changes line `line`'s unit price on estimate `id` (every other line as it
/// is); answers the estimate revised.
async fn reprice(b: &TestBackend, case: &str, id: &str, line: usize, cents: i64) -> Value {
    let path = format!("/v1/cases/{case}/estimates/{id}");
    let (s, current) = advisor(&b.app, "GET", &path, None).await;
    assert_eq!(s, 200, "{current}");
    let mut lines = as_input(&current);
    lines[line]["unitPriceCents"] = json!(cents);
    let (s, revised) = advisor(&b.app, "PUT", &path, Some(json!({"lines": lines}))).await;
    assert_eq!(s, 200, "{revised}");
    revised
}

/// The advisor asks `contact` to approve estimate `id` (the Quick Action).
async fn ask_approval(b: &TestBackend, case: &str, id: &str, contact: &str) {
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [contact]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

/// Runs case-notify on every event published since `from` (as the SNS subscription would);
/// answers how many events there are now.
async fn notify_since(b: &TestBackend, from: usize) -> usize {
    let events = b.events.events();
    for e in events.iter().skip(from) {
        b.notify(e).await.unwrap();
    }
    events.len()
}

/// The path (`/m/<token>`) of the link in the last text to `phone` that says `saying`.
async fn link_texted(b: &TestBackend, phone: &str, saying: &str) -> String {
    let texts = b.texts().await;
    let text = texts
        .iter()
        .rev()
        .find(|(to, body)| to == phone && body.contains(saying))
        .map(|(_, body)| body.clone())
        .unwrap_or_else(|| panic!("no text to {phone} says {saying:?}: {texts:?}"));
    format!("/m/{}", text.rsplit("/m/").next().unwrap().trim())
}

/// A page as a phone gets it: status and HTML.
async fn open(b: &TestBackend, path: &str) -> (u16, String) {
    let r = common::send_to_api(&b.app, casebridge_testkit::request("GET", path, None)).await;
    (r.status().as_u16(), r.text())
}

/// What a person reads on a page: the text between the tags, outside the style and script.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    for skip in ["<style>", "<script>"] {
        if let (Some(a), Some(b)) = (rest.find(skip), rest.find(&skip.replace('<', "</"))) {
            out.push_str(&rest[..a]);
            rest = &rest[b..];
        }
    }
    out.push_str(rest);
    let mut text = String::new();
    let mut in_tag = false;
    for c in out.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether `text` holds something shaped like a UUID (8-4-4-4-12 hex digits).
fn has_uuid(text: &str) -> bool {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(35)).any(|i| {
        b[i..i + 36].iter().enumerate().all(|(j, c)| match j {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
    })
}
