//! A case on a customer takes the customer's name and number from its record.

use super::*;

async fn a_case_takes_its_customers_name_and_number_from_the_record(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given a Procede customer added to d1, and a customer typed into Case
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"procedeSearchEnabled": true})),
        D1_ADMIN,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    std::fs::write(
        &b.procede_file,
        serde_json::to_vec(
            &json!([{"procedeId": "P2", "name": "Johnson Tires - Denver", "customerNumber": "C-P2",
            "phone": "(303) 555-0100", "city": "Denver", "state": "CO"}]),
        )
        .unwrap(),
    )
    .unwrap();
    let (s, dms) = advisor(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P2"})),
    )
    .await;
    assert_eq!(s, 201, "{dms}");
    let dms = dms["id"].as_str().unwrap();
    let (s, typed) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Fleet Co", "customerNumber": "F-1"})),
    )
    .await;
    assert_eq!(s, 201, "{typed}");
    let typed = typed["id"].as_str().unwrap();
    // When a case names the Procede customer under another name, it is refused
    let (s, p) = advisor(&b.app, "POST", "/v1/cases",
        Some(json!({"customer": {"id": dms, "name": "Totally Different Name"}, "asset": {"unitNumber": "T-1"}}))).await;
    assert_refused(s, &p, 422, "customer.name");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Johnson Tires - Denver"),
        "{p}"
    );
    // When it names the customer alone, the case takes the DMS's name and number
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"id": dms}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    assert_eq!(
        (
            case["customer"]["name"].as_str(),
            case["customer"]["number"].as_str()
        ),
        (Some("Johnson Tires - Denver"), Some("C-P2"))
    );
    // And the same name in other letter case or spacing is the same name
    let (s, _) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"id": dms, "name": "johnson tires  - denver"}, "asset": {"unitNumber": "T-2"}}))).await;
    assert_eq!(s, 201);
    // A Case customer's record wins over a name sent with it
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"id": typed, "name": "Other"}, "asset": {"unitNumber": "T-3"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    assert_eq!(
        (
            case["customer"]["name"].as_str(),
            case["customer"]["number"].as_str()
        ),
        (Some("Fleet Co"), Some("F-1"))
    );
    // And a customer typed on the case still needs its name
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {}, "asset": {"unitNumber": "T-4"}})),
    )
    .await;
    assert_refused(s, &p, 422, "customer.name");
}

casebridge_testkit::on_every_backend!(a_case_takes_its_customers_name_and_number_from_the_record);
