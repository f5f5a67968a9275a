//! The third probe's findings (issue 20), one scenario each: who may decide an estimate, what
//! reaches an email header, what the decision's audit trusts, lists and bodies that slipped
//! past their limits, tokens for dealers that do not exist, and the local server's own edges
//! (its stand-in routes, slow clients). Storage-touching ones run on both backends.

mod common;

use base64::Engine;
use casebridge_infra::local::{local_route_token, local_secret, LOCAL_TOKEN_HEADER};
use casebridge_infra::server;
use casebridge_testkit::{as_user, parts, raw_request, request, seed_dealers, TestBackend};
use common::{advisor, api, assert_refused, user};
use serde_json::json;
use sha2::Digest;

const JO: &str = "+12145550123";
const DAVE: &str = "+12145550124";

/// A d1 case whose primary contact is Jo and whose driver is Dave (both recipients), and an
/// estimate of two lines; answers (case, Jo, Dave, estimate, line ids).
async fn case_with_jo_dave_and_an_estimate(
    b: &TestBackend,
) -> (String, String, String, String, Vec<String>) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({
            "customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-680"},
            "contacts": [
                {"name": "Jo Fleet", "mobile": JO, "smsOptIn": true, "caseRole": "primary"},
                {"name": "Dave Driver", "mobile": DAVE, "smsOptIn": true, "caseRole": "driver"},
            ],
        })),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let id = |i: usize| case["contacts"][i]["id"].as_str().unwrap().to_string();
    let (jo, dave) = (id(0), id(1));
    let case = case["id"].as_str().unwrap().to_string();
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000},
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500},
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let lines = est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (
        case,
        jo,
        dave,
        est["id"].as_str().unwrap().to_string(),
        lines,
    )
}

async fn link(b: &TestBackend, case: &str, contact: &str) -> String {
    casebridge_testkit::fixtures::mobile_link_token(&b.app, case, contact).await
}

/// A form post from the page, from `ip` as the gateway saw it, claiming another address in
/// `X-Forwarded-For`.
async fn post_form(b: &TestBackend, path: &str, body: &str, ip: &str) -> (u16, String) {
    let mut req = casebridge_testkit::form_request(path, body);
    req.headers_mut()
        .insert("x-forwarded-for", "203.0.113.66".parse().unwrap());
    req.headers_mut()
        .insert("user-agent", "Mobile Safari".parse().unwrap());
    req.extensions_mut()
        .insert(casebridge_http::ClientIp(ip.to_string()));
    let r = casebridge_testkit::send(api(&b.app), req).await;
    (r.status().as_u16(), r.text())
}

async fn get_page(b: &TestBackend, token: &str) -> String {
    let r =
        casebridge_testkit::send(api(&b.app), request("GET", &format!("/m/{token}"), None)).await;
    assert_eq!(r.status(), 200);
    r.text()
}

