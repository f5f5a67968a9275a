//! The README's walkthroughs against the real binaries: the case walkthrough, the parts
//! counter's outbox, Procede search on the sample DMS.

use super::*;

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
