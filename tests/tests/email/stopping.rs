//! Email stops where the person or the address says so: a one-click unsubscribe, a bounce.

use super::*;

async fn one_click_unsubscribe_stops_the_next_email_but_not_the_texts(b: TestBackend) {
    let (case, jo, _, _) = case_with_fleet_contacts(&b).await;
    let seen = note(
        &b,
        &case,
        json!({"text": "First", "visibility": "external"}),
    )
    .await;
    assert_eq!(seen.0, 201);
    notify_since(&b, 0).await;
    let email = b.emails().await.pop().unwrap();
    let unsubscribe = path_of(&link_in(&email.html, "/e/unsubscribe/"));
    // Opening the link (a mail scanner does) changes nothing
    let resp = casebridge_testkit::send(api(&b.app), request("GET", &unsubscribe, None)).await;
    assert_eq!(resp.status(), 200);
    let page = String::from_utf8(resp.body.to_vec()).unwrap();
    // The address shows masked (issue 20): a forwarded email's link shows no one else the
    // address.
    let masked = casebridge_core::text::masked_email(JO_EMAIL);
    assert!(
        page.contains(&masked) && !page.contains(JO_EMAIL) && page.contains("Dealer d1"),
        "{page}"
    );
    let (_, contact) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    assert_eq!(contact["items"][0]["emailOptIn"], true);
    // When Jo's mail client posts the one-click unsubscribe (RFC 8058), twice
    for _ in 0..2 {
        let resp = casebridge_testkit::send(
            api(&b.app),
            form_request(&unsubscribe, "List-Unsubscribe=One-Click"),
        )
        .await;
        assert_eq!(resp.status(), 200);
    }
    // Then the advisor sees why Jo gets no email
    let (_, contacts) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    let jo_now = &contacts["items"][0];
    assert_eq!(jo_now["id"], jo.as_str());
    assert_eq!(jo_now["emailOptIn"], false);
    assert_eq!(jo_now["emailStopped"]["reason"], "unsubscribed");
    // And the next note texts Jo but does not email her; the log says why
    let from = b.events.events().len();
    note(
        &b,
        &case,
        json!({"text": "Second", "visibility": "external"}),
    )
    .await;
    notify_since(&b, from).await;
    assert_eq!(b.emails().await.len(), 1);
    assert_eq!(texts_to(&b.texts().await, JO_MOBILE).len(), 2);
    let newest = log(&b, &case).await;
    let jo_email = newest.iter().find(|e| e["channel"] == "email").unwrap();
    assert_eq!(jo_email["status"], "opted_out", "{newest:?}");
    // A page link is no unsubscribe link
    let page = path_of(&link_in(&email.html, "/m/"));
    let forged = page.replace("/m/", "/e/unsubscribe/");
    let resp = casebridge_testkit::send(
        api(&b.app),
        form_request(&forged, "List-Unsubscribe=One-Click"),
    )
    .await;
    assert_eq!(resp.status(), 404);
}

async fn a_bounce_marks_the_address_and_the_next_email_is_suppressed(b: TestBackend) {
    let (case, _, _, _) = case_with_fleet_contacts(&b).await;
    note(
        &b,
        &case,
        json!({"text": "First", "visibility": "external"}),
    )
    .await;
    notify_since(&b, 0).await;
    let sent = log(&b, &case).await;
    let email = sent.iter().find(|e| e["channel"] == "email").unwrap();
    let message_id = email["providerMessageId"].as_str().unwrap();
    // When SES reports the delivery, then a hard bounce (and the bounce again)
    for kind in ["Delivery", "Bounce", "Bounce"] {
        let report = feedback::parse(&ses_report(kind, message_id)).unwrap();
        assert_eq!(
            feedback::handle(&b.app.as_function(&functions::EMAIL_FEEDBACK), &report)
                .await
                .unwrap(),
            feedback::Handled::Recorded
        );
    }
    // Then the log says failed, and why
    let entries = log(&b, &case).await;
    let email = entries.iter().find(|e| e["channel"] == "email").unwrap();
    assert_eq!(email["status"], "failed", "{email}");
    assert!(
        email["detail"]
            .as_str()
            .unwrap()
            .contains("550 5.1.1 user unknown"),
        "{email}"
    );
    // and the advisor sees why Jo gets no email
    let (_, contacts) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    assert_eq!(contacts["items"][0]["emailStopped"]["reason"], "bounced");
    // And the next note is not emailed: the log says suppressed; the texts go on
    let from = b.events.events().len();
    note(
        &b,
        &case,
        json!({"text": "Second", "visibility": "external"}),
    )
    .await;
    notify_since(&b, from).await;
    assert_eq!(b.emails().await.len(), 1);
    let entries = log(&b, &case).await;
    assert_eq!(
        summary(&entries[..3])
            .iter()
            .filter(|t| t.1 == "email")
            .collect::<Vec<_>>(),
        vec![&triple("Jo Fleet", "email", "suppressed")]
    );
    // A late delivery report does not undo the bounce; a report about a stranger's email
    // is ignored
    let late = feedback::parse(&ses_report("Delivery", message_id)).unwrap();
    feedback::handle(&b.app.as_function(&functions::EMAIL_FEEDBACK), &late)
        .await
        .unwrap();
    let entries = log(&b, &case).await;
    assert_eq!(
        entries.iter().filter(|e| e["status"] == "failed").count(),
        1
    );
    let stranger = feedback::parse(&ses_report("Bounce", "not-ours")).unwrap();
    assert_eq!(
        feedback::handle(&b.app.as_function(&functions::EMAIL_FEEDBACK), &stranger)
            .await
            .unwrap(),
        feedback::Handled::Ignored
    );
}

casebridge_testkit::on_every_backend!(
    one_click_unsubscribe_stops_the_next_email_but_not_the_texts,
    a_bounce_marks_the_address_and_the_next_email_is_suppressed,
);
