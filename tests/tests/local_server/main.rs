//! The local server over real HTTP on 127.0.0.1, as a person with curl would use it.

use casebridge_core::auth::Role;
use casebridge_core::cases::{self, AttachmentState, NewFile};
use casebridge_core::dealers::DealerId;
use casebridge_infra::jwt;
use casebridge_infra::local::{local_secret, LocalEnv};
use casebridge_infra::{demo, server};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

mod an_advisors_day;
mod console;
mod notifications;
mod photos;
mod settings;
mod transcripts;

fn data_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("casebridge-e2e-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn token(dir: &std::path::Path, dealer: &str, role: Role, oem: Option<&str>) -> String {
    let secret = local_secret(dir).unwrap();
    let req = jwt::TokenRequest {
        sub: "e2e-user",
        dealer_id: dealer,
        role,
        oem_id: oem,
        name: Some("Eve Advisor"),
    };
    jwt::mint(&secret, &req, jiff::Timestamp::now().as_second(), 3600).unwrap()
}

async fn seed(dir: &std::path::Path) {
    let env = LocalEnv::open_at(dir, "http://127.0.0.1:9").unwrap();
    demo::seed(&env.app).await.unwrap();
}

async fn send(
    client: &Client,
    method: reqwest::Method,
    url: String,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = client.request(method, url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn signed_post(
    client: &Client,
    url: String,
    dealer: &str,
    body: &Value,
) -> reqwest::RequestBuilder {
    let bytes = serde_json::to_vec(body).unwrap();
    let now = jiff::Timestamp::now().as_second();
    let parsed = reqwest::Url::parse(&url).unwrap();
    let target = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let sig = casebridge_core::auth::signature::sign(
        &demo::demo_connector_secret(dealer),
        now,
        "POST",
        &target,
        &bytes,
    );
    client
        .post(url)
        .header("x-casebridge-dealer", dealer)
        .header("x-casebridge-signature", sig)
        .header("content-type", "application/json")
        .body(bytes)
}

fn pdftotext(pdf: &[u8]) -> String {
    casebridge_testkit::pdf_text(pdf)
}

/// Reads a local outbox (`casebridge outbox sms|email`) until it holds `n` lines, or 15 s.
async fn outbox_lines(file: &std::path::Path, n: usize) -> Vec<Value> {
    for _ in 0..150 {
        let lines: Vec<Value> = std::fs::read_to_string(file)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        if lines.len() >= n {
            return lines;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{} never held {n} lines", file.display());
}
