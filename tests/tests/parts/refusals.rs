//! Bad escalations and bad callbacks are refused with a reason.

use super::*;

async fn bad_escalations_are_refused_with_a_reason(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, c) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "A"}, "asset": {"unitNumber": "1"}})),
        "d1",
    )
    .await;
    let open = c["id"].as_str().unwrap().to_string();
    let (s, p) = user(
        &b.app,
        "POST",
        &format!("/v1/cases/{open}/parts-escalations"),
        Some(escalation()),
        "d1",
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("Parts Hold"));
    let case = case_on_hold(&b.app).await;
    let path = format!("/v1/cases/{case}/parts-escalations");
    for (body, status, field) in [
        (
            json!({"groupId": "nope", "lines": [{"partNumber": "A", "quantity": 1}]}),
            422,
            "groupId",
        ),
        (
            json!({"groupId": "parts-counter", "lines": []}),
            422,
            "lines",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "A", "quantity": -2}]}),
            422,
            "lines[0].quantity",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "", "quantity": 1}]}),
            422,
            "lines[0].partNumber",
        ),
        (
            json!({"groupId": "parts-counter", "lines": [{"partNumber": "A", "quantity": "two"}]}),
            400,
            "lines[0].quantity",
        ),
    ] {
        let (s, p) = user(&b.app, "POST", &path, Some(body), "d1").await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (status, Some(field)),
            "{p}"
        );
    }
    // Another dealer sees nothing of the case
    assert_eq!(
        user(&b.app, "POST", &path, Some(escalation()), "d2")
            .await
            .0,
        404
    );
    assert_eq!(
        user(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/parts-requests"),
            None,
            "d2"
        )
        .await
        .0,
        404
    );
    // A counter that does not use Prokeep (Decisiv)
    let mut d = casebridge_core::dealers::load_dealer(&b.app, &DealerId::parse("d1").unwrap())
        .await
        .unwrap();
    d.settings.parts_counter_uses_prokeep = false;
    casebridge_core::dealers::seed_dealer(&b.app, &d)
        .await
        .unwrap();
    let (s, p) = user(&b.app, "POST", &path, Some(escalation()), "d1").await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("does not use Prokeep"));
    assert!(requests(&b.app, &case).await.is_empty(), "nothing recorded");
}

async fn bad_callbacks_are_refused_with_a_reason(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    let id = escalate(&b.app, &case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d1", "wrong", NOW)
            .await
            .0,
        401
    );
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d1", "d1-secret", NOW - 600)
            .await
            .0,
        401
    );
    // d2's connector cannot touch d1's request
    assert_eq!(
        callback(&b.app, &id, &claimed("a"), "d2", "d2-secret", NOW)
            .await
            .0,
        404
    );
    assert_eq!(event(&b.app, "no-such-request", claimed("a")).await.0, 404);
    let (s, p) = event(&b.app, &id, json!({"eventId": "t", "type": "teleported", "occurredAt": "2026-11-23T09:00:00Z", "actor": {"name": "X"}})).await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (400, Some("type")),
        "{p}"
    );
    let (s, p) = event(&b.app, &id, json!({"eventId": "t", "type": "ordered", "occurredAt": "2026-11-23T09:00:00Z", "actor": {"name": "X"}, "data": {"eta": "next tuesday"}})).await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (400, Some("data.eta")),
        "{p}"
    );
    // The same event id with a different body is a conflict; the same body is answered again
    assert_eq!(event(&b.app, &id, ordered("dup")).await.0, 200);
    let (s, again) = event(&b.app, &id, ordered("dup")).await;
    assert_eq!((s, again["applied"].as_bool()), (200, Some(false)));
    let mut changed = ordered("dup");
    changed["data"]["confirmation"] = json!("PO-OTHER");
    assert_eq!(event(&b.app, &id, changed).await.0, 409);
    assert_eq!(
        notes(&b.app, &case)
            .await
            .iter()
            .filter(|t| t.contains("ordered"))
            .count(),
        1
    );
}

casebridge_testkit::on_every_backend!(
    bad_escalations_are_refused_with_a_reason,
    bad_callbacks_are_refused_with_a_reason,
);
