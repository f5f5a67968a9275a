//! Dealer settings and a location's onboarding through the local server, by the people each
//! belongs to.

use super::*;

#[tokio::test]
async fn dealer_settings_through_the_local_server() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    let admin = token(&dir, demo::DEALER_2, Role::DealerAdmin, None);
    let http = casebridge_testkit::http_client();
    let url = format!("{}/v1/dealers/{}/settings", srv.base_url, demo::DEALER_2);
    let (s, current) = send(&http, reqwest::Method::GET, url.clone(), Some(&admin), None).await;
    assert_eq!(s, StatusCode::OK, "{current}");
    assert_eq!(current["procedeSearchEnabled"], false);
    let mut body = json!({});
    for k in [
        "timeZone",
        "prokeepConnectorEnabled",
        "partsCounterUsesProkeep",
        "prokeepGroups",
        "smsReplyMode",
        "partsReminderMinutes",
    ] {
        body[k] = current[k].clone();
    }
    body["procedeSearchEnabled"] = json!(true);
    // Procede search needs its key (issue 21): a platform admin sets it first
    let platform = token(&dir, "", Role::PlatformAdmin, None);
    let (s, v) = send(
        &http,
        reqwest::Method::PUT,
        format!(
            "{}/v1/dealers/{}/procede-credentials",
            srv.base_url,
            demo::DEALER_2
        ),
        Some(&platform),
        Some(json!({"apiKey": "pk-demo-2"})),
    )
    .await;
    assert!(s.is_success(), "{v}");
    let (s, updated) = send(
        &http,
        reqwest::Method::PUT,
        url.clone(),
        Some(&admin),
        Some(body),
    )
    .await;
    assert_eq!(
        (s, &updated["procedeSearchEnabled"]),
        (StatusCode::OK, &json!(true)),
        "{updated}"
    );
    let advisor = token(&dir, demo::DEALER_2, Role::Advisor, None);
    let (s, _) = send(&http, reqwest::Method::GET, url, Some(&advisor), None).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_location_is_onboarded_and_run_by_the_people_it_belongs_to_through_the_local_server() {
    use casebridge_infra::local::prokeep_outbox;
    use reqwest::Method as M;
    let dir = data_dir();
    seed(&dir).await;
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    let platform = token(&dir, "", Role::PlatformAdmin, None);
    let oem_admin = token(&dir, "", Role::OemAdmin, Some("kenworth"));
    let admin = token(&dir, "kw-dallas", Role::DealerAdmin, None);
    let advisor = token(&dir, "kw-dallas", Role::Advisor, None);
    let call = |method: M, path: &str, who: &str, body: Option<Value>| {
        let (http, target, who) = (http.clone(), url(path), who.to_string());
        async move { send(&http, method, target, Some(&who), body).await }
    };
    // A platform admin onboards an OEM and a dealer, turns the connector on, issues a secret
    let (s, _) = call(
        M::POST,
        "/v1/oems",
        &platform,
        Some(json!({"id": "kenworth", "name": "Kenworth"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, d) = call(M::POST, "/v1/dealers", &platform, Some(json!({"id": "kw-dallas", "name": "Kenworth of Dallas", "oemId": "kenworth", "timeZone": "America/Chicago"}))).await;
    assert_eq!(s, StatusCode::CREATED, "{d}");
    let settings = "/v1/dealers/kw-dallas/settings";
    let (s, _) = call(
        M::PATCH,
        settings,
        &platform,
        Some(json!({"prokeepConnectorEnabled": true})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let (s, first) = call(
        M::POST,
        "/v1/dealers/kw-dallas/connector-secrets",
        &platform,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{first}");
    // the OEM admin turns mobile communications on
    let (s, v) = call(
        M::PATCH,
        settings,
        &oem_admin,
        Some(json!({"mobileCommunicationsEnabled": true})),
    )
    .await;
    assert_eq!(
        (s, &v["mobileCommunicationsEnabled"]),
        (StatusCode::OK, &json!(true))
    );
    // the dealer admin sets Procede and the Prokeep credentials, and the groups
    let (s, _) = call(
        M::PUT,
        "/v1/dealers/kw-dallas/procede-credentials",
        &admin,
        Some(json!({"apiKey": "kw-procede-key"})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = call(
        M::PUT,
        "/v1/dealers/kw-dallas/prokeep-credentials",
        &admin,
        Some(json!({"username": "kw-api", "password": "kw-pass", "sender": "Kenworth Dallas"})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, v) = call(
        M::PATCH,
        settings,
        &admin,
        Some(
            json!({"procedeSearchEnabled": true, "partsCounterUsesProkeep": true,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts Counter"}]}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    // but not the connector switch
    let (s, p) = call(
        M::PATCH,
        settings,
        &admin,
        Some(json!({"prokeepConnectorEnabled": false})),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{p}");
    // The connector signs with the new secret; a rotation keeps both valid until the old is revoked
    let open_cases = |secret: String| {
        let (http, target) = (http.clone(), url("/v1/prokeep/open-cases"));
        async move {
            let sig = casebridge_core::auth::signature::sign(
                &secret,
                jiff::Timestamp::now().as_second(),
                "GET",
                "/v1/prokeep/open-cases",
                b"",
            );
            http.get(target)
                .header("x-casebridge-dealer", "kw-dallas")
                .header("x-casebridge-signature", sig)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    let first_secret = first["secret"].as_str().unwrap().to_string();
    assert_eq!(open_cases(first_secret.clone()).await, StatusCode::OK);
    let (_, second) = call(
        M::POST,
        "/v1/dealers/kw-dallas/connector-secrets",
        &platform,
        None,
    )
    .await;
    let second_secret = second["secret"].as_str().unwrap().to_string();
    assert_eq!(open_cases(first_secret.clone()).await, StatusCode::OK);
    assert_eq!(open_cases(second_secret.clone()).await, StatusCode::OK);
    let (s, _) = call(
        M::DELETE,
        &format!(
            "/v1/dealers/kw-dallas/connector-secrets/{}",
            first["id"].as_str().unwrap()
        ),
        &platform,
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(open_cases(first_secret).await, StatusCode::UNAUTHORIZED);
    assert_eq!(open_cases(second_secret).await, StatusCode::OK);
    // An advisor lists the groups and escalates; Prokeep gets it with the dealer's credentials
    let (s, groups) = call(
        M::GET,
        "/v1/dealers/kw-dallas/prokeep-groups",
        &advisor,
        None,
    )
    .await;
    assert_eq!(
        (s, &groups["items"][0]["id"]),
        (StatusCode::OK, &json!("parts-counter"))
    );
    let (_, case) = call(
        M::POST,
        "/v1/cases",
        &advisor,
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-9"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap().to_string();
    call(
        M::POST,
        &format!("/v1/cases/{case}/status"),
        &advisor,
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    let (s, r) = call(M::POST, &format!("/v1/cases/{case}/parts-escalations"), &advisor,
        Some(json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    let mut posted = String::new();
    for _ in 0..100 {
        posted = std::fs::read_to_string(prokeep_outbox(&dir)).unwrap_or_default();
        if posted.contains("TRB-4471") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        posted.contains("TRB-4471") && posted.contains("kw-api"),
        "{posted}"
    );
    // A case on an unknown customer is refused
    let (s, _) = call(
        M::POST,
        "/v1/cases",
        &advisor,
        Some(json!({"customer": {"name": "X", "id": "cust-nope"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // The Procede previews show the form before the confirm
    let (s, preview) = call(M::GET, "/v1/procede/customers/PRC-100000", &advisor, None).await;
    assert_eq!(s, StatusCode::OK, "{preview}");
    assert_eq!(preview["form"]["name"], "John Deere");
    let (_, none) = call(M::GET, "/v1/customers", &advisor, None).await;
    assert_eq!(none["items"], json!([]));
    let (s, added) = call(
        M::POST,
        "/v1/customers/from-procede",
        &advisor,
        Some(json!({"procedeId": "PRC-100000", "dmsVersion": preview["dmsVersion"]})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{added}");
    let (s, edit) = call(
        M::GET,
        &format!(
            "/v1/customers/{}/refresh-from-procede",
            added["id"].as_str().unwrap()
        ),
        &advisor,
        None,
    )
    .await;
    assert_eq!((s, &edit["changes"]), (StatusCode::OK, &json!([])));
    let (_, listed) = call(M::GET, "/v1/customers?q=deere", &advisor, None).await;
    assert_eq!(listed["items"][0]["name"], "John Deere");
    srv.stop().await.unwrap();
}
