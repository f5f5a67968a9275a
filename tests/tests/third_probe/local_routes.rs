//! The local server's own doors: a web page cannot forge a STOP or a complaint, a stalling
//! client is cut off, the pages' policy and the unsubscribe page mask what they must.

use super::*;

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
        b.notify(&e).await.unwrap();
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
