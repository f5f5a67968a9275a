//! Dealer settings for that dealer's admins and their OEM; an advisor builds an estimate
//! and revises a line.

use super::*;

async fn dealer_settings_are_for_that_dealers_admins_and_their_oem(b: TestBackend) {
    seed_dealers(&b.app).await;
    let app = &b.app;
    let settings =
        |oem: Option<&str>, dealer: &str, role: &str, method: &str, body: Option<Value>| {
            let req = as_user(
                request(method, "/v1/dealers/d1/settings", body.as_ref()),
                dealer,
                role,
                oem,
            );
            async move { parts(&casebridge_testkit::send_to_api(app, req).await) }
        };
    // A dealer admin reads the settings, without the connector secrets
    let (status, s) = settings(None, "d1", "dealer_admin", "GET", None).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["timeZone"], "America/Chicago");
    assert_eq!(s["connectorSecretsConfigured"], 1);
    assert!(!s.to_string().contains("d1-secret"), "secrets never leave");
    // and switches Procede search on
    let mut change = json!({"timeZone": "America/Denver", "prokeepConnectorEnabled": true, "partsCounterUsesProkeep": false,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts"}], "procedeSearchEnabled": true});
    let (status, s) = settings(None, "d1", "dealer_admin", "PUT", Some(change.clone())).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        (s["procedeSearchEnabled"].clone(), s["timeZone"].clone()),
        (json!(true), json!("America/Denver"))
    );
    // An advisor may not; another dealer's admin does not even see the dealer
    assert_eq!(settings(None, "d1", "advisor", "GET", None).await.0, 403);
    assert_eq!(
        settings(None, "d2", "dealer_admin", "GET", None).await.0,
        404
    );
    assert_eq!(
        settings(None, "d2", "dealer_admin", "PUT", Some(change.clone()))
            .await
            .0,
        404
    );
    // The OEM's admin may; another OEM's admin may not
    assert_eq!(
        settings(Some("oem-a"), "d2", "oem_admin", "GET", None)
            .await
            .0,
        200
    );
    assert_eq!(
        settings(Some("oem-b"), "d3", "oem_admin", "GET", None)
            .await
            .0,
        404
    );
    // OEM oem-a does not let dealer admins pick the reply mode; its OEM admin can
    change["smsReplyMode"] = json!("mobile_only");
    let (status, p) = settings(None, "d1", "dealer_admin", "PUT", Some(change.clone())).await;
    assert_eq!(status, 403, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("reply mode"));
    assert_eq!(
        settings(
            Some("oem-a"),
            "d1",
            "oem_admin",
            "PUT",
            Some(change.clone())
        )
        .await
        .0,
        200
    );
    // Invalid settings are refused with the field named
    change["timeZone"] = json!("Mars/Olympus");
    let (status, p) = settings(Some("oem-a"), "d1", "oem_admin", "PUT", Some(change)).await;
    assert_eq!(
        (status, &p["errors"][0]["field"]),
        (422, &json!("timeZone"))
    );
}

async fn an_advisor_builds_an_estimate_and_revises_one_line(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = create(&b.app, "Jo Fleet").await;
    let path = format!("/v1/cases/{case}/estimates");
    // When the advisor writes an estimate (with totals the client made up)
    let (status, est) = advisor(&b.app, "POST", &path, Some(json!({"lines": [
        {"kind": "labor", "description": "Brake job, front axle", "quantity": 2.5, "unitPriceCents": 12000, "taxable": false},
        {"kind": "part", "description": "Tyres", "partNumber": "TY-295", "quantity": 2, "unitPriceCents": 45000, "taxable": true},
        {"kind": "part", "description": "Wiper blades", "quantity": 2, "unitPriceCents": 1999, "taxable": true}
    ], "shopSuppliesCents": 1500, "taxCents": 7560}))).await;
    // Then the totals are the server's: 300.00 + 900.00 + 39.98, plus supplies and tax
    assert_eq!(status, 201, "{est}");
    assert_eq!(est["totals"]["subtotalCents"], 123998);
    assert_eq!(est["totals"]["totalCents"], 123998 + 1500 + 7560);
    assert_eq!(
        (
            est["totals"]["laborCents"].clone(),
            est["totals"]["partsCents"].clone()
        ),
        (json!(30000), json!(93998))
    );
    assert_eq!(est["lines"][0]["quantity"], 2.5);
    assert!(est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["approval"]["status"] == "requested"));
    let id = est["id"].as_str().unwrap().to_string();
    // And it is read back and listed on the case
    let (_, read) = advisor(&b.app, "GET", &format!("{path}/{id}"), None).await;
    assert_eq!(read, est);
    let (_, list) = advisor(&b.app, "GET", &path, None).await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    // When the advisor revises the tyre line only
    let mut lines: Vec<Value> = est["lines"].as_array().unwrap().iter().map(|l| json!({
        "id": l["id"], "kind": l["kind"], "description": l["description"], "partNumber": l.get("partNumber"),
        "quantity": l["quantity"], "unitPriceCents": l["unitPriceCents"], "taxable": l["taxable"]})).collect();
    lines[1]["unitPriceCents"] = json!(42000);
    let (status, revised) = advisor(
        &b.app,
        "PUT",
        &format!("{path}/{id}"),
        Some(json!({"lines": lines, "shopSuppliesCents": 1500, "taxCents": 7200})),
    )
    .await;
    assert_eq!(status, 200, "{revised}");
    assert_eq!(revised["totals"]["subtotalCents"], 117998);
    assert_eq!(revised["version"], 2);
    assert_eq!(revised["lines"][0]["id"], est["lines"][0]["id"]);
    // Bad input is named, another dealer sees nothing, an OEM admin cannot write
    let (status, p) = advisor(
        &b.app,
        "POST",
        &path,
        Some(json!({"lines": [
        {"kind": "fee", "description": "", "quantity": 0.333, "unitPriceCents": 1}]})),
    )
    .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 2, "{p}");
    let (status, _) = call(
        &b.app,
        "GET",
        &format!("{path}/{id}"),
        None,
        "d2",
        "advisor",
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = advisor(&b.app, "GET", &format!("{path}/no%23such"), None).await;
    assert_eq!(status, 404);
}

casebridge_testkit::on_every_backend!(
    an_advisor_builds_an_estimate_and_revises_one_line,
    dealer_settings_are_for_that_dealers_admins_and_their_oem,
);
