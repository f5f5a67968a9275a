//! What the parts counter reads in Prokeep: counts in plain English, names not ids.

use super::*;
use casebridge_core::notifications::LOCAL_BUDGET;

async fn the_counter_reads_a_case_number_a_unit_and_a_short_reference(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given d1 says where Case shows a case, and a case on Parts Hold
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"caseUrlTemplate": "https://case.example/cases/{caseId}"})),
        D1_ADMIN,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, case) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Johnson Tires"},
        "asset": {"unitNumber": "T-101", "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680"}}))).await;
    let case = case["id"].as_str().unwrap().to_string();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    // When the advisor escalates twice
    let path = format!("/v1/cases/{case}/parts-escalations");
    let body = json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]});
    let escalate = || advisor(&b.app, "POST", &path, Some(body.clone()));
    let (s, first) = escalate().await;
    assert_eq!(s, 201, "{first}");
    let (_, second) = escalate().await;
    assert_eq!(
        (first["reference"].as_str(), second["reference"].as_str()),
        (Some("PR-1001-1"), Some("PR-1001-2"))
    );
    // Then the counter reads the reference, the case number, the unit, the advisor and a
    // link back to the case
    for e in b
        .events
        .events()
        .into_iter()
        .filter(|e| e.kind().as_str() == "parts.escalated")
    {
        casebridge_core::parts::deliver(
            &b.app.as_function(&functions::PROKEEP_DELIVERY),
            &e,
            LOCAL_BUDGET,
        )
        .await
        .unwrap();
    }
    let sent = b.prokeep.recorded();
    let text = sent[0]["text"].as_str().unwrap();
    for part in [
        "Parts request PR-1001-1",
        "Case #1001: Johnson Tires - unit T-101, VIN 1XKYD49X0MJ441256, Kenworth T680",
        "1 x TRB-4471 Turbo actuator",
        "Requested by",
        &format!("Open the case: https://case.example/cases/{case}"),
    ] {
        assert!(text.contains(part), "{part:?} missing from {text}");
    }
    assert!(!text.contains(first["id"].as_str().unwrap()), "{text}");
    // And the counter's claim may quote the reference
    let body = serde_json::to_vec(&json!({"eventId": "e1", "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z", "actor": {"name": "Pat Counter"}})).unwrap();
    let r = common::connector(
        &b.app,
        "POST",
        "/v1/prokeep/parts-requests/PR-1001-1/events",
        &body,
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text());
    // The same event quoting the id is the same event (applied once)
    let by_id = format!(
        "/v1/prokeep/parts-requests/{}/events",
        first["id"].as_str().unwrap()
    );
    let r = common::connector(&b.app, "POST", &by_id, &body).await;
    let (s, v) = casebridge_testkit::parts(&r);
    assert_eq!((s, v["applied"].as_bool()), (200, Some(false)), "{v}");
    // And the note on the case speaks of PR-1001-1
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        notes["items"].as_array().unwrap().iter().any(|n| n["text"]
            .as_str()
            .unwrap()
            .starts_with("Parts request PR-1001-1 was claimed by Pat Counter")),
        "{notes}"
    );
    // A reference nobody made is 404; a template without {caseId} or https is refused
    let r = common::connector(
        &b.app,
        "POST",
        "/v1/prokeep/parts-requests/PR-1001-9/events",
        &body,
    )
    .await;
    assert_eq!(r.status(), 404);
    for bad in [
        "http://case.example/cases/{caseId}",
        "https://case.example/cases",
    ] {
        let (s, p) = user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"caseUrlTemplate": bad})),
            D1_ADMIN,
        )
        .await;
        assert_refused(s, &p, 422, "caseUrlTemplate");
    }
}

casebridge_testkit::on_every_backend!(the_counter_reads_a_case_number_a_unit_and_a_short_reference);
