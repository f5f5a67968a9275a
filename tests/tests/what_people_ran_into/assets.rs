//! A customer's units: added before any case, and a case on a customer is on one of them.

use super::*;

async fn an_advisor_adds_a_unit_to_a_customer_before_any_case(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, fleet) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Fleet Co"})),
    )
    .await;
    let (_, other) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Other Haulage"})),
    )
    .await;
    let (fleet, other) = (fleet["id"].as_str().unwrap(), other["id"].as_str().unwrap());
    let unit = json!({"unitNumber": "T-680", "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680", "year": 2021});
    // When the advisor adds the unit to Fleet Co
    let (s, a) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{fleet}/assets"),
        Some(unit.clone()),
    )
    .await;
    // Then it is listed with the customer, with no case yet
    assert_eq!(s, 201, "{a}");
    assert_eq!(
        (a["year"].as_u64(), a["caseIds"].as_array().map(Vec::len)),
        (Some(2021), Some(0)),
        "{a}"
    );
    let (_, list) = advisor(
        &b.app,
        "GET",
        &format!("/v1/customers/{fleet}/assets"),
        None,
    )
    .await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
    // And the same VIN on another customer is refused, naming whose it is
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{other}/assets"),
        Some(unit.clone()),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("Fleet Co"), "{p}");
    // And twice on the same customer too
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{fleet}/assets"),
        Some(unit),
    )
    .await;
    assert_eq!(s, 409);
    // A case opened on the unit joins it
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"id": fleet},
        "asset": {"unitNumber": "T-680", "vin": "1XKYD49X0MJ441256"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let (_, list) = advisor(
        &b.app,
        "GET",
        &format!("/v1/customers/{fleet}/assets"),
        None,
    )
    .await;
    assert_eq!(
        list["items"][0]["caseIds"].as_array().unwrap().len(),
        1,
        "{list}"
    );
    // A VIN first seen on a case is that customer's too
    let (_, c) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"id": other},
        "asset": {"unitNumber": "W-9", "vin": "3AKJHHDR5JSJV1234"}})),
    )
    .await;
    assert!(c["id"].is_string(), "{c}");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{fleet}/assets"),
        Some(json!({"unitNumber": "W-9", "vin": "3AKJHHDR5JSJV1234"})),
    )
    .await;
    assert_eq!(s, 409);
    // Bad input names the field
    for (body, field) in [
        (
            json!({"unitNumber": "", "vin": "1XKYD49X0MJ441257"}),
            "unitNumber",
        ),
        (json!({"unitNumber": "T-1", "vin": "SHORT"}), "vin"),
        (json!({"unitNumber": "T-1", "year": 1850}), "year"),
    ] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/customers/{fleet}/assets"),
            Some(body),
        )
        .await;
        assert_refused(s, &p, 422, field);
    }
    // Another dealer's advisor reaches nothing of it
    let (s, _) = user(
        &b.app,
        "POST",
        &format!("/v1/customers/{fleet}/assets"),
        Some(json!({"unitNumber": "X-1"})),
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(s, 404);
}

casebridge_testkit::on_every_backend!(an_advisor_adds_a_unit_to_a_customer_before_any_case);
