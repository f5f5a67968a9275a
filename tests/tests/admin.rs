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

const D1_ADVISOR: (&str, &str, Option<&str>) = ("d1", "advisor", None);

async fn case_customers_are_listed_and_searched_and_own_their_assets(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given two customers typed into Case and one added from Procede
    for body in [
        json!({"name": "Johnson Tires", "city": "Denver"}),
        json!({"name": "José's Trucking", "city": "Dallas", "customerNumber": "C-88"}),
    ] {
        let (s, c) = user(&b.app, "POST", "/v1/customers", Some(body), D1_ADVISOR).await;
        assert_eq!(s, 201, "{c}");
    }
    std::fs::write(
        &b.procede_file,
        serde_json::to_vec(&json!([{"procedeId": "P9", "name": "Prairie Haulers", "city": "Tulsa", "customerNumber": "C-9"}])).unwrap(),
    )
    .unwrap();
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"procedeSearchEnabled": true})),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (s, added) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P9"})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{added}");
    // When an advisor lists and searches the customers
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (s, all) = user(&b.app, "GET", "/v1/customers", None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{all}");
    let mut got = names(&all);
    got.sort();
    assert_eq!(
        got,
        vec!["Johnson Tires", "José's Trucking", "Prairie Haulers"]
    );
    // Then every word must start a word of the name, number or city (accents ignored)
    for (q, want) in [
        ("jose", vec!["José's Trucking"]),
        ("dal", vec!["José's Trucking"]),
        ("tul hau", vec!["Prairie Haulers"]),
        ("c-9", vec!["Prairie Haulers"]),
        ("ohnson", vec![]),
    ] {
        let (s, hits) = user(
            &b.app,
            "GET",
            &format!("/v1/customers?q={}", q.replace(' ', "+")),
            None,
            D1_ADVISOR,
        )
        .await;
        assert_eq!(s, 200, "{hits}");
        assert_eq!(names(&hits), want, "{q}");
    }
    let procede = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Prairie Haulers")
        .unwrap();
    assert_eq!(
        (procede["source"].as_str(), procede["readOnly"].as_bool()),
        (Some("procede"), Some(true))
    );
    // one page at a time
    let (_, first) = user(&b.app, "GET", "/v1/customers?limit=2", None, D1_ADVISOR).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["nextPage"].as_str().unwrap();
    let (_, second) = user(
        &b.app,
        "GET",
        &format!("/v1/customers?limit=2&page={next}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    // Another dealer sees none of them
    let (_, theirs) = user(
        &b.app,
        "GET",
        "/v1/customers",
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(theirs["items"], json!([]));
    // Cases on a customer link its asset: the same VIN twice is one asset with both cases
    let johnson = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Johnson Tires")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut case_ids = Vec::new();
    for (unit, vin) in [
        ("T-101", "1XKYD49X0MJ441256"),
        ("T-101B", "1XKYD49X0MJ441256"),
        ("T-7", "3AKJHHDR5KSKE1234"),
    ] {
        let (s, c) = user(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Johnson Tires", "id": johnson},
            "asset": {"unitNumber": unit, "vin": vin, "make": "Kenworth"}})),
            D1_ADVISOR,
        )
        .await;
        assert_eq!(s, 201, "{c}");
        case_ids.push(c["id"].as_str().unwrap().to_string());
    }
    let (s, assets) = user(
        &b.app,
        "GET",
        &format!("/v1/customers/{johnson}/assets"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{assets}");
    let assets = assets["items"].as_array().unwrap();
    assert_eq!(assets.len(), 2, "{assets:?}");
    let twice = assets
        .iter()
        .find(|a| a["vin"] == "1XKYD49X0MJ441256")
        .unwrap();
    assert_eq!(twice["caseIds"], json!([case_ids[0], case_ids[1]]));
    assert_eq!(
        twice["unitNumber"], "T-101B",
        "the latest case says the unit number now"
    );
    // And a case on a customer that is not the dealer's is refused
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "X", "id": "cust-nope"}, "asset": {"unitNumber": "T-1"}})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 422, "{p}");
}