async fn only_the_contacts_asked_decide_an_estimate_and_others_read_it(b: TestBackend) {
    // Given an estimate whose approval is requested from Jo only, and Dave (the driver, a
    // recipient) holding a link from an earlier note
    let (case, jo, dave, est, lines) = case_with_jo_dave_and_an_estimate(&b).await;
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let dave_link = link(&b, &case, &dave).await;

    // When Dave opens his link, he reads the estimate, sees who was asked and has no choices
    let html = get_page(&b, &dave_link).await;
    assert!(html.contains("Brake job"), "{html}");
    assert!(
        html.contains("Jo Fleet was asked to decide this estimate"),
        "{html}"
    );
    assert_eq!(html.matches("type=\"radio\"").count(), 0, "{html}");

    // When Dave posts a decline anyway, nothing is recorded and the page says why
    let decide = format!("/m/{dave_link}/estimates/{est}/decisions");
    let body = format!(
        "version=1&line-{}=decline&reason-{}=not+needed",
        lines[0], lines[0]
    );
    let (s, page) = post_form(&b, &decide, &body, "198.51.100.7").await;
    assert_eq!(s, 403, "{page}");
    assert!(
        page.contains("Nothing was recorded") && page.contains("only Jo Fleet was asked"),
        "{page}"
    );
    let history = format!("/v1/cases/{case}/estimates/{est}/history");
    let (_, h) = advisor(&b.app, "GET", &history, None).await;
    assert_eq!(h["decisions"].as_array().unwrap().len(), 0, "{h}");
    assert_eq!(
        h["versions"][0]["askedContacts"][0]["name"], "Jo Fleet",
        "{h}"
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        !notes.to_string().contains("Dave Driver approved")
            && !notes.to_string().contains("Dave Driver declined"),
        "{notes}"
    );

    // Then Jo, who was asked, decides from her link
    let jo_link = link(&b, &case, &jo).await;
    assert_eq!(
        get_page(&b, &jo_link)
            .await
            .matches("type=\"radio\"")
            .count(),
        6
    );
    let decide = format!("/m/{jo_link}/estimates/{est}/decisions");
    let (s, page) = post_form(
        &b,
        &decide,
        &format!("version=1&line-{}=approve", lines[0]),
        "198.51.100.7",
    )
    .await;
    assert_eq!(s, 200, "{page}");

    // And the advisor may still decide for anyone, with a reason
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates/{est}/decisions"),
        Some(json!({"version": 1, "lines": [{"lineId": lines[1], "decision": "decline", "reason": "Dave said by phone"}]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

async fn the_decision_records_the_address_the_gateway_saw_not_x_forwarded_for(b: TestBackend) {
    // Given an estimate asked of Jo
    let (case, jo, _, est, lines) = case_with_jo_dave_and_an_estimate(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est})),
    )
    .await;
    // When Jo approves from 198.51.100.7, her request claiming X-Forwarded-For 203.0.113.66
    let jo_link = link(&b, &case, &jo).await;
    let decide = format!("/m/{jo_link}/estimates/{est}/decisions");
    let (s, page) = post_form(
        &b,
        &decide,
        &format!("version=1&line-{}=approve", lines[0]),
        "198.51.100.7",
    )
    .await;
    assert_eq!(s, 200, "{page}");
    // Then the audit holds the gateway's address
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}/history"),
        None,
    )
    .await;
    assert_eq!(h["decisions"][0]["ip"], "198.51.100.7", "{h}");
    assert_eq!(h["decisions"][0]["userAgent"], "Mobile Safari", "{h}");
}

async fn line_breaks_in_one_line_fields_are_refused_naming_the_field(b: TestBackend) {
    seed_dealers(&b.app).await;
    // A unit number carrying a Bcc header
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1\r\nBcc: attacker@evil.example"}})),
    )
    .await;
    assert_refused(s, &p, 422, "asset.unitNumber");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("U+000D"),
        "{p}"
    );
    // A customer's name with a Unicode line separator
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet\u{2028}Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    assert_refused(s, &p, 422, "customer.name");
    // A contact's name, an estimate line's part number, a parts line, a Case customer's city
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap();
    for (path, body, field) in [
        (
            format!("/v1/cases/{case}/contacts"),
            json!({"name": "Jo\nBcc: x", "mobile": JO}),
            "name",
        ),
        (
            format!("/v1/cases/{case}/estimates"),
            json!({"lines": [{"kind": "part", "description": "Tyre", "partNumber": "TY-1\u{85}", "quantity": 1, "unitPriceCents": 1}]}),
            "lines[0].partNumber",
        ),
        (
            "/v1/customers".to_string(),
            json!({"name": "Fleet Co", "city": "Dallas\r"}),
            "city",
        ),
    ] {
        let (s, p) = advisor(&b.app, "POST", &path, Some(body)).await;
        assert_refused(s, &p, 422, field);
    }
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    assert_eq!(s, 200, "{p}");
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/parts-escalations"),
        Some(json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-1\u{7f}", "description": "Turbo", "quantity": 1}]})),
    )
    .await;
    assert_refused(s, &p, 422, "lines[0].partNumber");
    // A dealer's name, sent by a platform admin
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "d9", "name": "Lone Star\r\nBcc: x@evil.example", "oemId": "oem-a", "timeZone": "America/Chicago"})),
        ("", "platform_admin", None),
    )
    .await;
    assert_refused(s, &p, 422, "name");
}

async fn a_contact_named_twenty_one_times_is_one_and_twenty_one_contacts_are_too_many(
    b: TestBackend,
) {
    let (case, jo, _, est, _) = case_with_jo_dave_and_an_estimate(&b).await;
    // When a note names Jo 21 times, she is one recipient
    let (s, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Brakes done", "visibility": "external", "contactIds": vec![jo.clone(); 21]})),
    )
    .await;
    assert_eq!(s, 201, "{note}");
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est, "contactIds": vec![jo.clone(); 21]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}/history"),
        None,
    )
    .await;
    assert_eq!(
        h["versions"][0]["askedContacts"].as_array().unwrap().len(),
        1,
        "{h}"
    );
    // When 21 different ids are named, the limit of 20 holds (before any is looked up)
    let many: Vec<String> = (0..21).map(|i| format!("c-{i}")).collect();
    for path in [
        format!("/v1/cases/{case}/notes"),
        format!("/v1/cases/{case}/quick-actions"),
    ] {
        let body = if path.ends_with("notes") {
            json!({"text": "x", "visibility": "external", "contactIds": many})
        } else {
            json!({"action": "check_in", "contactIds": many})
        };
        let (s, p) = advisor(&b.app, "POST", &path, Some(body)).await;
        assert_refused(s, &p, 422, "contactIds");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at most 20"),
            "{p}"
        );
    }
}

