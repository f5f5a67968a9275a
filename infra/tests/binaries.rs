//! The contract people and scripts rely on: the `casebridge` CLI and the `casebridge-local`
//! binary, driven as a newcomer would from the README (DESIGN.md "Names that scripts and
//! people rely on").

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use casebridge_core::auth::signature;

mod common;

use common::*;

#[test]
fn seed_demo_twice_changes_nothing_the_second_time() {
    let dir = data_dir();
    let (ok, first, err) = cli(&dir, &["seed-demo"]);
    assert!(ok, "{err}");
    assert!(first.contains("9 new records"), "{first}");
    let (ok, second, _) = cli(&dir, &["seed-demo"]);
    assert!(ok);
    assert!(second.contains("0 new records"), "{second}");
}

#[test]
fn token_refuses_a_bad_role_and_an_oem_admin_without_oem() {
    let dir = data_dir();
    let (ok, _, err) = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "janitor"],
    );
    assert!(!ok && err.contains("janitor"), "{err}");
    let (ok, _, err) = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "oem_admin"],
    );
    assert!(!ok && err.contains("--oem"), "{err}");
    let (ok, token, _) = cli(
        &dir,
        &[
            "token",
            "--dealer",
            "demo-dealer-1",
            "--role",
            "oem_admin",
            "--oem",
            "demo-oem",
        ],
    );
    assert!(ok && token.split('.').count() == 3, "{token}");
}

