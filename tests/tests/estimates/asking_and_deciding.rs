//! An estimate asked, decided line by line, revised and asked again; another dealer and
//! strangers get nothing.

use super::*;

async fn an_estimate_is_asked_decided_line_by_line_revised_and_asked_again(b: TestBackend) {
    // Given a case with Jo invited, and an estimate of three lines
    let (case, jo) = case_with_contact(&b).await;
    let base = format!("/v1/cases/{case}/estimates");
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres").await;

    // A decision before anything was sent is refused
    let (s, _) = advisor(&b.app, "POST", &format!("{base}/{id}/decisions"), Some(json!({"version": 1, "lines": [{"lineId": ids[0], "decision": "approve", "reason": "by phone"}]}))).await;
    assert_eq!(s, 409);

    // When the advisor requests approval from Jo
    let quick = format!("/v1/cases/{case}/quick-actions");
    let (s, p) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(
            json!({"action": "request_approval", "estimateId": id, "contactIds": ["not-invited"]}),
        ),
    )
    .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (422, Some("contactIds[0]")),
        "{p}"
    );
    let (s, moved) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    // Then the case is in Request for Approval and version 1 is frozen with every line asked
    assert_eq!(s, 200, "{moved}");
    assert_eq!(moved["status"], "request_for_approval");
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        1,
        "{history}"
    );
    assert_eq!(history["versions"][0]["askedLineIds"], json!(ids));
    // And asking again makes no new version (issue 21: it reminds Jo of version 1)
    let (s, _) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
    let (_, again) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(again["versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        again["versions"][0]["reminders"].as_array().unwrap().len(),
        1
    );

    // When Jo's decisions come in by phone: brakes approved, tyres deferred, wipers declined
    let decide = format!("{base}/{id}/decisions");
    let body = json!({"version": 1, "lines": [
        {"lineId": ids[0], "decision": "approve", "reason": "approved by phone"},
        {"lineId": ids[1], "decision": "defer", "reason": "next month, by phone"},
        {"lineId": ids[2], "decision": "decline", "reason": "declined by phone"}
    ]});
    let (s, decided) = advisor(&b.app, "POST", &decide, Some(body.clone())).await;
    assert_eq!(s, 200, "{decided}");
    // Then each line carries its approval and the approved total is the brake job
    let statuses: Vec<&str> = decided["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["approval"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "deferred", "declined"]);
    assert_eq!(decided["lines"][0]["approval"]["channel"], "staff");
    assert_eq!(decided["totals"]["approvedCents"], 120000);
    // And the case has an internal note that says so, once even if the advisor submits twice
    let (s, _) = advisor(&b.app, "POST", &decide, Some(body)).await;
    assert_eq!(s, 200);
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let said: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .filter(|t| t.contains("approved"))
        .collect();
    assert_eq!(said, ["Service advisor for the customer approved 1 line, deferred 1, declined 1 \u{2014} $1,200.00 approved"], "{notes}");
    assert_eq!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["visibility"] == "internal" && n["source"] == "system")
            .count(),
        1
    );

    // When the advisor revises the tyre price and asks again
    reprice(&b, &case, &id, 1, 42000).await;
    // A decision on version 1 is now refused: the advisor is revising it
    let (s, p) = advisor(&b.app, "POST", &decide, Some(json!({"version": 1, "lines": [{"lineId": ids[1], "decision": "approve", "reason": "by phone"}]}))).await;
    assert_eq!(s, 409, "{p}");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
    // Then only the tyres are asked about in version 2; the other decisions stand
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(history["versions"][1]["number"], 2);
    assert_eq!(history["versions"][1]["askedLineIds"], json!([ids[1]]));
    assert_eq!(history["decisions"].as_array().unwrap().len(), 3);
    assert!(history["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["version"] == 1 && d["channel"] == "staff"));
    let (_, now) = advisor(&b.app, "GET", &format!("{base}/{id}"), None).await;
    let statuses: Vec<&str> = now["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["approval"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "requested", "declined"]);
    assert_eq!(
        b.events
            .kinds()
            .iter()
            .filter(|k| **k == "estimate.sent")
            .count(),
        3,
        "version 1, the reminder about it, version 2"
    );
    assert_eq!(
        b.events
            .kinds()
            .iter()
            .filter(|k| **k == "estimate.decided")
            .count(),
        1
    );
}

async fn another_dealer_and_strangers_get_nothing(b: TestBackend) {
    let (case, _) = case_with_contact(&b).await;
    let base = format!("/v1/cases/{case}/estimates");
    let (_, est) = advisor(
        &b.app,
        "POST",
        &base,
        Some(json!({"lines": [line("fee", "Diagnostics", 1.0, 9900)]})),
    )
    .await;
    let id = est["id"].as_str().unwrap();
    let d2 = ("d2", "advisor", None);
    for (method, path, body) in [
        ("GET", format!("{base}/{id}"), None),
        ("GET", format!("{base}/{id}/history"), None),
        (
            "POST",
            format!("{base}/{id}/decisions"),
            Some(
                json!({"version": 1, "lines": [{"lineId": "x", "decision": "approve", "reason": "r"}]}),
            ),
        ),
        (
            "POST",
            format!("/v1/cases/{case}/quick-actions"),
            Some(json!({"action": "check_in"})),
        ),
    ] {
        let (s, _) = common::user(&b.app, method, &path, body, d2).await;
        assert_eq!(s, 404, "{method} {path}");
    }
    // Other Quick Actions take no estimate
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "check_in", "estimateId": id})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, c) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "check_in"})),
    )
    .await;
    assert_eq!((s, c["status"].as_str()), (200, Some("check_in")));
}

casebridge_testkit::on_every_backend!(
    an_estimate_is_asked_decided_line_by_line_revised_and_asked_again,
    another_dealer_and_strangers_get_nothing,
);