async fn a_token_for_a_dealer_not_onboarded_opens_nothing(b: TestBackend) {
    seed_dealers(&b.app).await;
    let ghost = ("ghost-dealer", "advisor", None);
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
        ghost,
    )
    .await;
    assert_eq!(s, 404, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("ghost-dealer"),
        "{p}"
    );
    let (s, _) = user(&b.app, "GET", "/v1/cases?status=open", None, ghost).await;
    assert_eq!(s, 404);
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/cases?status=open",
        None,
        ("d1", "advisor", None),
    )
    .await;
    assert_eq!(s, 200);
}

async fn addresses_mail_cannot_reach_are_refused(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap();
    for bad in ["a@b", "a@-x.example", "jo@fleet..example"] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Jo", "email": bad, "emailOptIn": true})),
        )
        .await;
        assert_refused(s, &p, 422, "email");
    }
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Fleet Co", "emails": ["a@b"]})),
    )
    .await;
    assert_refused(s, &p, 422, "emails[0]");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Jo", "email": "jo.fleet@fleet.example", "emailOptIn": true})),
    )
    .await;
    assert_eq!(s, 201);
}

casebridge_testkit::on_every_backend!(
    only_the_contacts_asked_decide_an_estimate_and_others_read_it,
    the_decision_records_the_address_the_gateway_saw_not_x_forwarded_for,
    line_breaks_in_one_line_fields_are_refused_naming_the_field,
    a_contact_named_twenty_one_times_is_one_and_twenty_one_contacts_are_too_many,
    a_token_for_a_dealer_not_onboarded_opens_nothing,
    addresses_mail_cannot_reach_are_refused,
);

