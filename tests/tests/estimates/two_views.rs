//! Two views, as the seeds say: a note's text opens the messages, an approval request's
//! text opens the estimate, each links to the other, and every page (error pages too) says
//! who the dealer is and how to call them. Nothing a customer reads is an id.

use super::*;

const JO: &str = "+12145550123";

async fn a_note_opens_the_messages_and_an_approval_request_opens_the_estimate(b: TestBackend) {
    // Given a dealer that gave its customer phone and address
    let (case, jo) = case_with_contact(&b).await;
    let (s, v) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"customerPhone": "(214) 555-0199", "address": "2400 Commerce St, Dallas, TX 75201"})),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["customerPhone"], "+12145550199", "kept in E.164");
    // When the advisor writes Jo a note and then asks her to approve an estimate
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Parts arrived", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201);
    let seen = notify_since(&b, 0).await;
    let note_link = link_texted(&b, JO, "Parts arrived").await;
    let (id, _) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    notify_since(&b, seen).await;
    let approval_link = link_texted(&b, JO, "ready for your approval").await;
    // Then the note's link opens the messages, with the estimate a link away
    let (s, messages) = open(&b, &note_link).await;
    assert_eq!(s, 200, "{messages}");
    assert!(messages.contains("<h1>Your case</h1>") && messages.contains("Parts arrived"));
    assert!(
        messages.contains(&format!("{note_link}/estimates/{id}")),
        "{messages}"
    );
    assert!(
        !messages.contains("name=\"line-"),
        "no decisions on the messages view"
    );
    // And the approval's link opens the estimate, with the messages a link away
    let (s, estimate) = open(&b, &approval_link).await;
    assert_eq!(s, 200, "{estimate}");
    assert!(estimate.contains("<h1 id=") && estimate.contains("Estimate, version 1"));
    assert!(
        estimate.contains(&format!("{approval_link}/notes")),
        "{estimate}"
    );
    assert_eq!(estimate.matches("name=\"line-").count(), 9);
    // And both say who the dealer is, how to call them, and whose unit it is, with no id
    for page in [&messages, &estimate] {
        let read = visible_text(page);
        for shown in [
            "Dealer d1",
            "2400 Commerce St, Dallas, TX 75201",
            "(214) 555-0199",
            "Case #1001",
            "Jo Fleet Inc",
            "unit T-7",
            "Waiting for your approval",
        ] {
            assert!(read.contains(shown), "{shown:?} in {read}");
        }
        assert!(page.contains("href=\"tel:+12145550199\""), "{page}");
        assert!(!has_uuid(&read), "an id shows: {read}");
    }
}

async fn the_unit_the_dealer_and_whom_to_call_show_on_every_page(b: TestBackend) {
    // Given a case opened with the unit's make, model and VIN, and a dealer without a
    // customer phone (the texting number stands in)
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(
            json!({"customer": {"name": "Prairie Haulers"}, "asset": {"unitNumber": "P-12",
            "make": "Kenworth", "model": "T680", "vin": "1XKYD49X0EJ123456"}}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let (_, jo) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Jo Fleet", "mobile": JO, "smsOptIn": true})),
    )
    .await;
    let jo = jo["id"].as_str().unwrap();
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": jo})),
    )
    .await;
    assert!(s == 200 || s == 201);
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, jo).await;
    let texting = casebridge_core::dealers::load_dealer(
        &b.app,
        &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
    )
    .await
    .unwrap()
    .sms_origination_number
    .unwrap();
    // When Jo opens her link
    let (s, page) = open(&b, &format!("/m/{token}")).await;
    // Then she reads her unit as she knows it, and the number to call is the texting one
    assert_eq!(s, 200, "{page}");
    let read = visible_text(&page);
    for shown in [
        "Prairie Haulers",
        "unit P-12",
        "Kenworth T680",
        "VIN 1XKYD49X0EJ123456",
        "Opened",
    ] {
        assert!(read.contains(shown), "{shown:?} in {read}");
    }
    assert!(page.contains(&format!("href=\"tel:{texting}\"")), "{page}");
    // When she opens an estimate that is not on her case, or a forged link
    let (s, missing) = open(
        &b,
        &format!("/m/{token}/estimates/01900000-0000-7000-8000-000000000000"),
    )
    .await;
    assert_eq!(s, 404, "{missing}");
    let read = visible_text(&missing);
    assert!(read.contains("Dealer d1") && !has_uuid(&read), "{read}");
    assert!(
        missing.contains(&format!("href=\"tel:{texting}\"")),
        "{missing}"
    );
    let (s, forged) = open(&b, "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA").await;
    assert_eq!(s, 404);
    assert!(
        forged.contains("This link does not open anything"),
        "{forged}"
    );
}

async fn the_customer_facing_settings_are_checked(b: TestBackend) {
    seed_dealers(&b.app).await;
    let admin = ("d1", "dealer_admin", None);
    for (bad, field) in [
        (json!({"customerPhone": "call us"}), "customerPhone"),
        (json!({"address": "x".repeat(201)}), "address"),
        (json!({"address": "2400 Commerce St\nDallas"}), "address"),
        (
            json!({"authorisationText": "I agree\u{2028}really"}),
            "authorisationText",
        ),
        (
            json!({"authorisationText": "x".repeat(301)}),
            "authorisationText",
        ),
        (json!({"approvalReminderHours": 0}), "approvalReminderHours"),
        (
            json!({"approvalReminderHours": 169}),
            "approvalReminderHours",
        ),
        (json!({"poNumberRequired": "yes"}), "poNumberRequired"),
    ] {
        let (s, p) = common::user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(bad.clone()),
            admin,
        )
        .await;
        // (a value of the wrong type is a 400, as everywhere in the API)
        let expected = if bad["poNumberRequired"].is_string() {
            400
        } else {
            422
        };
        assert_eq!(s, expected, "{bad} {p}");
        assert!(p.to_string().contains(field), "{field} in {p}");
    }
    // An advisor may not change them; the dealer's admin may
    let (s, _) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"poNumberRequired": true})),
        ("d1", "advisor", None),
    )
    .await;
    assert_eq!(s, 403);
    let (s, v) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"poNumberRequired": true, "approvalReminderHours": 48, "authorisationText": "  I accept the work I approve.  "})),
        admin,
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        (
            &v["poNumberRequired"],
            &v["approvalReminderHours"],
            &v["authorisationText"]
        ),
        (
            &json!(true),
            &json!(48),
            &json!("I accept the work I approve.")
        )
    );
}

casebridge_testkit::on_every_backend!(
    a_note_opens_the_messages_and_an_approval_request_opens_the_estimate,
    the_unit_the_dealer_and_whom_to_call_show_on_every_page,
    the_customer_facing_settings_are_checked,
);
