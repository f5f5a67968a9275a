//! The Prokeep connector: its secrets rotate, partner credentials are never answered, its
//! picker lists recently closed cases, and parts escalations stop when it is turned off.

use super::*;

async fn connector_secrets_rotate_with_both_valid_until_the_old_is_revoked(b: TestBackend) {
    onboarded(&b).await;
    patch(&b, json!({"prokeepConnectorEnabled": true}), PLATFORM).await;
    let secrets = "/v1/dealers/kw-dallas/connector-secrets";
    // The dealer admin may not issue one
    let (s, _) = user(&b.app, "POST", secrets, None, KW_ADMIN).await;
    assert_eq!(s, 403);
    // The platform admin issues one: shown once
    let (s, first) = user(&b.app, "POST", secrets, None, PLATFORM).await;
    assert_eq!(s, 201, "{first}");
    let first_secret = first["secret"].as_str().unwrap().to_string();
    assert!(first_secret.len() >= 40);
    let open_cases = |secret: String| {
        let app = b.app.clone();
        async move {
            let now = app.clock.now().as_second();
            let req = signed(
                "GET",
                "/v1/prokeep/open-cases",
                b"",
                "kw-dallas",
                &secret,
                now,
            );
            casebridge_testkit::send(api(&app), req)
                .await
                .status()
                .as_u16()
        }
    };
    // The connector signs with it
    assert_eq!(open_cases(first_secret.clone()).await, 200);
    // A rotation: a second secret, both valid
    let (s, second) = user(&b.app, "POST", secrets, None, PLATFORM).await;
    assert_eq!(s, 201, "{second}");
    let second_secret = second["secret"].as_str().unwrap().to_string();
    assert_eq!(open_cases(first_secret.clone()).await, 200);
    assert_eq!(open_cases(second_secret.clone()).await, 200);
    // at most two at once
    let (s, p) = user(&b.app, "POST", secrets, None, PLATFORM).await;
    assert_eq!(s, 409, "{p}");
    // The list shows ids and dates, never a value
    let (s, list) = user(&b.app, "GET", secrets, None, PLATFORM).await;
    assert_eq!(s, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["id"], second["id"]);
    assert!(
        !list.to_string().contains(&first_secret) && !list.to_string().contains(&second_secret)
    );
    // Revoking the old one: it stops opening anything, the new one goes on
    let (s, _) = user(
        &b.app,
        "DELETE",
        &format!("{secrets}/{}", first["id"].as_str().unwrap()),
        None,
        PLATFORM,
    )
    .await;
    assert_eq!(s, 204);
    assert_eq!(open_cases(first_secret).await, 401);
    assert_eq!(open_cases(second_secret).await, 200);
}

async fn partner_credentials_are_set_and_never_answered(b: TestBackend) {
    onboarded(&b).await;
    // The dealer admin sets the Prokeep API credentials and the Procede key
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/dealers/kw-dallas/prokeep-credentials",
        Some(json!({"username": "kw-api", "password": "pk-pass-9", "sender": "Kenworth Dallas"})),
        KW_ADMIN,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/dealers/kw-dallas/procede-credentials",
        Some(json!({"apiKey": "procede-key-7"})),
        KW_ADMIN,
    )
    .await;
    assert_eq!(s, 204);
    // They are kept in the secret store, and the settings only say they are set
    let secrets = b
        .app
        .secrets
        .dealer_uncached(&casebridge_core::dealers::DealerId::parse("kw-dallas").unwrap())
        .await
        .unwrap();
    assert_eq!(secrets.prokeep_api.unwrap().username, "kw-api");
    assert!(secrets.procede_api_key.is_some());
    let (_, settings) = user(&b.app, "GET", SETTINGS, None, KW_ADMIN).await;
    assert_eq!(settings["prokeepCredentialsConfigured"], true);
    assert_eq!(settings["procedeApiKeyConfigured"], true);
    let text = settings.to_string();
    assert!(
        !text.contains("pk-pass-9") && !text.contains("procede-key-7"),
        "{text}"
    );
    // The texting number and sender are the platform admin's; a number is one dealer's
    let messaging = "/v1/dealers/kw-dallas/messaging";
    let body = json!({"smsOriginationNumber": "(214) 555-7000", "emailFromAddress": "service@kw-dallas.example"});
    let (s, _) = user(&b.app, "PUT", messaging, Some(body.clone()), KW_ADMIN).await;
    assert_eq!(s, 403);
    let (s, _) = user(&b.app, "PUT", messaging, Some(body), PLATFORM).await;
    assert_eq!(s, 204);
    let d1_number = casebridge_core::dealers::load_dealer(
        &b.app,
        &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
    )
    .await
    .unwrap()
    .sms_origination_number
    .unwrap();
    let (s, p) = user(
        &b.app,
        "PUT",
        messaging,
        Some(json!({ "smsOriginationNumber": d1_number })),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (_, settings) = user(&b.app, "GET", SETTINGS, None, KW_ADMIN).await;
    assert_eq!(
        (
            &settings["smsNumberConfigured"],
            &settings["emailSenderConfigured"]
        ),
        (&json!(true), &json!(true))
    );
    assert!(
        !settings.to_string().contains("555-7000")
            && !settings.to_string().contains("+12145557000")
    );
    // inbound texts to the new number find the dealer
    assert_eq!(
        casebridge_core::dealers::dealer_of_number(&b.app, "+12145557000")
            .await
            .unwrap()
            .map(|d| d.to_string()),
        Some("kw-dallas".to_string())
    );
}

