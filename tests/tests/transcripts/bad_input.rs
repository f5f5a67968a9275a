//! Bad input refused clearly, storing nothing; hostile text rendered safely.

use super::*;

async fn bad_input_is_refused_clearly_and_stores_nothing(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let other = new_case(&b.app, "d2", "Other").await;
    let path = "/v1/prokeep/threads/t1/attachments";
    let body = |c: &str, t: Value| serde_json::to_vec(&json!({"caseId": c, "thread": t})).unwrap();
    let call = |req| async { parts(&casebridge_testkit::send_to_api(&b.app, req).await) };
    let ok = body(&case, thread("open", &["x"]));
    let mut bad_sentat = thread("open", &["x", "y"]);
    bad_sentat["messages"][1]["sentAt"] = json!("yesterday at noon");
    let cases: Vec<(axum::extract::Request, u16, &str)> = vec![
        (
            signed(
                "POST",
                path,
                &body("nope", thread("open", &["x"])),
                "d1",
                "d1-secret",
                NOW,
            ),
            404,
            "case nope",
        ),
        (
            signed(
                "POST",
                path,
                &body(&other, thread("open", &["x"])),
                "d1",
                "d1-secret",
                NOW,
            ),
            404,
            "not found",
        ),
        (
            signed("POST", path, &ok, "d1", "wrong-secret", NOW),
            401,
            "signature",
        ),
        // Every signature failure answers the same words (a stale time included), so a
        // failure tells nothing about which part was wrong or which dealers exist.
        (
            signed("POST", path, &ok, "d1", "d1-secret", NOW - 301),
            401,
            "unknown dealer or bad signature",
        ),
        (
            signed("POST", path, &ok, "d2", "d1-secret", NOW),
            401,
            "signature",
        ),
        (
            signed("POST", path, &ok, "nobody", "x", NOW),
            401,
            "unknown dealer",
        ),
        (
            signed(
                "POST",
                path,
                &body(&case, thread("open", &[])),
                "d1",
                "d1-secret",
                NOW,
            ),
            422,
            "at least one message",
        ),
        (
            signed(
                "POST",
                path,
                &body(&case, bad_sentat),
                "d1",
                "d1-secret",
                NOW,
            ),
            400,
            "\"m1\"",
        ),
        (
            signed(
                "POST",
                path,
                &vec![b' '; thread_export::MAX_BODY_BYTES + 1],
                "d1",
                "d1-secret",
                NOW,
            ),
            413,
            "limit",
        ),
        (
            signed(
                "POST",
                "/v1/prokeep/threads/bad%20id/attachments",
                &ok,
                "d1",
                "d1-secret",
                NOW,
            ),
            400,
            "thread id",
        ),
        (
            signed("POST", path, b"{\"caseId\": 5}", "d1", "d1-secret", NOW),
            400,
            "caseId",
        ),
    ];
    for (req, want, says) in cases {
        let (s, p) = call(req).await;
        assert_eq!(s, want, "{p}");
        assert!(p["detail"].as_str().unwrap().contains(says), "{says}: {p}");
    }
    // Without headers at all
    let mut bare = request("POST", path, None);
    *bare.body_mut() = axum::body::Body::from(ok.clone());
    assert_eq!(call(bare).await.0, 401);
    assert!(
        attachments(&b.app, &case).await.is_empty(),
        "nothing stored"
    );
    assert!(pdf_versions(&b.app, &case, "t1").await.is_empty());
    // A dealer whose connector is off is told so
    let mut d = casebridge_core::dealers::load_dealer(&b.app, &DealerId::parse("d1").unwrap())
        .await
        .unwrap();
    d.settings.prokeep_connector_enabled = false;
    casebridge_core::dealers::seed_dealer(&b.app, &d)
        .await
        .unwrap();
    let (s, p) = call(signed("POST", path, &ok, "d1", "d1-secret", NOW)).await;
    assert_eq!(s, 403, "{p}");
}

async fn hostile_text_renders_safely(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let long_word = "A".repeat(5_000);
    let rtl = "invoice \u{202E}fdp.exe\u{202C} and a bell \u{7} and CJK 你好 and emoji 🚚";
    let (s, a) = attach(
        &b.app,
        "t-hostile",
        &case,
        thread(
            "open",
            &[&long_word, rtl, "José’s “quotes” Ελληνικά Русский"],
        ),
    )
    .await;
    assert_eq!(s, 201, "{a}");
    assert!(a["size"].as_u64().unwrap() > 1000);
}

casebridge_testkit::on_every_backend!(
    bad_input_is_refused_clearly_and_stores_nothing,
    hostile_text_renders_safely,
);
