//! An advisor asks the customer again about an estimate without revising it.

use super::*;

async fn an_advisor_asks_again_without_revising_the_estimate(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given an estimate sent to Jo, who has not answered
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"},
            "contacts": [{"name": "Jo Fleet", "mobile": "+12145550123", "smsOptIn": true, "caseRole": "primary"},
                         {"name": "Dave Driver", "mobile": "+12145550124", "smsOptIn": true, "caseRole": "driver"}]})),
    )
    .await;
    let (jo, dave) = (
        case["contacts"][0]["id"].as_str().unwrap().to_string(),
        case["contacts"][1]["id"].as_str().unwrap().to_string(),
    );
    let case = case["id"].as_str().unwrap().to_string();
    let (_, est) = advisor(&b.app, "POST", &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [{"kind": "labor", "description": "Brake job", "quantity": 1, "unitPriceCents": 60000}]}))).await;
    let est = est["id"].as_str().unwrap().to_string();
    let quick = format!("/v1/cases/{case}/quick-actions");
    let ask = |ids: Vec<String>| json!({"action": "request_approval", "estimateId": est, "contactIds": ids});
    let (s, _) = advisor(&b.app, "POST", &quick, Some(ask(vec![jo.clone()]))).await;
    assert_eq!(s, 200);
    // When the advisor asks again, now Jo and Dave, without changing a line
    let (s, v) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(ask(vec![jo.clone(), dave.clone()])),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    // Then both are texted about version 1 again, and the history says so
    for e in b.events.events() {
        b.notify(&e).await.unwrap();
    }
    let texts = b.texts().await;
    let about = |phone: &str| {
        texts
            .iter()
            .filter(|(p, t)| p == phone && t.contains("approval"))
            .count()
    };
    assert_eq!(
        (about("+12145550123"), about("+12145550124")),
        (2, 1),
        "{texts:?}"
    );
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}/history"),
        None,
    )
    .await;
    assert_eq!(h["versions"].as_array().unwrap().len(), 1, "{h}");
    let reminders = h["versions"][0]["reminders"].as_array().unwrap();
    assert_eq!(reminders.len(), 1, "{h}");
    assert_eq!(
        reminders[0]["askedContacts"].as_array().unwrap().len(),
        2,
        "{h}"
    );
    // And Dave, now asked, may decide from his link
    let dealer = casebridge_core::dealers::DealerId::parse("d1").unwrap();
    let url = casebridge_core::mobile::links::issue(
        &b.app,
        &dealer,
        &casebridge_core::ids::CaseId::parse(&case).unwrap(),
        &casebridge_core::ids::ContactId::parse(&dave).unwrap(),
    )
    .await
    .unwrap();
    let token = url.rsplit("/m/").next().unwrap();
    let page = casebridge_testkit::send(
        common::api(&b.app),
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
    )
    .await;
    let html = page.text();
    assert!(html.contains("type=\"radio\""), "{html}");
    assert!(html.contains("Version 1 sent again by"), "{html}");
    // And once every line is decided there is nothing to ask
    let (_, e) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}"),
        None,
    )
    .await;
    let line = e["lines"][0]["id"].as_str().unwrap().to_string();
    let (s, _) = advisor(&b.app, "POST", &format!("/v1/cases/{case}/estimates/{est}/decisions"),
        Some(json!({"version": 1, "lines": [{"lineId": line, "decision": "approve", "reason": "by phone"}]}))).await;
    assert_eq!(s, 200);
    let (s, p) = advisor(&b.app, "POST", &quick, Some(ask(vec![jo]))).await;
    assert_eq!(s, 409, "{p}");
}

casebridge_testkit::on_every_backend!(an_advisor_asks_again_without_revising_the_estimate);
