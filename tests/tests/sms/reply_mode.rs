//! The reply mode: the OEM's policy, what dealer admins may change, and mobile-only mode's
//! pointer to the page.

use super::*;

async fn in_mobile_only_mode_a_reply_gets_the_link_once_an_hour(b: TestBackend) {
    let (case, _ann, _bob, number) = setup(&b).await;
    // The OEM admin sets mobile-only with changes allowed; the dealer admin keeps it
    let (s, p) = call(
        &b.app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": true})),
        "d1",
        "oem_admin",
        Some("oem-a"),
    )
    .await;
    assert_eq!(s, 200, "{p}");
    let (_, mode) = advisor(&b.app, "GET", "/v1/dealers/d1/sms-mode", None).await;
    assert_eq!(mode["mode"], "mobile_only");
    let mark = b.events.events().len();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "check_in"})),
    )
    .await;
    notify_since(&b, mark).await;
    assert!(to(&b.texts().await, ANN)[0].contains("Replies only via"));
    assert_eq!(
        b.text_in(&reply(ANN, &number, "when ready?", "m-1", None))
            .await
            .unwrap(),
        Inbound::PointedToLink
    );
    assert_eq!(
        b.text_in(&reply(ANN, &number, "hello??", "m-2", None))
            .await
            .unwrap(),
        Inbound::Quiet
    );
    b.clock.advance(jiff::SignedDuration::from_mins(61));
    assert_eq!(
        b.text_in(&reply(ANN, &number, "anyone?", "m-3", None))
            .await
            .unwrap(),
        Inbound::PointedToLink
    );
    // No text is lost (issue 21; this asserted "no notes" before): each one's words are an
    // internal note for the advisor, none an external one the customer's page would show
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let texts: Vec<(&str, &str)> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["text"].as_str().unwrap(),
                n["visibility"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        texts,
        vec![
            (
                "Texted (replies go through the page): when ready?",
                "internal"
            ),
            ("Texted (replies go through the page): hello??", "internal"),
            ("Texted (replies go through the page): anyone?", "internal"),
        ]
    );
    // And a redelivered text is noted once
    b.text_in(&reply(ANN, &number, "anyone?", "m-3", None))
        .await
        .unwrap();
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert_eq!(notes["items"].as_array().unwrap().len(), 3, "{notes}");
}

async fn the_reply_mode_policy_is_the_oems_and_dealer_admins_change_it_only_where_allowed(
    b: TestBackend,
) {
    seed_dealers(&b.app).await;
    let app = &b.app;
    // oem-a forbids dealer admins to change the mode
    let (s, p) = call(
        app,
        "PUT",
        "/v1/dealers/d1/sms-mode",
        Some(json!({"mode": "mobile_only"})),
        "d1",
        "dealer_admin",
        None,
    )
    .await;
    assert_eq!(s, 403, "{p}");
    assert_eq!(
        call(
            app,
            "PUT",
            "/v1/oems/oem-a/sms-policy",
            Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": true})),
            "d1",
            "dealer_admin",
            None
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(
            app,
            "PUT",
            "/v1/oems/oem-a/sms-policy",
            Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": true})),
            "d3",
            "oem_admin",
            Some("oem-b")
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            app,
            "PUT",
            "/v1/oems/oem-a/sms-policy",
            Some(json!({"defaultMode": "sometimes", "dealerAdminsMayChange": true})),
            "d1",
            "oem_admin",
            Some("oem-a")
        )
        .await
        .0,
        400
    );
    let (s, _) = call(
        app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": true})),
        "d1",
        "oem_admin",
        Some("oem-a"),
    )
    .await;
    assert_eq!(s, 200);
    // now the dealer admin may switch d1 to SMS-and-mobile; d2 keeps the OEM default
    let (s, m) = call(
        app,
        "PUT",
        "/v1/dealers/d1/sms-mode",
        Some(json!({"mode": "sms_and_mobile"})),
        "d1",
        "dealer_admin",
        None,
    )
    .await;
    assert_eq!(
        (s, m["mode"].as_str()),
        (200, Some("sms_and_mobile")),
        "{m}"
    );
    assert_eq!(
        call(
            app,
            "GET",
            "/v1/dealers/d2/sms-mode",
            None,
            "d2",
            "advisor",
            None
        )
        .await
        .1["mode"],
        "mobile_only"
    );
    assert_eq!(
        call(
            app,
            "PUT",
            "/v1/dealers/d1/sms-mode",
            Some(json!({"mode": "sms_and_mobile"})),
            "d2",
            "dealer_admin",
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            app,
            "GET",
            "/v1/dealers/d1/sms-mode",
            None,
            "d2",
            "advisor",
            None
        )
        .await
        .0,
        404
    );
}

casebridge_testkit::on_every_backend!(
    in_mobile_only_mode_a_reply_gets_the_link_once_an_hour,
    the_reply_mode_policy_is_the_oems_and_dealer_admins_change_it_only_where_allowed,
);
