//! Each dealer's own: a case names only its dealer's customers; an OEM admin reaches only
//! the OEM's dealers.

use super::*;

#[tokio::test]
async fn a_case_names_only_its_own_dealers_customers() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (s, theirs) = user(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Other Co"})),
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(s, 201, "{theirs}");
    for (what, id) in [
        ("250 KB", json!("c".repeat(250_000))),
        ("unknown", json!("cust-nope")),
        ("another dealer's", theirs["id"].clone()),
    ] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "X", "id": id}, "asset": {"unitNumber": "T-1"}})),
        )
        .await;
        assert_eq!(s, 422, "{what}: {p}");
        assert_eq!(p["errors"][0]["field"], "customer.id", "{what}: {p}");
    }
    let (_, list) = advisor(&b.app, "GET", "/v1/cases", None).await;
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn an_oem_admin_reaches_only_the_dealers_of_their_oem() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, d3_case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "D3 Co"}, "asset": {"unitNumber": "T-3"}})),
        ("d3", "advisor", None),
    )
    .await;
    let d3_case = d3_case["id"].as_str().unwrap().to_string();
    // An oem-a admin whose token names d3 (oem-b's dealer)
    let stray = ("d3", "oem_admin", Some("oem-a"));
    for (method, path, body) in [
        ("GET", "/v1/cases".to_string(), None),
        ("GET", format!("/v1/cases/{d3_case}"), None),
        ("GET", format!("/v1/cases/{d3_case}/notes"), None),
        (
            "POST",
            format!("/v1/cases/{d3_case}/notes"),
            Some(json!({"text": "hi"})),
        ),
        ("GET", format!("/v1/cases/{d3_case}/contacts"), None),
        ("GET", format!("/v1/cases/{d3_case}/parts-requests"), None),
        ("GET", "/v1/dealers/d3/settings".to_string(), None),
        ("GET", "/v1/dealers/d3/sms-mode".to_string(), None),
        ("GET", "/v1/procede/customers?by=name&q=x".to_string(), None),
    ] {
        let (s, p) = user(&b.app, method, &path, body, stray).await;
        assert_eq!(s, 403, "{method} {path}: {p}");
    }
    // Their own OEM's dealer is fine
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/cases",
        None,
        ("d1", "oem_admin", Some("oem-a")),
    )
    .await;
    assert_eq!(s, 200);
}

// ------------------------------------------------------------------ retries and the relay
