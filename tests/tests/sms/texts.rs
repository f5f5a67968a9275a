//! Texts going out: a text reaches the phone intact, and each invited contact gets one text
//! per event with a working link.

use super::*;

async fn a_text_reaches_the_phone_intact_and_a_bad_number_is_refused(b: TestBackend) {
    let sms = OutgoingSms {
        from: "+12145550000".into(),
        to: "+12145550100".into(),
        body: "Case C-1: Asset Ready ✓ https://example.test/m/x".into(),
    };
    let id = b.app.sms.send(&sms).await.unwrap();
    assert!(!id.is_empty(), "a message id to match replies against");
    assert_eq!(
        b.texts().await,
        vec![("+12145550100".to_string(), sms.body.clone())]
    );
    if b.name == "moto" {
        // SNS enforces E.164 on the phone number
        let bad = OutgoingSms {
            to: "555-0100".into(),
            ..sms
        };
        assert!(matches!(
            b.app.sms.send(&bad).await,
            Err(SmsError::Refused(_))
        ));
    }
}

async fn invited_contacts_get_one_text_per_event_with_a_working_link(b: TestBackend) {
    let (case, ann, _bob, _) = setup(&b).await;
    let mark = b.events.events().len();
    // An internal note texts nobody; an external note and Asset Ready text both contacts
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "internal only"})),
    )
    .await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Turbo replaced, test drive at 3", "visibility": "external"})),
    )
    .await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "asset_ready"})),
    )
    .await;
    let events = notify_since(&b, mark).await;
    // The same deliveries again (SNS redelivers): nothing more is sent
    for e in &events {
        b.notify(e).await.unwrap();
    }
    let texts = b.texts().await;
    let anns = to(&texts, ANN);
    assert_eq!(anns.len(), 2, "{texts:?}");
    assert_eq!(to(&texts, BOB).len(), 2);
    assert!(
        anns[0].contains("Turbo replaced") && anns[1].contains("ready"),
        "{anns:?}"
    );
    for t in &texts {
        assert!(segments::measure(&t.1).segments <= 2, "{t:?}");
        assert!(
            t.1.contains("Reply to this text"),
            "sms_and_mobile invites a reply: {t:?}"
        );
    }
    // The link in the text opens this case for this contact
    let token = anns[0].rsplit("/m/").next().unwrap();
    let claims = casebridge_core::mobile::links::resolve(&b.app, token)
        .await
        .unwrap()
        .claims;
    assert_eq!(
        (claims.case_id.as_str(), claims.contact_id.as_str()),
        (case.as_str(), ann.as_str())
    );
}

async fn the_approval_text_names_the_amount_and_a_note_ends_with_one_full_stop(b: TestBackend) {
    // Given Ann and Bob invited to a case
    let (case, ann, _bob, _) = setup(&b).await;
    let mark = b.events.events().len();
    // When the advisor writes an external note that ends with its own full stop
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "We will call you shortly.", "visibility": "external"})),
    )
    .await;
    // And asks Ann to approve an estimate of $1,200 labour, $900 parts, $25 supplies, $76.50 tax
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000},
            {"kind": "part", "description": "Tyres", "quantity": 2, "unitPriceCents": 45000}
        ], "shopSuppliesCents": 2500, "taxCents": 7650})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est["id"], "contactIds": [ann]})),
    )
    .await;
    assert_eq!(s, 200);
    notify_since(&b, mark).await;
    // Then Ann's texts say "shortly." once, and name the amount she is asked to approve
    let texts = to(&b.texts().await, ANN);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("new message: We will call you shortly. Reply")),
        "{texts:?}"
    );
    assert!(texts.iter().all(|t| !t.contains("..")), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("estimate for $2,201.50 is ready for your approval.")),
        "{texts:?}"
    );
}

casebridge_testkit::on_every_backend!(
    the_approval_text_names_the_amount_and_a_note_ends_with_one_full_stop,
    a_text_reaches_the_phone_intact_and_a_bad_number_is_refused,
    invited_contacts_get_one_text_per_event_with_a_working_link,
);
