//! Emails reaching people: the inbox, the primary contact and the driver without an
//! invitation, a Quick Action for the driver only.

use super::*;

async fn an_email_reaches_the_inbox_and_an_unverified_sender_is_refused(b: TestBackend) {
    let email = OutgoingEmail {
        from: "\"Dealer d1\" <service-d1@dealers.example>".into(),
        to: JO_EMAIL.into(),
        subject: "Dealer d1: case #1001 (unit T-680) - your asset is ready".into(),
        text: "Your asset is ready.".into(),
        html: "<p>Your asset is ready. Ünïcode ✓</p>".into(),
        headers: vec![],
        tags: vec![("dealer".into(), "d1".into())],
    };
    let id = b.app.email.send(&email).await.unwrap();
    assert!(!id.is_empty(), "a message id SES's reports will name");
    let seen = b.emails().await;
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (
            seen[0].to.as_str(),
            seen[0].subject.as_str(),
            seen[0].html.as_str()
        ),
        (JO_EMAIL, email.subject.as_str(), email.html.as_str())
    );
    if b.name == "moto" {
        // SES sends only from a verified identity
        let stranger = OutgoingEmail {
            from: "someone@unverified.example".into(),
            ..email
        };
        assert!(matches!(
            b.app.email.send(&stranger).await,
            Err(EmailError::Refused(_))
        ));
    }
}

async fn an_external_note_reaches_the_primary_contact_and_the_driver_without_an_invitation(
    b: TestBackend,
) {
    let (case, jo, _dave, _olga) = case_with_fleet_contacts(&b).await;
    // When the advisor posts an external note
    let seen = b.events.events().len();
    let (status, posted) = note(
        &b,
        &case,
        json!({"text": "Brakes done, ready at 4 <b>today</b>", "visibility": "external"}),
    )
    .await;
    assert_eq!(status, 201, "{posted}");
    notify_since(&b, seen).await;
    // Then Jo gets a text and an email, Dave a text, Olga (not invited) nothing
    let texts = b.texts().await;
    assert_eq!(texts_to(&texts, JO_MOBILE).len(), 1, "{texts:?}");
    assert_eq!(texts_to(&texts, DAVE_MOBILE).len(), 1, "{texts:?}");
    assert!(texts_to(&texts, OLGA_MOBILE).is_empty(), "{texts:?}");
    assert!(texts_to(&texts, JO_MOBILE)[0].contains("new message: Brakes done"));
    let emails = b.emails().await;
    assert_eq!(emails.len(), 1, "{emails:?}");
    let email = &emails[0];
    assert_eq!(email.to, JO_EMAIL);
    assert_eq!(
        email.subject,
        "Dealer d1: case #1001 (unit T-680) - new message"
    );
    // the note's words, escaped, the case and unit, the page link and the way out
    assert!(
        email
            .html
            .contains("Brakes done, ready at 4 &lt;b&gt;today&lt;/b&gt;"),
        "{}",
        email.html
    );
    assert!(
        email.html.contains("Case #1001, unit T-680"),
        "{}",
        email.html
    );
    let page = path_of(&link_in(&email.html, "/m/"));
    assert!(link_in(&email.html, "/e/unsubscribe/").contains("/e/unsubscribe/"));
    // and the email's link opens the case's page for Jo, who was never invited
    let resp = casebridge_testkit::send(api(&b.app), request("GET", &page, None)).await;
    assert_eq!(resp.status(), 200);
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    assert!(html.contains("Brakes done"), "{html}");
    // And the delivery log shows each send, with the provider's message id
    let entries = log(&b, &case).await;
    let mut got = summary(&entries);
    got.sort();
    assert_eq!(
        got,
        vec![
            triple("Dave Driver", "sms", "sent"),
            triple("Jo Fleet", "email", "sent"),
            triple("Jo Fleet", "sms", "sent"),
        ]
    );
    for e in &entries {
        assert_eq!(e["event"], "note.created");
        assert!(!e["providerMessageId"].as_str().unwrap().is_empty(), "{e}");
    }
    let jo_email = entries.iter().find(|e| e["channel"] == "email").unwrap();
    assert_eq!(
        (jo_email["contactId"].as_str(), jo_email["to"].as_str()),
        (Some(jo.as_str()), Some(JO_EMAIL))
    );
    // A redelivered event sends nothing twice
    let noted = b.events.of(EventKind::NoteCreated).pop().unwrap();
    assert_eq!(b.notify(&noted).await.unwrap(), 0);
    assert_eq!(b.emails().await.len(), 1);
    assert_eq!(b.texts().await.len(), 2);
}

async fn a_quick_action_sent_to_the_driver_only_reaches_the_driver(b: TestBackend) {
    let (case, _jo, dave, olga) = case_with_fleet_contacts(&b).await;
    let seen = b.events.events().len();
    // When the advisor checks the unit in and tells the driver only
    let (status, moved) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "check_in", "contactIds": [dave]})),
    )
    .await;
    assert_eq!(status, 200, "{moved}");
    notify_since(&b, seen).await;
    // Then only Dave hears of it
    let texts = b.texts().await;
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert_eq!(texts[0].0, DAVE_MOBILE);
    assert!(texts[0].1.contains("your asset is checked in"), "{texts:?}");
    assert!(b.emails().await.is_empty());
    assert_eq!(
        summary(&log(&b, &case).await),
        vec![triple("Dave Driver", "sms", "sent")]
    );
    // And a contact who is not a recipient cannot be named, nor can an internal note notify
    let (status, refused) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "asset_ready", "contactIds": [olga]})),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["errors"][0]["field"] == "contactIds[0]",
        "{refused}"
    );
    let (status, refused) = note(
        &b,
        &case,
        json!({"text": "Internal", "visibility": "internal", "contactIds": [dave]}),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    // An external note to Jo only reaches Jo (by both channels)
    let seen = b.events.events().len();
    let (status, _) = note(
        &b,
        &case,
        json!({"text": "Jo: call me", "visibility": "external", "contactIds": [_jo]}),
    )
    .await;
    assert_eq!(status, 201);
    notify_since(&b, seen).await;
    let texts = b.texts().await;
    assert_eq!(texts_to(&texts, JO_MOBILE).len(), 1, "{texts:?}");
    assert_eq!(texts_to(&texts, DAVE_MOBILE).len(), 1, "{texts:?}");
    assert_eq!(b.emails().await.len(), 1);
}

casebridge_testkit::on_every_backend!(
    an_email_reaches_the_inbox_and_an_unverified_sender_is_refused,
    an_external_note_reaches_the_primary_contact_and_the_driver_without_an_invitation,
    a_quick_action_sent_to_the_driver_only_reaches_the_driver,
);
