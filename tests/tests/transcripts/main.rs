//! Conversation transcripts (issue: Prokeep thread -> PDF on the case), through the
//! functions' handlers, on the embedded backend and on DynamoDB/S3/SNS in moto.

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{BlobKey, BlobStore, BlobVersion, StoreError, StoredBlob};
use casebridge_core::App;
use casebridge_testkit::{as_user, parts, request, seed_dealers, signed, TestBackend};
use serde_json::{json, Value};
use std::sync::Arc;
use tokio::sync::Notify;

mod attaching;
mod bad_input;
mod closing;
mod cost;

const NOW: i64 = 1_795_424_400; // 2026-11-23T09:00:00Z, the test clock

fn thread(state: &str, bodies: &[&str]) -> Value {
    let messages: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            json!({"id": format!("m{i}"), "senderId": if i % 2 == 0 { "c" } else { "a" },
            "sentAt": format!("2026-11-20T08:{:02}:00-06:00", i % 60), "body": b})
        })
        .collect();
    json!({"channel": "sms", "reference": "PK-1", "state": state,
        "participants": [{"id": "c", "name": "José Ramírez", "role": "customer", "phone": "+12145550199"},
                         {"id": "a", "name": "Dana Ortiz", "role": "advisor"}],
        "messages": messages})
}

async fn connector(
    app: &App,
    method: &str,
    path: &str,
    body: &Value,
    dealer: &str,
) -> (u16, Value) {
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(body).unwrap()
    };
    let req = signed(
        method,
        path,
        &bytes,
        dealer,
        &format!("{dealer}-secret"),
        NOW,
    );
    parts(&casebridge_testkit::send_to_api(app, req).await)
}

async fn attach(app: &App, thread_id: &str, case: &str, t: Value) -> (u16, Value) {
    connector(
        app,
        "POST",
        &format!("/v1/prokeep/threads/{thread_id}/attachments"),
        &json!({"caseId": case, "thread": t}),
        "d1",
    )
    .await
}

async fn close(app: &App, thread_id: &str, t: Value) -> (u16, Value) {
    connector(
        app,
        "POST",
        &format!("/v1/prokeep/threads/{thread_id}/close"),
        &json!({"thread": t}),
        "d1",
    )
    .await
}

async fn new_case(app: &App, dealer: &str, name: &str) -> String {
    let body = json!({"customer": {"name": name}, "asset": {"unitNumber": "T-1", "vin": "1XKYD49X0MJ441256"}});
    let (s, c) = parts(
        &casebridge_testkit::send_to_api(
            app,
            as_user(
                request("POST", "/v1/cases", Some(&body)),
                dealer,
                "advisor",
                None,
            ),
        )
        .await,
    );
    assert_eq!(s, 201, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn attachments(app: &App, case: &str) -> Vec<Value> {
    let (s, l) = parts(
        &casebridge_testkit::send_to_api(
            app,
            as_user(
                request("GET", &format!("/v1/cases/{case}/attachments"), None),
                "d1",
                "advisor",
                None,
            ),
        )
        .await,
    );
    assert_eq!(s, 200, "{l}");
    l["items"].as_array().unwrap().clone()
}

async fn pdf_versions(app: &App, case: &str, thread: &str) -> Vec<BlobVersion> {
    let key = BlobKey::for_dealer(
        &DealerId::parse("d1").unwrap(),
        &["cases", case, "threads", &format!("{thread}.pdf")],
    )
    .unwrap();
    app.blobs.versions(&key).await.unwrap()
}