#[tokio::test]
async fn a_body_is_one_json_value_and_nothing_after_it() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let notes = format!("/v1/cases/{}/notes", case["id"].as_str().unwrap());
    let post =
        |body: &'static str| as_user(raw_request("POST", &notes, body), "d1", "advisor", None);
    let (s, p) = parts(
        &casebridge_testkit::send(api(&b.app), post(r#"{"text":"t"} trailing-garbage"#)).await,
    );
    assert_refused(s, &p, 400, "body");
    let (s, _) =
        parts(&casebridge_testkit::send(api(&b.app), post(r#"{"text":"t"}{"text":"u"}"#)).await);
    assert_eq!(s, 400);
    let (s, p) =
        parts(&casebridge_testkit::send(api(&b.app), post("{\"text\":\"t\"}\r\n  \n")).await);
    assert_eq!(s, 201, "{p}");
}

#[tokio::test]
async fn json_routes_take_json_only() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let body = r#"{"customer":{"name":"Fleet Co"},"asset":{"unitNumber":"T-1"}}"#;
    for (content_type, expected) in [
        (Some("text/plain"), 415),
        (Some("application/x-www-form-urlencoded"), 415),
        (Some("multipart/form-data; boundary=x"), 415),
        (None, 415),
        (Some("application/json; charset=utf-8"), 201),
        (Some("Application/JSON"), 201),
    ] {
        let mut req = as_user(
            raw_request("POST", "/v1/cases", body),
            "d1",
            "advisor",
            None,
        );
        match content_type {
            Some(t) => req.headers_mut().insert("content-type", t.parse().unwrap()),
            None => req.headers_mut().remove("content-type"),
        };
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        assert_eq!(s, expected, "{content_type:?}: {p}");
        if expected == 415 {
            assert!(
                p["detail"].as_str().unwrap().contains("application/json"),
                "{p}"
            );
        }
    }
}

#[tokio::test]
async fn the_page_allows_its_own_style_and_script_by_hash_and_nothing_inline_else() {
    let b = TestBackend::embedded();
    let (case, jo, _, _, _) = case_with_jo_dave_and_an_estimate(&b).await;
    let token = link(&b, &case, &jo).await;
    let r =
        casebridge_testkit::send(api(&b.app), request("GET", &format!("/m/{token}"), None)).await;
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = r.text();
    // Every inline style and script on the page is allowed by its own hash
    for (open, close) in [("<style>", "</style>"), ("<script>", "</script>")] {
        let start = html.find(open).unwrap() + open.len();
        let end = start + html[start..].find(close).unwrap();
        let hash = base64::engine::general_purpose::STANDARD
            .encode(sha2::Sha256::digest(&html.as_bytes()[start..end]));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{open}: {csp}");
    }
}

/// The local server on a fresh folder with the demo data.
async fn local_server(timeouts: server::Timeouts) -> (std::path::PathBuf, server::Running) {
    let dir = casebridge_testkit::temp_dir("third-probe");
    let env = casebridge_infra::local::LocalEnv::open_at(&dir, "http://127.0.0.1:9").unwrap();
    casebridge_infra::demo::seed(&env.app).await.unwrap();
    drop(env);
    let srv = server::spawn_with(&dir, 0, timeouts).await.unwrap();
    (dir, srv)
}

#[tokio::test]
async fn a_web_page_cannot_forge_a_stop_or_a_complaint_through_the_local_routes() {
    let (dir, srv) = local_server(server::Timeouts::default()).await;
    let http = casebridge_testkit::http_client();
    let token = local_route_token(&local_secret(&dir).unwrap());
    let stop = json!({"originationNumber": "+12145550199", "destinationNumber": "+12145550100",
        "messageBody": "STOP", "messageKeyword": "STOP", "inboundMessageId": "m-1"});
    let url = format!("{}{}", srv.base_url, server::TWO_WAY_SMS_PATH);
    let post = |ct: &str, origin: Option<&str>, tok: Option<&str>| {
        let mut r = http
            .post(&url)
            .header("content-type", ct)
            .body(stop.to_string());
        if let Some(o) = origin {
            r = r.header("origin", o);
        }
        if let Some(t) = tok {
            r = r.header(LOCAL_TOKEN_HEADER, t);
        }
        r
    };
    // A page's "simple" cross-origin post (text/plain, with its Origin) is refused
    let r = post("text/plain", Some("https://evil.example"), None)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = post("text/plain", None, Some(&token)).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 415);
    // JSON without the data folder's token is refused, and so is a wrong one
    let r = post("application/json", None, None).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 401);
    let r = post("application/json", None, Some("0000"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    // The same for the email-feedback stand-in
    let feedback = format!("{}{}", srv.base_url, server::EMAIL_FEEDBACK_PATH);
    let r = http
        .post(&feedback)
        .header("content-type", "text/plain")
        .header("origin", "http://localhost:8080")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    // What `casebridge sms-in` sends is taken
    let r = post("application/json", None, Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200, "{}", r.text().await.unwrap());
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_client_that_stalls_its_headers_or_body_is_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let timeouts = server::Timeouts {
        header_read: std::time::Duration::from_millis(500),
        body_read: std::time::Duration::from_millis(500),
    };
    let (_dir, srv) = local_server(timeouts).await;
    // Given a client that sends half its headers and stops
    let mut slow = tokio::net::TcpStream::connect(srv.addr).await.unwrap();
    slow.write_all(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    // Then the server closes the connection (bounded here so a hang fails, not blocks)
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the connection was still open after 20 s");
    // Given a client that promises a body and sends part of it
    let mut slow = tokio::net::TcpStream::connect(srv.addr).await.unwrap();
    slow.write_all(b"POST /v1/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"cust")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(read.is_ok(), "the connection was still open after 20 s");
    let answer = String::from_utf8_lossy(&buf);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // And a client that sends its request whole is served as ever
    let r = casebridge_testkit::http_client()
        .get(format!("{}/openapi.json", srv.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn the_unsubscribe_page_masks_the_address() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, case) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"},
        "contacts": [{"name": "Jo Fleet", "email": "jo.fleet@fleet.example", "emailOptIn": true, "caseRole": "primary"}]}))).await;
    let case = case["id"].as_str().unwrap();
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201);
    for e in b.events.events() {
        casebridge_core::notifications::notify_case_event(
            &b.app,
            &e,
            casebridge_core::notifications::LOCAL_BUDGET,
        )
        .await
        .unwrap();
    }
    let emails = b.emails().await;
    let unsubscribe = emails[0]
        .html
        .split("href=\"")
        .map(|s| s.split('"').next().unwrap_or_default())
        .find(|h| h.contains("/e/unsubscribe/"))
        .unwrap()
        .to_string();
    let path = &unsubscribe[unsubscribe.find("/e/unsubscribe/").unwrap()..];
    let page = casebridge_testkit::send(api(&b.app), request("GET", path, None))
        .await
        .text();
    assert!(
        page.contains("j\u{2022}\u{2022}\u{2022}@fleet.example"),
        "{page}"
    );
    assert!(!page.contains("jo.fleet@fleet.example"), "{page}");
}
