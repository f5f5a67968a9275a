//! An advisor types a customer's mobile as the customer says it: it is read in the dealer's
//! country and kept in E.164.

use super::*;

async fn an_advisor_types_a_mobile_as_the_customer_says_it(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap();
    // When the advisor types the number three ways people write it
    for (name, typed) in [
        ("Jo", "214-555-0100"),
        ("Al", "(214) 555-0101"),
        ("Bo", "214.555.0102"),
    ] {
        let (s, c) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": name, "mobile": typed, "smsOptIn": true})),
        )
        .await;
        // Then each is kept in E.164
        assert_eq!(s, 201, "{typed}: {c}");
        assert!(
            c["mobile"].as_str().unwrap().starts_with("+1214555010"),
            "{c}"
        );
    }
    // And a number that cannot be read is one error, saying how to type it
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Cy", "mobile": "555-01", "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{p}");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("214-555-0100"),
        "{p}"
    );
    // And a dealer's country must be one
    let (s, p) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"country": "Texas"})),
        D1_ADMIN,
    )
    .await;
    assert_refused(s, &p, 422, "country");
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"country": "CA"})),
        D1_ADMIN,
    )
    .await;
    assert_eq!((s, v["country"].as_str()), (200, Some("CA")), "{v}");
    // A Canadian location reads 416 numbers as Canadian ones
    let (s, c) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Di", "mobile": "416 555 0199"})),
    )
    .await;
    assert_eq!(
        (s, c["mobile"].as_str()),
        (201, Some("+14165550199")),
        "{c}"
    );
}

casebridge_testkit::on_every_backend!(an_advisor_types_a_mobile_as_the_customer_says_it);
