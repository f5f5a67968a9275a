//! A platform admin onboards an OEM and a dealer with every switch off; each switch is
//! turned by the role the product gives it, and what it turns off stays off.

use super::*;

async fn a_platform_admin_onboards_an_oem_and_a_dealer_with_every_switch_off(b: TestBackend) {
    onboarded(&b).await;
    // Then the new location has every switch off and no secrets
    let (s, settings) = user(&b.app, "GET", SETTINGS, None, PLATFORM).await;
    assert_eq!(s, 200, "{settings}");
    for off in [
        "prokeepConnectorEnabled",
        "mobileCommunicationsEnabled",
        "partsCounterUsesProkeep",
        "procedeSearchEnabled",
        "prokeepCredentialsConfigured",
        "procedeApiKeyConfigured",
        "smsNumberConfigured",
        "emailSenderConfigured",
    ] {
        assert_eq!(settings[off], false, "{off}: {settings}");
    }
    assert_eq!(settings["connectorSecretsConfigured"], 0);
    // And the OEM lists it, for the platform admin and Kenworth's admin only
    for who in [PLATFORM, KW_OEM_ADMIN] {
        let (s, list) = user(&b.app, "GET", "/v1/oems/kenworth/dealers", None, who).await;
        assert_eq!(s, 200, "{list}");
        assert_eq!(list["items"][0]["id"], "kw-dallas");
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
    }
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/oems/kenworth/dealers",
        None,
        ("d1", "oem_admin", Some("oem-a")),
    )
    .await;
    assert_eq!(s, 404, "another OEM's admin does not see Kenworth");
    // Nobody else onboards, twice is a conflict, and a dealer needs a known OEM and zone
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/oems",
        Some(json!({"id": "mack", "name": "Mack"})),
        KW_ADMIN,
    )
    .await;
    assert_eq!(s, 403, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("platform_admin"),
        "{p}"
    );
    let (s, _) = user(
        &b.app,
        "POST",
        "/v1/oems",
        Some(json!({"id": "kenworth", "name": "Kenworth"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 409);
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "x-1", "name": "X", "oemId": "nobody", "timeZone": "Mars/Olympus"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["timeZone"], "{p}");
    // A platform admin works through the administration routes, not a dealer's own
    let (s, _) = user(&b.app, "GET", "/v1/cases", None, PLATFORM).await;
    assert_eq!(s, 403);
}

async fn each_switch_is_turned_by_the_role_the_product_gives_it(b: TestBackend) {
    onboarded(&b).await;
    // The dealer admin may not turn the connector on, nor mobile communications
    for (field, who) in [
        ("prokeepConnectorEnabled", "platform_admin"),
        ("mobileCommunicationsEnabled", "oem_admin"),
    ] {
        let (s, p) = patch(&b, json!({ field: true }), KW_ADMIN).await;
        assert_eq!(s, 403, "{p}");
        assert!(p["detail"].as_str().unwrap().contains(who), "{p}");
    }
    // The platform admin turns the connector on; the OEM admin turns mobile on
    let (s, v) = patch(&b, json!({"prokeepConnectorEnabled": true}), PLATFORM).await;
    assert_eq!(
        (s, &v["prokeepConnectorEnabled"]),
        (200, &json!(true)),
        "{v}"
    );
    let (s, p) = patch(&b, json!({"mobileCommunicationsEnabled": true}), PLATFORM).await;
    assert_eq!(s, 403, "{p}");
    let (s, v) = patch(
        &b,
        json!({"mobileCommunicationsEnabled": true}),
        KW_OEM_ADMIN,
    )
    .await;
    assert_eq!(
        (s, &v["mobileCommunicationsEnabled"]),
        (200, &json!(true)),
        "{v}"
    );
    // The dealer admin sets the location's own switches, which nobody else may (Procede
    // search once its key is set: issue 21)
    let (s, v) = user(
        &b.app,
        "PUT",
        "/v1/dealers/kw-dallas/procede-credentials",
        Some(json!({"apiKey": "pk-kw-dallas"})),
        PLATFORM,
    )
    .await;
    assert!(s == 200 || s == 204, "{s} {v}");
    let own = json!({"procedeSearchEnabled": true, "partsCounterUsesProkeep": true,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts Counter"}]});
    let (s, p) = patch(&b, own.clone(), KW_OEM_ADMIN).await;
    assert_eq!(s, 403, "{p}");
    let (s, v) = patch(&b, own, KW_ADMIN).await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["procedeSearchEnabled"], true);
    assert_eq!(
        v["prokeepConnectorEnabled"], true,
        "a PATCH leaves the rest"
    );
    // And what GET answers can be PUT back as it is (read-only fields ignored)
    let (_, current) = user(&b.app, "GET", SETTINGS, None, KW_ADMIN).await;
    let (s, again) = user(&b.app, "PUT", SETTINGS, Some(current.clone()), KW_ADMIN).await;
    assert_eq!((s, &again), (200, &current));
    // but an unknown field is still refused, naming it
    let (s, p) = patch(&b, json!({"colour": "red"}), KW_ADMIN).await;
    assert_eq!(s, 400, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("colour"), "{p}");
    // Another dealer's admin does not even see the location
    let (s, _) = patch(
        &b,
        json!({"procedeSearchEnabled": false}),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 404);
}

async fn with_mobile_communications_off_nobody_is_texted_and_the_page_is_closed(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given a d1 case with an invited contact who was texted once
    let (_, case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-9"},
            "contacts": [{"name": "Jo Fleet", "mobile": "+12145550101", "smsOptIn": true, "caseRole": "primary"}]})),
        ("d1", "advisor", None),
    )
    .await;
    let case = case["id"].as_str().unwrap().to_string();
    let note = |text: &str| json!({"text": text, "visibility": "external"});
    user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(note("First")),
        ("d1", "advisor", None),
    )
    .await;
    let first = b.events.events().pop().unwrap();
    b.notify(&first).await.unwrap();
    let link = b.texts().await.pop().unwrap().1;
    let page = format!("/m/{}", link.rsplit("/m/").next().unwrap());
    // When d1's OEM admin turns mobile communications off
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"mobileCommunicationsEnabled": false})),
        ("d1", "oem_admin", Some("oem-a")),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    // Then the next note texts nobody, and the page says to call
    user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(note("Second")),
        ("d1", "advisor", None),
    )
    .await;
    let second = b.events.events().pop().unwrap();
    assert_eq!(b.notify(&second).await.unwrap(), 0);
    assert_eq!(b.texts().await.len(), 1);
    let resp =
        casebridge_testkit::send(api(&b.app), casebridge_testkit::request("GET", &page, None))
            .await;
    assert_eq!(resp.status(), 403);
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    assert!(html.contains("call them"), "{html}");
}

casebridge_testkit::on_every_backend!(
    a_platform_admin_onboards_an_oem_and_a_dealer_with_every_switch_off,
    each_switch_is_turned_by_the_role_the_product_gives_it,
    with_mobile_communications_off_nobody_is_texted_and_the_page_is_closed,
);
