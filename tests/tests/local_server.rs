//! The local server over real HTTP on 127.0.0.1, as a person with curl would use it.

use casebridge_core::auth::Role;
use casebridge_core::cases::{self, AttachmentState, NewFile};
use casebridge_core::dealers::DealerId;
use casebridge_infra::jwt;
use casebridge_infra::local::{local_secret, LocalEnv};
use casebridge_infra::{demo, server};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

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

#[tokio::test]
async fn an_advisor_works_a_case_through_the_local_server_and_it_survives_a_restart() {
    // Given the demo data and an advisor of demo-dealer-1
    let dir = data_dir();
    seed(&dir).await;
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let other = token(&dir, demo::DEALER_2, Role::Advisor, None);
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    use reqwest::Method as M;

    // When the advisor creates a case
    let (s, case) = send(&http, M::POST, url("/v1/cases"), Some(&advisor),
        Some(json!({"customer": {"name": "Johnson Tires - Denver"}, "asset": {"unitNumber": "T-7", "make": "Volvo", "model": "VNL"}}))).await;
    assert_eq!(s, StatusCode::CREATED, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    // Then it is listed first among the open cases, above the three demo cases
    let (s, open) = send(
        &http,
        M::GET,
        url("/v1/cases?status=open"),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], id);
    // And notes and a status change stick
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Called the driver"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, moved) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/status")),
        Some(&advisor),
        Some(json!({"status": "check_in"})),
    )
    .await;
    assert_eq!(
        (s, moved["status"].as_str()),
        (StatusCode::OK, Some("check_in"))
    );

    // Another dealer's advisor, no token, and a bad body
    let (s, p) = send(
        &http,
        M::GET,
        url(&format!("/v1/cases/{id}")),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        (s, p["status"].as_u64()),
        (StatusCode::NOT_FOUND, Some(404))
    );
    let (s, _) = send(&http, M::GET, url(&format!("/v1/cases/{id}")), None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = send(&http, M::GET, url("/v1/cases"), Some("not-a-jwt"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, p) = send(
        &http,
        M::POST,
        url("/v1/cases"),
        Some(&advisor),
        Some(json!({"customer": {"name": "A"}, "asset": {}})),
    )
    .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("asset.unitNumber"))
    );

    // When the server restarts on the same data folder
    srv.stop().await.unwrap();
    let srv = server::spawn(&dir, 0).await.unwrap();
    // Then the case, its note and its status are still there
    let (s, again) = send(
        &http,
        M::GET,
        format!("{}/v1/cases/{id}", srv.base_url),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(
        (s, again["status"].as_str()),
        (StatusCode::OK, Some("check_in"))
    );
    let (_, notes) = send(
        &http,
        M::GET,
        format!("{}/v1/cases/{id}/notes", srv.base_url),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(notes["items"][0]["text"], "Called the driver");
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_case_user_downloads_an_attachment_through_a_signed_local_link() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    // Given a PDF on a demo case (put there as the transcript feature will)
    let env = LocalEnv::open_at(&dir, &srv.base_url).unwrap();
    let d1 = DealerId::parse(demo::DEALER_1).unwrap();
    let file = NewFile {
        file_name: "thread 42.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.7 hello".to_vec(),
        thread_id: None,
        state: AttachmentState::Final,
    };
    let att = cases::attach_file(
        &env.app,
        &d1,
        &casebridge_core::ids::CaseId::parse("demo-dealer-1-case-1").unwrap(),
        file,
    )
    .await
    .unwrap();
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    // When the advisor opens the content link (following the redirect)
    let resp = casebridge_testkit::http_client()
        .get(format!(
            "{}/v1/cases/demo-dealer-1-case-1/attachments/{}/content",
            srv.base_url, att.id
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap();
    // Then the file comes back
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"%PDF-1.7 hello");
    // And a tampered link is refused
    let no_redirect = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let location = no_redirect
        .get(format!(
            "{}/v1/cases/demo-dealer-1-case-1/attachments/{}/content",
            srv.base_url, att.id
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let forged = location.replace("demo-dealer-1", "demo-dealer-2");
    assert_eq!(
        no_redirect.get(forged).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn dealer_settings_through_the_local_server() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    let admin = token(&dir, demo::DEALER_2, Role::DealerAdmin, None);
    let http = casebridge_testkit::http_client();
    let url = format!("{}/v1/dealers/{}/settings", srv.base_url, demo::DEALER_2);
    let (s, current) = send(&http, reqwest::Method::GET, url.clone(), Some(&admin), None).await;
    assert_eq!(s, StatusCode::OK, "{current}");
    assert_eq!(current["procedeSearchEnabled"], false);
    let mut body = json!({});
    for k in [
        "timeZone",
        "prokeepConnectorEnabled",
        "partsCounterUsesProkeep",
        "prokeepGroups",
        "smsReplyMode",
        "partsReminderMinutes",
    ] {
        body[k] = current[k].clone();
    }
    body["procedeSearchEnabled"] = json!(true);
    // Procede search needs its key (issue 21): a platform admin sets it first
    let platform = token(&dir, "", Role::PlatformAdmin, None);
    let (s, v) = send(
        &http,
        reqwest::Method::PUT,
        format!(
            "{}/v1/dealers/{}/procede-credentials",
            srv.base_url,
            demo::DEALER_2
        ),
        Some(&platform),
        Some(json!({"apiKey": "pk-demo-2"})),
    )
    .await;
    assert!(s.is_success(), "{v}");
    let (s, updated) = send(
        &http,
        reqwest::Method::PUT,
        url.clone(),
        Some(&admin),
        Some(body),
    )
    .await;
    assert_eq!(
        (s, &updated["procedeSearchEnabled"]),
        (StatusCode::OK, &json!(true)),
        "{updated}"
    );
    let advisor = token(&dir, demo::DEALER_2, Role::Advisor, None);
    let (s, _) = send(&http, reqwest::Method::GET, url, Some(&advisor), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_body_over_the_lambda_limit_is_refused_with_413() {
    let dir = data_dir();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let resp = casebridge_testkit::http_client()
        .post(format!("{}/v1/cases", srv.base_url))
        .bearer_auth(&advisor)
        .body(vec![b' '; server::MAX_REQUEST_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    srv.stop().await.unwrap();
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
    let path = std::env::temp_dir().join(format!("casebridge-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "pdftotext is needed (poppler-utils; bash infra/scripts/test.sh installs it): {e}"
            )
        });
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_thread_goes_from_prokeep_to_a_final_pdf_a_case_user_can_read() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    let http = casebridge_testkit::http_client();
    let case = "demo-dealer-1-case-1";
    let thread = |state: &str, bodies: &[&str]| {
        let messages: Vec<Value> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                json!({
            "id": format!("m{i}"), "senderId": if i % 2 == 0 { "c" } else { "a" },
            "sentAt": format!("2026-11-20T14:{i:02}:00Z"), "body": b})
            })
            .collect();
        json!({"channel": "sms", "reference": "PK-77", "state": state, "messages": messages,
            "participants": [{"id": "c", "name": "José Ramírez", "role": "customer"}, {"id": "a", "name": "Dana Ortiz", "role": "advisor"}]})
    };
    // The connector lists the open cases of its dealer
    let now = jiff::Timestamp::now().as_second();
    let list: Value = http
        .get(format!("{}/v1/prokeep/open-cases", srv.base_url))
        .header("x-casebridge-dealer", demo::DEALER_1)
        .header(
            "x-casebridge-signature",
            casebridge_core::auth::signature::sign(
                &demo::demo_connector_secret(demo::DEALER_1),
                now,
                "GET",
                "/v1/prokeep/open-cases",
                b"",
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 3, "{list}");
    // attaches two threads to one case, then one again
    for t in ["th-1", "th-2", "th-1"] {
        let resp = signed_post(&http, format!("{}/v1/prokeep/threads/{t}/attachments", srv.base_url), demo::DEALER_1,
            &json!({"caseId": case, "thread": thread("open", &["Is the truck ready?", "Not yet, waiting on a part."])})).send().await.unwrap();
        assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    }
    // and closes the first with its final snapshot
    let final_bodies = [
        "Is the truck ready?",
        "Not yet, waiting on a part.",
        "Part arrived — it’s ready at 4 pm.",
        "Great, on my way 🚚",
        "你好，我的卡车修好了吗？",
        "أنا في الطريق إليك",
    ];
    let closed: Value = signed_post(
        &http,
        format!("{}/v1/prokeep/threads/th-1/close", srv.base_url),
        demo::DEALER_1,
        &json!({"thread": thread("closed", &final_bodies)}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(closed["attachments"][0]["state"], "final", "{closed}");
    // The advisor sees two transcripts, the first final, and downloads it
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let list: Value = http
        .get(format!("{}/v1/cases/{case}/attachments", srv.base_url))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let th1 = items.iter().find(|a| a["threadId"] == "th-1").unwrap();
    assert_eq!(
        (th1["state"].as_str(), th1["version"].as_u64()),
        (Some("final"), Some(2))
    );
    let pdf = http
        .get(format!(
            "{}/v1/cases/{case}/attachments/{}/content",
            srv.base_url,
            th1["id"].as_str().unwrap()
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Every message reads back as written: emoji, Chinese and Arabic as text (pdftotext
    // marks a right-to-left run with embedding characters of its own).
    let text = pdftotext(&pdf).replace(['\u{202B}', '\u{202C}'], "");
    for body in &final_bodies {
        assert!(text.contains(body), "{body:?} missing from:\n{text}");
    }
    assert!(!text.contains("[U+"), "{text}");
    assert!(
        text.contains("America/Chicago") && text.contains("Fri Nov 20, 2026, 8:00:00 AM CST"),
        "{text}"
    );
    assert!(
        text.contains("Page 1 of 1") && text.contains("José Ramírez"),
        "{text}"
    );
    srv.stop().await.unwrap();
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

#[tokio::test]
async fn emails_and_texts_reach_the_case_recipients_through_the_local_server() {
    use casebridge_infra::local::{email_outbox, sms_outbox};
    use reqwest::Method as M;
    // Given the demo data, an advisor of demo-dealer-1 and the local server
    // (the local carrier cannot reach the yard's phone; nextest runs each test in its own
    // process, so the variable is this test's alone)
    std::env::set_var("CASEBRIDGE_SMS_UNREACHABLE", "+12145550104");
    let dir = data_dir();
    seed(&dir).await;
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    // When a case is opened with a primary contact (texts and email), a driver (texts only),
    // the fleet's office, whose address bounces (SES's mailbox simulator), and the yard's
    // phone, which the carrier cannot reach
    let (s, case) = send(&http, M::POST, url("/v1/cases"), Some(&advisor), Some(json!({
        "customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-680"},
        "contacts": [
            {"name": "Jo Fleet", "mobile": "+12145550101", "email": "jo@fleet.example",
             "smsOptIn": true, "emailOptIn": true, "caseRole": "primary"},
            {"name": "Dave Driver", "mobile": "+12145550102", "smsOptIn": true, "caseRole": "driver"},
            {"name": "Fleet Office", "email": "bounce@simulator.amazonses.com", "emailOptIn": true, "caseRole": "primary"},
            {"name": "Yard Phone", "mobile": "+12145550104", "smsOptIn": true, "caseRole": "driver"},
        ]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let dave = case["contacts"][1]["id"].as_str().unwrap().to_string();
    // and the advisor posts an external note
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Brakes done, ready at 4", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    // Then Jo and Dave are texted and Jo and the office emailed, without an invitation
    let texts = outbox_lines(&sms_outbox(&dir), 2).await;
    let mut to: Vec<&str> = texts.iter().map(|t| t["to"].as_str().unwrap()).collect();
    to.sort();
    assert_eq!(to, vec!["+12145550101", "+12145550102"]);
    // and the text the carrier refused is a note on the case
    let mut noted = Vec::new();
    for _ in 0..100 {
        let (_, notes) = send(
            &http,
            M::GET,
            url(&format!("/v1/cases/{id}/notes")),
            Some(&advisor),
            None,
        )
        .await;
        noted = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["source"] == "system" && n["visibility"] == "internal")
            .map(|n| n["text"].as_str().unwrap().to_string())
            .collect::<Vec<_>>();
        if !noted.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(noted.len(), 1, "{noted:?}");
    assert!(
        noted[0].starts_with("Text to Yard Phone failed: number unreachable"),
        "{noted:?}"
    );
    let emails = outbox_lines(&email_outbox(&dir), 2).await;
    let jo = emails
        .iter()
        .find(|e| e["to"] == "jo@fleet.example")
        .unwrap();
    assert!(
        jo["subject"]
            .as_str()
            .unwrap()
            .starts_with("Demo Truck Center Dallas: case #"),
        "{jo}"
    );
    assert!(
        jo["text"]
            .as_str()
            .unwrap()
            .contains("Brakes done, ready at 4"),
        "{jo}"
    );
    assert!(
        jo["html"]
            .as_str()
            .unwrap()
            .contains("Brakes done, ready at 4"),
        "{jo}"
    );
    assert_eq!(
        jo["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let unsubscribe = jo["headers"]["List-Unsubscribe"].as_str().unwrap();
    let unsubscribe = unsubscribe
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    assert!(
        unsubscribe.starts_with(&url("/e/unsubscribe/")),
        "{unsubscribe}"
    );

    // When a Quick Action goes to the driver only
    let (s, moved) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/quick-actions")),
        Some(&advisor),
        Some(json!({"action": "check_in", "contactIds": [dave]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    // Then only Dave hears of it
    let texts = outbox_lines(&sms_outbox(&dir), 3).await;
    assert_eq!(texts[2]["to"], "+12145550102");
    assert!(texts[2]["body"].as_str().unwrap().contains("checked in"));

    // When Jo's mail client posts the one-click unsubscribe
    let resp = http
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // and SES's simulator has bounced the office's email
    let log_url = url(&format!("/v1/cases/{id}/notifications"));
    let mut bounced = None;
    for _ in 0..100 {
        let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
        bounced = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["to"] == "bounce@simulator.amazonses.com" && e["status"] == "failed")
            .cloned();
        if bounced.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let bounced = bounced.expect("the simulated bounce reaches the delivery log");
    assert!(
        bounced["detail"].as_str().unwrap().contains("user unknown"),
        "{bounced}"
    );
    // Then the next note texts Jo but emails nobody, and the log says why
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Invoice attached at pickup", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let texts = outbox_lines(&sms_outbox(&dir), 5).await;
    assert!(texts[3..].iter().any(|t| t["to"] == "+12145550101"));
    let mut statuses = Vec::new();
    for _ in 0..100 {
        let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
        statuses = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["channel"] == "email")
            .map(|e| {
                (
                    e["contactName"].as_str().unwrap().to_string(),
                    e["status"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>();
        if statuses.len() == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            ("Fleet Office".to_string(), "failed".to_string()),
            ("Fleet Office".to_string(), "suppressed".to_string()),
            ("Jo Fleet".to_string(), "opted_out".to_string()),
            ("Jo Fleet".to_string(), "sent".to_string()),
        ]
    );
    assert_eq!(
        outbox_lines(&email_outbox(&dir), 2).await.len(),
        2,
        "no email after the stop"
    );
    // And the contacts say why they get no email
    let (_, contacts) = send(
        &http,
        M::GET,
        url(&format!("/v1/cases/{id}/contacts")),
        Some(&advisor),
        None,
    )
    .await;
    let reasons: Vec<Value> = contacts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["emailStopped"]["reason"].clone())
        .collect();
    assert_eq!(
        reasons,
        vec![
            json!("unsubscribed"),
            Value::Null,
            json!("bounced"),
            Value::Null
        ]
    );
    // and the delivery log shows the refused texts as failed, once per note
    let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
    let yard: Vec<(&str, &str)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["contactName"] == "Yard Phone")
        .map(|e| (e["status"].as_str().unwrap(), e["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        yard,
        vec![
            ("failed", "number unreachable"),
            ("failed", "number unreachable")
        ]
    );
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_location_is_onboarded_and_run_by_the_people_it_belongs_to_through_the_local_server() {
    use casebridge_infra::local::prokeep_outbox;
    use reqwest::Method as M;
    let dir = data_dir();
    seed(&dir).await;
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    let platform = token(&dir, "", Role::PlatformAdmin, None);
    let oem_admin = token(&dir, "", Role::OemAdmin, Some("kenworth"));
    let admin = token(&dir, "kw-dallas", Role::DealerAdmin, None);
    let advisor = token(&dir, "kw-dallas", Role::Advisor, None);
    let call = |method: M, path: &str, who: &str, body: Option<Value>| {
        let (http, target, who) = (http.clone(), url(path), who.to_string());
        async move { send(&http, method, target, Some(&who), body).await }
    };
    // A platform admin onboards an OEM and a dealer, turns the connector on, issues a secret
    let (s, _) = call(
        M::POST,
        "/v1/oems",
        &platform,
        Some(json!({"id": "kenworth", "name": "Kenworth"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, d) = call(M::POST, "/v1/dealers", &platform, Some(json!({"id": "kw-dallas", "name": "Kenworth of Dallas", "oemId": "kenworth", "timeZone": "America/Chicago"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let settings = "/v1/dealers/kw-dallas/settings";
    let (s, _) = call(
        M::PATCH,
        settings,
        &platform,
        Some(json!({"prokeepConnectorEnabled": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, first) = call(
        M::POST,
        "/v1/dealers/kw-dallas/connector-secrets",
        &platform,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    // the OEM admin turns mobile communications on
    let (s, v) = call(
        M::PATCH,
        settings,
        &oem_admin,
        Some(json!({"mobileCommunicationsEnabled": true})),
    )
    .await;
    assert_eq!(
        (s, &v["mobileCommunicationsEnabled"]),
        (StatusCode::OK, &json!(true))
    );
    // the dealer admin sets Procede and the Prokeep credentials, and the groups
    let (s, _) = call(
        M::PUT,
        "/v1/dealers/kw-dallas/procede-credentials",
        &admin,
        Some(json!({"apiKey": "kw-procede-key"})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = call(
        M::PUT,
        "/v1/dealers/kw-dallas/prokeep-credentials",
        &admin,
        Some(json!({"username": "kw-api", "password": "kw-pass", "sender": "Kenworth Dallas"})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, v) = call(
        M::PATCH,
        settings,
        &admin,
        Some(
            json!({"procedeSearchEnabled": true, "partsCounterUsesProkeep": true,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts Counter"}]}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // but not the connector switch
    let (s, p) = call(
        M::PATCH,
        settings,
        &admin,
        Some(json!({"prokeepConnectorEnabled": false})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{p}");
    // The connector signs with the new secret; a rotation keeps both valid until the old is revoked
    let open_cases = |secret: String| {
        let (http, target) = (http.clone(), url("/v1/prokeep/open-cases"));
        async move {
            let sig = casebridge_core::auth::signature::sign(
                &secret,
                jiff::Timestamp::now().as_second(),
                "GET",
                "/v1/prokeep/open-cases",
                b"",
            );
            http.get(target)
                .header("x-casebridge-dealer", "kw-dallas")
                .header("x-casebridge-signature", sig)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let first_secret = first["secret"].as_str().unwrap().to_string();
    assert_eq!(open_cases(first_secret.clone()).await, StatusCode::OK);
    let (_, second) = call(
        M::POST,
        "/v1/dealers/kw-dallas/connector-secrets",
        &platform,
        None,
    )
    .await;
    let second_secret = second["secret"].as_str().unwrap().to_string();
    assert_eq!(open_cases(first_secret.clone()).await, StatusCode::OK);
    assert_eq!(open_cases(second_secret.clone()).await, StatusCode::OK);
    let (s, _) = call(
        M::DELETE,
        &format!(
            "/v1/dealers/kw-dallas/connector-secrets/{}",
            first["id"].as_str().unwrap()
        ),
        &platform,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(open_cases(first_secret).await, StatusCode::UNAUTHORIZED);
    assert_eq!(open_cases(second_secret).await, StatusCode::OK);
    // An advisor lists the groups and escalates; Prokeep gets it with the dealer's credentials
    let (s, groups) = call(
        M::GET,
        "/v1/dealers/kw-dallas/prokeep-groups",
        &advisor,
        None,
    )
    .await;
    assert_eq!(
        (s, &groups["items"][0]["id"]),
        (StatusCode::OK, &json!("parts-counter"))
    );
    let (_, case) = call(
        M::POST,
        "/v1/cases",
        &advisor,
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-9"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap().to_string();
    call(
        M::POST,
        &format!("/v1/cases/{case}/status"),
        &advisor,
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    let (s, r) = call(M::POST, &format!("/v1/cases/{case}/parts-escalations"), &advisor,
        Some(json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let mut posted = String::new();
    for _ in 0..100 {
        posted = std::fs::read_to_string(prokeep_outbox(&dir)).unwrap_or_default();
        if posted.contains("TRB-4471") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        posted.contains("TRB-4471") && posted.contains("kw-api"),
        "{posted}"
    );
    // A case on an unknown customer is refused
    let (s, _) = call(
        M::POST,
        "/v1/cases",
        &advisor,
        Some(json!({"customer": {"name": "X", "id": "cust-nope"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The Procede previews show the form before the confirm
    let (s, preview) = call(M::GET, "/v1/procede/customers/PRC-100000", &advisor, None).await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    assert_eq!(preview["form"]["name"], "John Deere");
    let (_, none) = call(M::GET, "/v1/customers", &advisor, None).await;
    assert_eq!(none["items"], json!([]));
    let (s, added) = call(
        M::POST,
        "/v1/customers/from-procede",
        &advisor,
        Some(json!({"procedeId": "PRC-100000", "dmsVersion": preview["dmsVersion"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{added}");
    let (s, edit) = call(
        M::GET,
        &format!(
            "/v1/customers/{}/refresh-from-procede",
            added["id"].as_str().unwrap()
        ),
        &advisor,
        None,
    )
    .await;
    assert_eq!((s, &edit["changes"]), (StatusCode::OK, &json!([])));
    let (_, listed) = call(M::GET, "/v1/customers?q=deere", &advisor, None).await;
    assert_eq!(listed["items"][0]["name"], "John Deere");
    srv.stop().await.unwrap();
}