async fn an_advisor_lists_the_groups_and_escalates_until_the_connector_is_turned_off(
    b: TestBackend,
) {
    onboarded(&b).await;
    patch(&b, json!({"prokeepConnectorEnabled": true}), PLATFORM).await;
    patch(
        &b,
        json!({"partsCounterUsesProkeep": true, "prokeepGroups": [{"id": "parts-counter", "name": "Parts Counter"}]}),
        KW_ADMIN,
    )
    .await;
    // An advisor sees the groups (the settings stay the admins')
    let groups = "/v1/dealers/kw-dallas/prokeep-groups";
    let (s, list) = user(&b.app, "GET", groups, None, KW_ADVISOR).await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(
        list["items"],
        json!([{"id": "parts-counter", "name": "Parts Counter"}])
    );
    assert_eq!(user(&b.app, "GET", SETTINGS, None, KW_ADVISOR).await.0, 403);
    assert_eq!(
        user(&b.app, "GET", groups, None, ("d1", "advisor", None))
            .await
            .0,
        404
    );
    // and escalates a Parts Hold case to one
    let (_, case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-9"}})),
        KW_ADVISOR,
    )
    .await;
    let case = case["id"].as_str().unwrap().to_string();
    user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
        KW_ADVISOR,
    )
    .await;
    let escalation = json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]});
    let path = format!("/v1/cases/{case}/parts-escalations");
    let (s, r) = user(&b.app, "POST", &path, Some(escalation.clone()), KW_ADVISOR).await;
    assert_eq!(s, 201, "{r}");
    // When the platform admin turns the connector off, escalations stop too
    patch(&b, json!({"prokeepConnectorEnabled": false}), PLATFORM).await;
    let (s, p) = user(&b.app, "POST", &path, Some(escalation), KW_ADVISOR).await;
    assert_eq!(s, 409, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("connector is off"),
        "{p}"
    );
    let (_, list) = user(&b.app, "GET", groups, None, KW_ADVISOR).await;
    assert_eq!(list["items"], json!([]));
    // and the escalation queued before is not posted to Prokeep
    let escalated = b
        .events
        .of(casebridge_core::events::EventKind::PartsEscalated)
        .pop()
        .unwrap();
    casebridge_core::parts::deliver(
        &b.app.as_function(&functions::PROKEEP_DELIVERY),
        &escalated,
        LOCAL_BUDGET,
    )
    .await
    .unwrap();
    assert!(b.prokeep.recorded().is_empty());
    let (_, requests) = user(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/parts-requests"),
        None,
        KW_ADVISOR,
    )
    .await;
    let delivery = &requests["items"][0]["delivery"];
    assert_eq!(delivery["status"], "failed", "{requests}");
    assert!(
        delivery["lastError"]
            .as_str()
            .unwrap()
            .contains("turned off"),
        "{requests}"
    );
}

async fn the_connectors_picker_lists_recently_closed_cases_on_request(b: TestBackend) {
    seed_dealers(&b.app).await;
    let open_case = |unit: &'static str| {
        let app = b.app.clone();
        async move {
            let (_, c) = user(
                &app,
                "POST",
                "/v1/cases",
                Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": unit}})),
                D1_ADVISOR,
            )
            .await;
            c["id"].as_str().unwrap().to_string()
        }
    };
    let close = |id: String| {
        let app = b.app.clone();
        async move {
            let (s, v) = user(
                &app,
                "POST",
                &format!("/v1/cases/{id}/status"),
                Some(json!({"status": "closed"})),
                D1_ADVISOR,
            )
            .await;
            assert_eq!(s, 200, "{v}");
        }
    };
    // Given a case closed 40 days ago, one closed yesterday and one open
    let long_ago = open_case("T-OLD").await;
    close(long_ago).await;
    b.clock.advance(jiff::SignedDuration::from_hours(24 * 39));
    let recent = open_case("T-RECENT").await;
    close(recent.clone()).await;
    b.clock.advance(jiff::SignedDuration::from_hours(24));
    let open = open_case("T-OPEN").await;
    let picker = |query: &'static str| {
        let app = b.app.clone();
        async move {
            let now = app.clock.now().as_second();
            let req = signed(
                "GET",
                &format!("/v1/prokeep/open-cases{query}"),
                b"",
                "d1",
                "d1-secret",
                now,
            );
            let resp = casebridge_testkit::send(api(&app), req).await;
            let (s, v) = casebridge_testkit::parts(&resp);
            assert_eq!(s, 200, "{v}");
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap().to_string(),
                        c["status"].as_str().unwrap().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    // Then the picker shows the open case; with includeClosed also yesterday's, marked closed
    assert_eq!(picker("").await, vec![(open.clone(), "open".to_string())]);
    assert_eq!(
        picker("?includeClosed=true").await,
        vec![(open, "open".to_string()), (recent, "closed".to_string())]
    );
    assert_eq!(picker("?includeClosed=true&q=old").await, vec![]);
}

casebridge_testkit::on_every_backend!(
    connector_secrets_rotate_with_both_valid_until_the_old_is_revoked,
    partner_credentials_are_set_and_never_answered,
    an_advisor_lists_the_groups_and_escalates_until_the_connector_is_turned_off,
    the_connectors_picker_lists_recently_closed_cases_on_request,
);
