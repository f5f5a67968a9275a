//! Texts go out and replies come back through the local server.

use super::*;

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
