//! The connector's signature: bound to its thread and query, one scheme only, the same
//! answer for every wrong key, no flood read.

use super::*;

#[tokio::test]
async fn a_flood_of_signature_values_is_refused_before_the_body_is_read() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let tag = format!("v2={}", "ab".repeat(32));
    let five_mb = vec![b' '; 5 * 1024 * 1024];
    for (what, header) in [
        (
            "5,000 values",
            format!("t={now},{}", vec![tag.as_str(); 5000].join(",")),
        ),
        ("3 values", format!("t={now},{tag},{tag},{tag}")),
        (
            "over 256 bytes",
            format!("t={now},{tag},v2={}", "a".repeat(300)),
        ),
    ] {
        let req = http::Request::builder()
            .method("POST")
            .uri("/v1/prokeep/threads/t1/attachments")
            .header("x-casebridge-dealer", "d1")
            .header("x-casebridge-signature", header)
            .body(axum::body::Body::from(five_mb.clone()))
            .unwrap();
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        assert_eq!(s, 401, "{what}: {p}");
        assert!(
            p["detail"].as_str().unwrap().contains("malformed"),
            "{what}: {p}"
        );
    }
}

#[tokio::test]
async fn a_signature_for_one_thread_or_query_does_not_work_for_another() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Acme"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let body =
        serde_json::to_vec(&json!({"caseId": case["id"], "thread": thread("open", &["hi"])}))
            .unwrap();
    let now = b.app.clock.now().as_second();
    let sig = casebridge_core::auth::signature::sign(
        "d1-secret",
        now,
        "POST",
        "/v1/prokeep/threads/t1/attachments",
        &body,
    );
    let replay = |path: &str, method: &str, body: &[u8]| {
        http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .header("x-casebridge-dealer", "d1")
            .header("x-casebridge-signature", sig.clone())
            .body(axum::body::Body::from(body.to_vec()))
            .unwrap()
    };
    // The signed request itself passes
    let ok = casebridge_testkit::send(
        api(&b.app),
        replay("/v1/prokeep/threads/t1/attachments", "POST", &body),
    )
    .await;
    assert_eq!(ok.status(), 201, "{}", ok.text());
    // Replayed on another thread, or as a close: refused
    for path in [
        "/v1/prokeep/threads/t2/attachments",
        "/v1/prokeep/threads/t1/close",
    ] {
        let r = casebridge_testkit::send(api(&b.app), replay(path, "POST", &body)).await;
        assert_eq!(r.status(), 401, "{path}");
    }
    // A search signed for one query does not answer another
    let q = casebridge_core::auth::signature::sign(
        "d1-secret",
        now,
        "GET",
        "/v1/prokeep/open-cases?q=acme",
        b"",
    );
    let other = http::Request::builder()
        .uri("/v1/prokeep/open-cases?q=johnson")
        .header("x-casebridge-dealer", "d1")
        .header("x-casebridge-signature", q)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        casebridge_testkit::send(api(&b.app), other).await.status(),
        401
    );
}

#[tokio::test]
async fn the_first_signature_scheme_is_refused_even_when_correct() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let body = b"{}".to_vec();
    // v1: HMAC-SHA256 over "<t>.<body>", as the connector used to sign
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"d1-secret").unwrap();
    mac.update(format!("{now}.").as_bytes());
    mac.update(&body);
    let v1 = format!("t={now},v1={}", hex::encode(mac.finalize().into_bytes()));
    let req = http::Request::builder()
        .method("POST")
        .uri("/v1/prokeep/parts-requests/r1/events")
        .header("x-casebridge-dealer", "d1")
        .header("x-casebridge-signature", v1)
        .body(axum::body::Body::from(body))
        .unwrap();
    let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
    assert_eq!(s, 401, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("v1 scheme"), "{p}");
}

#[tokio::test]
async fn an_unknown_dealer_a_wrong_secret_and_a_stale_time_get_the_same_answer() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let path = "/v1/prokeep/open-cases";
    let attempt = |dealer: &str, secret: &str, t: i64| {
        casebridge_testkit::signed("GET", path, b"", dealer, secret, t)
    };
    let mut answers = Vec::new();
    for req in [
        attempt("no-such-dealer", "d1-secret", now),
        attempt("d1", "wrong-secret", now),
        attempt("d1", "d1-secret", now - 3600),
        attempt("d1", "d1-secret", now + 3600),
    ] {
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        answers.push((
            s,
            p["type"].clone(),
            p["title"].clone(),
            p["detail"].clone(),
        ));
    }
    assert_eq!(answers[0].0, 401);
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
}

// ------------------------------------------------------------------ bounds and ids