async fn procede_previews_show_the_form_before_the_confirm(b: TestBackend) {
    seed_dealers(&b.app).await;
    let write_dms = |name: &str, city: &str| {
        std::fs::write(
            &b.procede_file,
            serde_json::to_vec(&json!([{"procedeId": "P1", "name": name, "customerNumber": "C-1", "phone": "(214) 555-0123", "city": city, "state": "TX"}])).unwrap(),
        )
        .unwrap();
    };
    write_dms("Prairie Haulers", "Tulsa");
    user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"procedeSearchEnabled": true})),
        ("d1", "dealer_admin", None),
    )
    .await;
    // When the advisor opens the DMS customer: the New Customer form, prefilled, nothing written
    let (s, preview) = user(&b.app, "GET", "/v1/procede/customers/P1", None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["form"]["name"], "Prairie Haulers");
    assert_eq!(preview["form"]["city"], "Tulsa");
    assert!(preview.get("customerId").is_none());
    let (_, listed) = user(&b.app, "GET", "/v1/customers", None, D1_ADVISOR).await;
    assert_eq!(listed["items"], json!([]), "a preview writes nothing");
    // The record changes in Procede before the confirm: the confirm is refused
    write_dms("Prairie Haulers LLC", "Tulsa");
    let stale = preview["dmsVersion"].as_str().unwrap().to_string();
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P1", "dmsVersion": stale})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    // reviewed again, it is confirmed
    let (_, preview) = user(&b.app, "GET", "/v1/procede/customers/P1", None, D1_ADVISOR).await;
    let (s, added) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P1", "dmsVersion": preview["dmsVersion"]})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{added}");
    assert_eq!(added["name"], "Prairie Haulers LLC");
    let id = added["id"].as_str().unwrap().to_string();
    // The Edit Customer form after a change in Procede: the changes, nothing written yet
    write_dms("Prairie Haulers LLC", "Oklahoma City");
    let refresh = format!("/v1/customers/{id}/refresh-from-procede");
    let (s, edit) = user(&b.app, "GET", &refresh, None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{edit}");
    assert_eq!(edit["form"]["city"], "Oklahoma City");
    assert_eq!(edit["customer"]["city"], "Tulsa");
    assert_eq!(
        edit["changes"],
        json!([{"field": "city", "old": "Tulsa", "new": "Oklahoma City"}])
    );
    let (_, still) = user(
        &b.app,
        "GET",
        &format!("/v1/customers/{id}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(still["city"], "Tulsa");
    // A confirm of a stale preview is refused; of the current one, applied
    let version = edit["dmsVersion"].as_str().unwrap().to_string();
    write_dms("Prairie Haulers LLC", "Norman");
    let (s, p) = user(
        &b.app,
        "POST",
        &format!("{refresh}?dmsVersion={version}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (_, edit) = user(&b.app, "GET", &refresh, None, D1_ADVISOR).await;
    let (s, done) = user(
        &b.app,
        "POST",
        &format!(
            "{refresh}?dmsVersion={}",
            edit["dmsVersion"].as_str().unwrap()
        ),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["customer"]["city"], "Norman");
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
    a_platform_admin_onboards_an_oem_and_a_dealer_with_every_switch_off,
    each_switch_is_turned_by_the_role_the_product_gives_it,
    connector_secrets_rotate_with_both_valid_until_the_old_is_revoked,
    partner_credentials_are_set_and_never_answered,
    an_advisor_lists_the_groups_and_escalates_until_the_connector_is_turned_off,
    with_mobile_communications_off_nobody_is_texted_and_the_page_is_closed,
    case_customers_are_listed_and_searched_and_own_their_assets,
    procede_previews_show_the_form_before_the_confirm,
    the_connectors_picker_lists_recently_closed_cases_on_request,
);
