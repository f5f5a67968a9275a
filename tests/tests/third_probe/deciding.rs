//! Who decides an estimate, and what is kept of it: only the contacts asked decide, and the
//! address recorded is the one the gateway saw.

use super::*;

async fn only_the_contacts_asked_decide_an_estimate_and_others_read_it(b: TestBackend) {
    // Given an estimate whose approval is requested from Jo only, and Dave (the driver, a
    // recipient) holding a link from an earlier note
    let (case, jo, dave, est, lines) = case_with_jo_dave_and_an_estimate(&b).await;
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let dave_link = link(&b, &case, &dave).await;

    // When Dave opens his link, the messages view lists the estimate as waiting for Jo
    let messages = get_page(&b, &dave_link).await;
    assert!(
        messages.contains(&format!("/m/{dave_link}/estimates/{est}"))
            && messages.contains("Waiting for Jo Fleet"),
        "{messages}"
    );
    // and on the estimate's view he reads it, sees who was asked and has no choices
    let html = get_page(&b, &format!("{dave_link}/estimates/{est}")).await;
    assert!(html.contains("Brake job"), "{html}");
    assert!(
        html.contains("Jo Fleet was asked to decide this estimate"),
        "{html}"
    );
    assert_eq!(html.matches("type=\"radio\"").count(), 0, "{html}");

    // When Dave posts a decline anyway, nothing is recorded and the page says why
    let decide = format!("/m/{dave_link}/estimates/{est}/decisions");
    let body = format!(
        "version=1&line-{}=decline&reason-{}=not+needed",
        lines[0], lines[0]
    );
    let (s, page) = post_form(&b, &decide, &body, "198.51.100.7").await;
    assert_eq!(s, 403, "{page}");
    assert!(
        page.contains("Nothing was recorded") && page.contains("only Jo Fleet was asked"),
        "{page}"
    );
    let history = format!("/v1/cases/{case}/estimates/{est}/history");
    let (_, h) = advisor(&b.app, "GET", &history, None).await;
    assert_eq!(h["decisions"].as_array().unwrap().len(), 0, "{h}");
    assert_eq!(
        h["versions"][0]["askedContacts"][0]["name"], "Jo Fleet",
        "{h}"
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        !notes.to_string().contains("Dave Driver approved")
            && !notes.to_string().contains("Dave Driver declined"),
        "{notes}"
    );

    // Then Jo, who was asked, decides from her link
    let jo_link = link(&b, &case, &jo).await;
    let jo_page = get_page(&b, &jo_link).await;
    assert_eq!(jo_page.matches("name=\"line-").count(), 6);
    assert_eq!(jo_page.matches("name=\"all\"").count(), 2);
    let decide = format!("/m/{jo_link}/estimates/{est}/decisions");
    let (s, page) = post_form(
        &b,
        &decide,
        &format!("version=1&line-{}=approve", lines[0]),
        "198.51.100.7",
    )
    .await;
    assert_eq!(s, 200, "{page}");

    // And the advisor may still decide for anyone, with a reason
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates/{est}/decisions"),
        Some(json!({"version": 1, "lines": [{"lineId": lines[1], "decision": "decline", "reason": "Dave said by phone"}]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

async fn the_decision_records_the_address_the_gateway_saw_not_x_forwarded_for(b: TestBackend) {
    // Given an estimate asked of Jo
    let (case, jo, _, est, lines) = case_with_jo_dave_and_an_estimate(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est})),
    )
    .await;
    // When Jo approves from 198.51.100.7, her request claiming X-Forwarded-For 203.0.113.66
    let jo_link = link(&b, &case, &jo).await;
    let decide = format!("/m/{jo_link}/estimates/{est}/decisions");
    let (s, page) = post_form(
        &b,
        &decide,
        &format!("version=1&line-{}=approve", lines[0]),
        "198.51.100.7",
    )
    .await;
    assert_eq!(s, 200, "{page}");
    // Then the audit holds the gateway's address
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}/history"),
        None,
    )
    .await;
    assert_eq!(h["decisions"][0]["ip"], "198.51.100.7", "{h}");
    assert_eq!(h["decisions"][0]["userAgent"], "Mobile Safari", "{h}");
}

casebridge_testkit::on_every_backend!(
    only_the_contacts_asked_decide_an_estimate_and_others_read_it,
    the_decision_records_the_address_the_gateway_saw_not_x_forwarded_for,
);
