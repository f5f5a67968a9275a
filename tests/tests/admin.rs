//! Administration: a platform admin onboards an OEM and a dealer location, turns its
//! connector on and issues connector secrets; the OEM admin turns mobile communications
//! on; the dealer admin sets its own switches and partner credentials; advisors see the
//! groups they may escalate to — each switch only by the role the product gives it. On the
//! embedded backend and on moto (DynamoDB and Secrets Manager).

mod common;

use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};
use casebridge_testkit::{seed_dealers, signed, TestBackend};
use common::{api, user};
use serde_json::{json, Value};

const PLATFORM: (&str, &str, Option<&str>) = ("", "platform_admin", None);
const KW_OEM_ADMIN: (&str, &str, Option<&str>) = ("", "oem_admin", Some("kenworth"));
const KW_ADMIN: (&str, &str, Option<&str>) = ("kw-dallas", "dealer_admin", None);
const KW_ADVISOR: (&str, &str, Option<&str>) = ("kw-dallas", "advisor", None);
const SETTINGS: &str = "/v1/dealers/kw-dallas/settings";

/// Given Kenworth and its Dallas location, onboarded by the platform admin.
async fn onboarded(b: &TestBackend) {
    seed_dealers(&b.app).await;
    let (s, oem) = user(
        &b.app,
        "POST",
        "/v1/oems",
        Some(json!({"id": "kenworth", "name": "Kenworth"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 201, "{oem}");
    let (s, dealer) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "kw-dallas", "name": "Kenworth of Dallas", "oemId": "kenworth", "timeZone": "America/Chicago"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 201, "{dealer}");
}

async fn patch(b: &TestBackend, body: Value, who: (&str, &str, Option<&str>)) -> (u16, Value) {
    user(&b.app, "PATCH", SETTINGS, Some(body), who).await
}

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
    // The dealer admin sets the location's own switches, which nobody else may
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
    casebridge_core::parts::deliver(&b.app, &escalated, LOCAL_BUDGET)
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
    notify_case_event(&b.app, &first, LOCAL_BUDGET)
        .await
        .unwrap();
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
    assert_eq!(
        notify_case_event(&b.app, &second, LOCAL_BUDGET)
            .await
            .unwrap(),
        0
    );
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
    connector_secrets_rotate_with_both_valid_until_the_old_is_revoked,
    partner_credentials_are_set_and_never_answered,
    an_advisor_lists_the_groups_and_escalates_until_the_connector_is_turned_off,
    with_mobile_communications_off_nobody_is_texted_and_the_page_is_closed,
);
