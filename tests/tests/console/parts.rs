//! A Parts Hold case escalated from the case page, as the seed says: the advisor puts the
//! case on Parts Hold, opens "Prokeep escalation" in the attachments section, picks the
//! group, types the parts lines and a note; the counter's steps come back as the signed
//! callbacks the connector sends; the advisor reads them on the case page.

use super::*;
use casebridge_testkit::signed;

async fn counter_says(app: &App, request: &str, body: serde_json::Value) {
    let bytes = serde_json::to_vec(&body).unwrap();
    let now = app.clock.now().as_second();
    let req = signed(
        "POST",
        &format!("/v1/prokeep/parts-requests/{request}/events"),
        &bytes,
        "d1",
        "d1-secret",
        now,
    );
    let reply = casebridge_testkit::send_to_api(app, req).await;
    assert_eq!(reply.status(), 200, "{}", reply.text());
}

#[tokio::test]
async fn a_parts_hold_case_is_escalated_from_the_case_page_and_the_counters_steps_show_on_it() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    // Given the case is open, Then the escalation is not offered yet
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("offered while the case is on Parts Hold"),
        "{page}"
    );
    // When the advisor puts it on Parts Hold
    let held = send(
        console(&b.app),
        post(
            &format!("{page_path}/status"),
            &me,
            &[("csrf", &csrf_of(&page)), ("status", "parts_hold")],
        ),
    )
    .await;
    assert_eq!(held.status(), 303, "{}", held.text());
    // And sends two parts lines to the counter's group with a note
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Prokeep escalation") && page.contains("Parts Hold"),
        "{page}"
    );
    let sent = send(
        console(&b.app),
        post(
            &format!("{page_path}/parts-escalations"),
            &me,
            &[
                ("csrf", &csrf_of(&page)),
                ("group", "parts-counter"),
                ("part-0", "TRB-4471"),
                ("description-0", "Turbo actuator"),
                ("quantity-0", "1"),
                ("part-1", "HSE-22"),
                ("description-1", "Intake hose"),
                ("quantity-1", "2"),
                ("part-2", ""),
                ("description-2", ""),
                ("quantity-2", ""),
                ("note", "Customer waiting"),
            ],
        ),
    )
    .await;
    assert_eq!(sent.status(), 303, "{}", sent.text());
    let listed = api_get(&b.app, &format!("/v1/cases/{case}/parts-requests")).await;
    let request = listed["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        listed["items"][0]["lines"].as_array().unwrap().len(),
        2,
        "{listed}"
    );
    // When the counter claims it, orders it with an ETA, and receives it
    counter_says(&b.app, &request, json!({"eventId": "e1", "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z", "actor": {"name": "Pat Counter"}})).await;
    counter_says(&b.app, &request, json!({"eventId": "e2", "type": "ordered", "occurredAt": "2026-11-23T09:20:00Z", "actor": {"name": "Pat Counter"}, "data": {"confirmation": "PO-99812", "eta": "2026-11-25"}})).await;
    counter_says(&b.app, &request, json!({"eventId": "e3", "type": "received", "occurredAt": "2026-11-25T10:00:00Z", "actor": {"name": "Pat Counter"}})).await;
    // Then the case page shows the request received, its confirmation and ETA, the history
    // by the counter's name, and the notes the steps wrote
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    for want in [
        "Parts Received",
        "PO-99812",
        "ETA Nov 25, 2026",
        "Pat Counter",
        "2 × HSE-22 — Intake hose",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let notes = api_get(&b.app, &format!("/v1/cases/{case}/notes")).await;
    for n in notes["items"].as_array().unwrap() {
        let text = n["text"].as_str().unwrap();
        assert!(
            page.contains(&maud::html! { (text) }.into_string()),
            "the note {text:?} is on the page"
        );
    }
}

#[tokio::test]
async fn an_escalation_with_a_bad_quantity_names_its_line_and_sends_nothing() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "Acme Freight").await;
    let (s, _) = user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
        ("d1", "advisor", None),
    )
    .await;
    assert_eq!(s, 200);
    let me = sign_in(&b.app, "advisor", "d1").await;
    let r = send_form(
        &b.app,
        &me,
        &format!("/console/cases/{case}"),
        &format!("/console/cases/{case}/parts-escalations"),
        &[
            ("group", "parts-counter"),
            ("part-0", "TRB-4471"),
            ("quantity-0", "two"),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(
        r.text().contains("line 1") && r.text().contains("whole number"),
        "{}",
        r.text()
    );
    let listed = api_get(&b.app, &format!("/v1/cases/{case}/parts-requests")).await;
    assert_eq!(listed["items"], json!([]));
}