#[test]
fn sign_prints_a_signature_the_connector_verifier_accepts() {
    let dir = data_dir();
    cli(&dir, &["seed-demo"]);
    let body = dir.join("body.json");
    std::fs::write(&body, br#"{"caseId":"demo-dealer-1-case-1"}"#).unwrap();
    let path = "/v1/prokeep/threads/PK-1/attachments";
    let (ok, header, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "demo-dealer-1",
            "--method",
            "POST",
            "--path",
            path,
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let secrets = vec![casebridge_infra::demo::demo_connector_secret(
        "demo-dealer-1",
    )];
    let now = jiff::Timestamp::now().as_second();
    let parsed = signature::parse(Some(&header)).unwrap();
    signature::verify(
        &parsed,
        &secrets,
        "POST",
        path,
        br#"{"caseId":"demo-dealer-1-case-1"}"#,
        now,
    )
    .unwrap();
    // The signature is for that route: another thread's path fails
    assert!(signature::verify(
        &parsed,
        &secrets,
        "POST",
        "/v1/prokeep/threads/PK-2/attachments",
        br#"{"caseId":"demo-dealer-1-case-1"}"#,
        now,
    )
    .is_err());
    // Method and path are required
    let (ok, _, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "demo-dealer-1",
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("--method"), "{err}");
    let (ok, _, err) = cli(
        &dir,
        &[
            "sign",
            "--dealer",
            "no-such-dealer",
            "--method",
            "POST",
            "--path",
            path,
            "--body",
            body.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("not found"), "{err}");
}

#[tokio::test]
async fn the_readme_walkthrough_works_against_the_real_binaries() {
    // Given a fresh data folder, seeded, and a token from the CLI
    let dir = data_dir();
    assert!(cli(&dir, &["seed-demo"]).0);
    let (_, token, _) = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "advisor"],
    );
    let server = start_server(&dir);
    let http = casebridge_testkit::http_client();
    // When a case is created, noted and moved
    let case: serde_json::Value = http
        .post(format!("{}/v1/cases", server.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-9"}}))
        .send().await.unwrap().json().await.unwrap();
    let id = case["id"].as_str().unwrap().to_string();
    let note = http
        .post(format!("{}/v1/cases/{id}/notes", server.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"text": "Waiting on a turbo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(note.status(), 201);
    let moved = http
        .post(format!("{}/v1/cases/{id}/status", server.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"status": "parts_hold"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    drop(server);
    // Then after a restart everything is still there
    let server = start_server(&dir);
    let again: serde_json::Value = http
        .get(format!("{}/v1/cases/{id}", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again["status"], "parts_hold");
    let open: serde_json::Value = http
        .get(format!("{}/v1/cases?status=open", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        open["items"].as_array().unwrap().len(),
        3,
        "the three demo cases are still open"
    );
}

#[tokio::test]
async fn an_escalation_shows_in_the_prokeep_outbox_of_the_local_server() {
    let dir = data_dir();
    assert!(cli(&dir, &["seed-demo"]).0);
    let (_, token) = {
        let (ok, t, e) = cli(
            &dir,
            &["token", "--dealer", "demo-dealer-1", "--role", "advisor"],
        );
        assert!(ok, "{e}");
        (ok, t)
    };
    let server = start_server(&dir);
    let http = casebridge_testkit::http_client();
    let case = "demo-dealer-1-case-2";
    let hold = http
        .post(format!("{}/v1/cases/{case}/status", server.url))
        .bearer_auth(&token)
        .json(&serde_json::json!({"status": "parts_hold"}))
        .send()
        .await
        .unwrap();
    assert_eq!(hold.status(), 200);
    let esc = http.post(format!("{}/v1/cases/{case}/parts-escalations", server.url)).bearer_auth(&token)
        .json(&serde_json::json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]}))
        .send().await.unwrap();
    assert_eq!(esc.status(), 201);
    let request: serde_json::Value = esc.json().await.unwrap();
    let id = request["id"].as_str().unwrap();
    // Delivery runs in the background, as SNS -> Lambda would
    let mut out = String::new();
    for _ in 0..100 {
        out = cli(&dir, &["outbox", "prokeep"]).1;
        if out.contains(id) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let line: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(line["to"], "parts-counter");
    assert!(
        line["text"].as_str().unwrap().contains("TRB-4471"),
        "{line}"
    );
    // The counter claims it, signed with the connector secret
    let body = serde_json::json!({"eventId": "e-1", "type": "claimed", "occurredAt": "2026-11-23T15:00:00Z", "actor": {"name": "Pat Counter"}});
    let bytes = serde_json::to_vec(&body).unwrap();
    let secret = casebridge_infra::demo::demo_connector_secret("demo-dealer-1");
    let sig = signature::sign(
        &secret,
        jiff::Timestamp::now().as_second(),
        "POST",
        &format!("/v1/prokeep/parts-requests/{id}/events"),
        &bytes,
    );
    let claimed = http
        .post(format!(
            "{}/v1/prokeep/parts-requests/{id}/events",
            server.url
        ))
        .header("x-casebridge-dealer", "demo-dealer-1")
        .header("x-casebridge-signature", sig)
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert_eq!(claimed.status(), 200);
    let notes: serde_json::Value = http
        .get(format!("{}/v1/cases/{case}/notes", server.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let text = notes["items"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("claimed by Pat Counter") && text.ends_with("PLEASE DO NOT REPLY"),
        "{text}"
    );
}

#[tokio::test]
async fn procede_search_on_the_sample_dms_then_add_then_refresh_after_the_file_changes() {
    let dir = data_dir();
    assert!(cli(&dir, &["seed-demo"]).0);
    // A copy of the shipped sample, so the test can change it as the DMS would
    let dms = dir.join("dms.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("procede-sample.json"),
        &dms,
    )
    .unwrap();
    let server = start_server_with(&dir, &[("CASEBRIDGE_PROCEDE_FILE", &dms)]);
    let http = casebridge_testkit::http_client();
    let advisor = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-1", "--role", "advisor"],
    )
    .1;
    let search = |q: &str| {
        http.get(format!("{}/v1/procede/customers?by=name&q={q}", server.url))
            .bearer_auth(&advisor)
            .send()
    };
    let page: serde_json::Value = search("John%20Denver").await.unwrap().json().await.unwrap();
    let names: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Johnson Tires - Denver"), "{names:?}");
    let page: serde_json::Value = search("jose%20truck").await.unwrap().json().await.unwrap();
    assert!(
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["name"] == "José's Trucking"),
        "{page}"
    );
    // demo-dealer-2 has Procede search off
    let other = cli(
        &dir,
        &["token", "--dealer", "demo-dealer-2", "--role", "advisor"],
    )
    .1;
    let refused = http
        .get(format!(
            "{}/v1/procede/customers?by=name&q=john",
            server.url
        ))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    // Add PRC-100001, change it in the DMS file, refresh
    let added: serde_json::Value = http
        .post(format!("{}/v1/customers/from-procede", server.url))
        .bearer_auth(&advisor)
        .json(&serde_json::json!({"procedeId": "PRC-100001"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = added["id"].as_str().unwrap();
    let patch = http
        .patch(format!("{}/v1/customers/{id}", server.url))
        .bearer_auth(&advisor)
        .json(&serde_json::json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patch.status(), 409);
    let text = std::fs::read_to_string(&dms).unwrap().replace(
        "\"Johnson Tires - Denver\"",
        "\"Johnson Tire Center - Denver\"",
    );
    std::fs::write(&dms, text).unwrap();
    let refreshed: serde_json::Value = http
        .post(format!(
            "{}/v1/customers/{id}/refresh-from-procede",
            server.url
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        refreshed["changes"][0]["new"], "Johnson Tire Center - Denver",
        "{refreshed}"
    );
}

#[tokio::test]
async fn texts_go_out_and_replies_come_back_through_the_local_server() {
    let dir = data_dir();
    assert!(cli(&dir, &["seed-demo"]).0);
    let server = start_server(&dir);
    let port = server.url.rsplit(':').next().unwrap().to_string();
    let http = casebridge_testkit::http_client();
    let tok = |args: &[&str]| cli(&dir, args).1;
    let oem = tok(&[
        "token",
        "--dealer",
        "demo-dealer-1",
        "--role",
        "oem_admin",
        "--oem",
        "demo-oem",
    ]);
    let admin = tok(&[
        "token",
        "--dealer",
        "demo-dealer-1",
        "--role",
        "dealer_admin",
    ]);
    let advisor = tok(&["token", "--dealer", "demo-dealer-1", "--role", "advisor"]);
    let send = |method: reqwest::Method, path: &str, token: &str, body: serde_json::Value| {
        http.request(method, format!("{}{path}", server.url))
            .bearer_auth(token)
            .json(&body)
            .send()
    };
    use reqwest::Method as M;
    // The OEM admin sets mobile-only, admins may change; the dealer admin picks SMS-and-mobile
    let r = send(
        M::PUT,
        "/v1/oems/demo-oem/sms-policy",
        &oem,
        serde_json::json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": true}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let r = send(
        M::PUT,
        "/v1/dealers/demo-dealer-1/sms-mode",
        &admin,
        serde_json::json!({"mode": "sms_and_mobile"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    // A one-time contact on a demo case, invited; an external note
    let case = "demo-dealer-1-case-3";
    let c: serde_json::Value = send(
        M::POST,
        &format!("/v1/cases/{case}/contacts"),
        &advisor,
        serde_json::json!({"name": "Ann Fleet", "mobile": "+12145550101", "smsOptIn": true}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let contact = c["id"].as_str().unwrap();
    assert_eq!(
        send(
            M::POST,
            &format!("/v1/cases/{case}/invitations"),
            &advisor,
            serde_json::json!({"contactId": contact})
        )
        .await
        .unwrap()
        .status(),
        201
    );
    assert_eq!(
        send(
            M::POST,
            &format!("/v1/cases/{case}/notes"),
            &advisor,
            serde_json::json!({"text": "Parts arrived", "visibility": "external"})
        )
        .await
        .unwrap()
        .status(),
        201
    );
    // The text goes out (in the background, as case-notify would)
    let mut out = String::new();
    for _ in 0..100 {
        out = cli(&dir, &["outbox", "sms"]).1;
        if !out.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let text: serde_json::Value = serde_json::from_str(out.lines().last().unwrap()).unwrap();
    assert_eq!(text["to"], "+12145550101");
    let body = text["body"].as_str().unwrap();
    assert!(body.contains("Parts arrived"), "{body}");
    // Its link opens the case page
    let link = body.rsplit(' ').next().unwrap();
    let page = http.get(link).send().await.unwrap();
    assert_eq!(page.status(), 200, "{link}");
    // Ann replies by SMS: a note from her on the case
    let reply = Command::new(CLI)
        .args([
            "sms-in",
            "--from",
            "+12145550101",
            "--to",
            "+12145550000",
            "--body",
            "Great, picking up at 5",
        ])
        .env("CASEBRIDGE_DATA_DIR", &dir)
        .env("PORT", &port)
        .output()
        .unwrap();
    assert!(
        reply.status.success(),
        "{}",
        String::from_utf8_lossy(&reply.stderr)
    );
    assert!(String::from_utf8_lossy(&reply.stdout).contains("noted"));
    let notes: serde_json::Value = http
        .get(format!("{}/v1/cases/{case}/notes", server.url))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["text"] == "Great, picking up at 5" && n["source"] == "sms"),
        "{notes}"
    );
}
