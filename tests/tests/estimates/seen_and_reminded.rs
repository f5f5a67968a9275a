//! Seen and reminded: the advisor learns when Jo first opens the estimate, and a request
//! nobody answers is sent again after the dealer's hours, twice at most, never once every
//! line is decided.

use super::*;
use casebridge_core::estimates::send_approval_reminders;

const JO: &str = "+12145550123";

/// Jo is asked (by text) about the brake job, tyres and wipers; answers (case, estimate id,
/// line ids, the path of the text's link, the events seen so far).
async fn asked_by_text(b: &TestBackend) -> (String, String, Vec<String>, String, usize) {
    let (case, jo) = case_with_contact(b).await;
    let (id, ids) = brakes_tyres_wipers(b, &case, "Tyres").await;
    ask_approval(b, &case, &id, &jo).await;
    let seen = notify_since(b, 0).await;
    let link = link_texted(b, JO, "ready for your approval").await;
    (case, id, ids, link, seen)
}

async fn the_first_look_at_a_version_is_recorded_once_and_logged(b: TestBackend) {
    let (case, id, _, link, seen) = asked_by_text(&b).await;
    // When Jo opens the text's link twice
    for _ in 0..2 {
        let (s, page) = open(&b, &link).await;
        assert_eq!(s, 200, "{page}");
    }
    // Then the version records her first look only, and one estimate.opened event
    let history = format!("/v1/cases/{case}/estimates/{id}/history");
    let (_, h) = advisor(&b.app, "GET", &history, None).await;
    let opened = h["versions"][0]["opened"].as_array().unwrap();
    assert_eq!(opened.len(), 1, "{h}");
    assert_eq!(opened[0]["contact"]["name"], "Jo Fleet");
    assert_eq!(opened[0]["at"], "2026-11-23T09:00:00Z");
    let kinds: Vec<String> = b
        .events
        .events()
        .iter()
        .map(|e| e.kind().to_string())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| *k == "estimate.opened").count(),
        1,
        "{kinds:?}"
    );
    // And the delivery log says she opened it, and the page's history too
    notify_since(&b, seen).await;
    let (_, log) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notifications"),
        None,
    )
    .await;
    let entry = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["status"] == "opened")
        .unwrap_or_else(|| panic!("no opened entry: {log}"))
        .clone();
    assert_eq!(
        (&entry["channel"], &entry["contactName"], &entry["event"]),
        (
            &json!("page"),
            &json!("Jo Fleet"),
            &json!("estimate.opened")
        )
    );
    let (_, page) = open(&b, &format!("{link}/estimates/{id}")).await;
    assert!(
        page.contains("Jo Fleet opened version 1, Mon Nov 23, 3:00 AM CST"),
        "{page}"
    );
    // And the messages view does not count as looking at the estimate
    let (_, h2) = advisor(&b.app, "GET", &history, None).await;
    assert_eq!(h2["versions"][0]["opened"], h["versions"][0]["opened"]);
}

async fn an_unanswered_request_is_reminded_twice_after_the_dealers_hours(b: TestBackend) {
    let (case, id, _, _, seen) = asked_by_text(&b).await;
    let (s, _) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"approvalReminderHours": 24})),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200);
    let hours = |h| b.clock.advance(jiff::SignedDuration::from_hours(h));
    // Before the hours are up nothing goes; after, one reminder, then a second a day later
    hours(23);
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0
    );
    hours(1);
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0,
        "once"
    );
    let seen = notify_since(&b, seen).await;
    let texts = b.texts().await;
    let reminders: Vec<&String> = texts
        .iter()
        .filter(|(to, body)| {
            to == JO
                && body.contains("reminder: estimate for $2,130.00 is waiting for your approval")
        })
        .map(|(_, body)| body)
        .collect();
    assert_eq!(reminders.len(), 1, "{texts:?}");
    // and its link opens the estimate
    let link = link_texted(&b, JO, "reminder: estimate").await;
    let (_, page) = open(&b, &link).await;
    assert!(
        page.contains("Estimate, version 1") && page.contains("name=\"all\""),
        "{page}"
    );
    hours(24);
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        1
    );
    hours(48);
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0,
        "two at most"
    );
    notify_since(&b, seen).await;
    // Then the case and the history say so
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{id}/history"),
        None,
    )
    .await;
    assert_eq!(
        h["versions"][0]["remindedAt"].as_array().unwrap().len(),
        2,
        "{h}"
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        notes.to_string().contains(
            "No answer on estimate version 1 after 24 hours: reminder 1 of 2 sent to Jo Fleet."
        ),
        "{notes}"
    );
}

async fn a_decided_estimate_gets_no_reminder(b: TestBackend) {
    let (case, id, ids, _, _) = asked_by_text(&b).await;
    // Given Jo decided every line by phone
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates/{id}/decisions"),
        Some(json!({"version": 1, "lines": ids.iter().map(|l| json!({"lineId": l, "decision": "approve", "reason": "by phone"})).collect::<Vec<_>>()})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    // When the reminder falls due, none goes
    b.clock.advance(jiff::SignedDuration::from_hours(25));
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0
    );
    b.clock.advance(jiff::SignedDuration::from_hours(25));
    assert_eq!(
        send_approval_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0,
        "and none later"
    );
}

casebridge_testkit::on_every_backend!(
    the_first_look_at_a_version_is_recorded_once_and_logged,
    an_unanswered_request_is_reminded_twice_after_the_dealers_hours,
    a_decided_estimate_gets_no_reminder,
);
