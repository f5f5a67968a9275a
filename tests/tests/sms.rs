//! Two-way SMS: contacts, invitations, the reply-mode policy, notifications for notes and
//! Quick Actions, inbound replies with STOP/HELP — on the embedded backend and on SNS in moto.

use casebridge_core::events::DomainEvent;
use casebridge_core::notifications::notify_case_event;
use casebridge_core::notifications::LOCAL_BUDGET;
use casebridge_core::ports::{OutgoingSms, SmsError};
use casebridge_core::sms::inbound::{self, Inbound, TwoWaySms};
use casebridge_core::sms::segments;
use casebridge_core::App;
use casebridge_testkit::{request, seed_dealers, TestBackend};
use serde_json::{json, Value};

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

async fn call(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
    role: &str,
    oem: Option<&str>,
) -> (u16, Value) {
    casebridge_testkit::user(app, method, path, body, (dealer, role, oem)).await
}

async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, method, path, body, "d1", "advisor", None).await
}

const ANN: &str = "+12145550101";
const BOB: &str = "+12145550102";

/// A d1 customer and case, with an ongoing contact (Ann) and a one-time contact (Bob), both
/// invited. Answers (case id, Ann's id, Bob's id, d1's texting number).
async fn setup(b: &TestBackend) -> (String, String, String, String) {
    seed_dealers(&b.app).await;
    let (_, customer) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Johnson Tires"})),
    )
    .await;
    let cu = customer["id"].as_str().unwrap();
    let (s, case) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Johnson Tires", "id": cu}, "asset": {"unitNumber": "T-101"}}))).await;
    assert_eq!(s, 201);
    let case = case["id"].as_str().unwrap().to_string();
    let (s, ann) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{cu}/contacts"),
        Some(json!({"name": "Ann Fleet", "mobile": ANN, "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{ann}");
    let (s, bob) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Bob Driver", "mobile": BOB, "smsOptIn": true})),
    )
    .await;
    assert_eq!((s, bob["ongoing"].as_bool()), (201, Some(false)), "{bob}");
    let (ann, bob) = (
        ann["id"].as_str().unwrap().to_string(),
        bob["id"].as_str().unwrap().to_string(),
    );
    for c in [&ann, &bob] {
        let (s, v) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/invitations"),
            Some(json!({"contactId": c})),
        )
        .await;
        assert_eq!(s, 201, "{v}");
    }
    let number = casebridge_core::dealers::load_dealer(
        &b.app,
        &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
    )
    .await
    .unwrap()
    .sms_origination_number
    .unwrap();
    (case, ann, bob, number)
}

/// Runs case-notify on every event published since `from` (as the SNS subscription would).
async fn notify_since(b: &TestBackend, from: usize) -> Vec<DomainEvent> {
    let events: Vec<DomainEvent> = b.events.events().into_iter().skip(from).collect();
    for e in &events {
        notify_case_event(&b.app, e, LOCAL_BUDGET).await.unwrap();
    }
    events
}

fn to(texts: &[(String, String)], phone: &str) -> Vec<String> {
    texts
        .iter()
        .filter(|(p, _)| p == phone)
        .map(|(_, t)| t.clone())
        .collect()
}

fn reply(from: &str, to: &str, body: &str, id: &str, previous: Option<String>) -> TwoWaySms {
    TwoWaySms {
        origination_number: from.into(),
        destination_number: to.into(),
        message_keyword: None,
        message_body: body.into(),
        inbound_message_id: id.into(),
        previous_published_message_id: previous,
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
        notify_case_event(&b.app, e, LOCAL_BUDGET).await.unwrap();
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

async fn replies_land_on_the_right_case_and_stop_means_stop(b: TestBackend) {
    let (case, _ann, _bob, number) = setup(&b).await;
    let mark = b.events.events().len();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "request_for_approval"})),
    )
    .await;
    notify_since(&b, mark).await;
    let last: Value = serde_json::to_value(
        b.app
            .store
            .get(&format!("D#d1#PH#{ANN}"), "LAST")
            .await
            .unwrap()
            .unwrap()
            .attrs,
    )
    .unwrap();
    let message_id = last["messageId"].as_str().unwrap().to_string();
    // Ann answers the text (quoting it): an external note from Ann on the case
    let r = reply(
        ANN,
        &number,
        "Approved, go ahead 👍",
        "in-1",
        Some(message_id),
    );
    assert_eq!(
        inbound::receive(&b.app, &r, LOCAL_BUDGET).await.unwrap(),
        Inbound::Noted
    );
    assert_eq!(
        inbound::receive(&b.app, &r, LOCAL_BUDGET).await.unwrap(),
        Inbound::Duplicate,
        "the same SNS delivery twice changes nothing"
    );
    // Bob answers without a quoted id: the last text to his phone decides
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(BOB, &number, &"long ".repeat(320), "in-2", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::Noted
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let notes = notes["items"].as_array().unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        (
            notes[0]["text"].as_str(),
            notes[0]["source"].as_str(),
            notes[0]["author"]["name"].as_str()
        ),
        (
            Some("Approved, go ahead 👍"),
            Some("sms"),
            Some("Ann Fleet")
        )
    );
    // STOP (any case, spaces) opts Ann out: one confirmation, then no notification
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "  stop ", "in-3", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::OptedOut
    );
    let mark = b.events.events().len();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "asset_in_service"})),
    )
    .await;
    notify_since(&b, mark).await;
    let anns = to(&b.texts().await, ANN);
    assert!(anns.last().unwrap().contains("no more texts"), "{anns:?}");
    assert!(!anns.iter().any(|t| t.contains("in service")), "{anns:?}");
    assert!(to(&b.texts().await, BOB)
        .iter()
        .any(|t| t.contains("in service")));
    // HELP answers the program's help; START resumes
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "HELP", "in-4", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::Helped
    );
    assert!(to(&b.texts().await, ANN)
        .last()
        .unwrap()
        .contains("Msg & data rates may apply"));
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "unstop", "in-5", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::OptedIn
    );
    // A number we never texted gets nothing
    let before = b.texts().await.len();
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply("+12145559999", &number, "hi", "in-6", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::UnknownNumber
    );
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, "+10000000000", "hi", "in-7", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::UnknownNumber
    );
    assert_eq!(b.texts().await.len(), before);
    // A message that is not the two-way payload is refused (and so dropped, not retried)
    assert!(inbound::parse("{\"hello\": 1}").is_err());
}

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
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "when ready?", "m-1", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::PointedToLink
    );
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "hello??", "m-2", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::Quiet
    );
    b.clock.advance(jiff::SignedDuration::from_mins(61));
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "anyone?", "m-3", None),
            LOCAL_BUDGET
        )
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
    inbound::receive(
        &b.app,
        &reply(ANN, &number, "anyone?", "m-3", None),
        LOCAL_BUDGET,
    )
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

async fn contacts_are_validated_merged_and_kept_to_their_customer(b: TestBackend) {
    let (case, ann, bob, _) = setup(&b).await;
    // Numbers that cannot be read are one clear 422 each
    for bad in [
        "+0123456789",
        "+12",
        "214-555-01",
        "call me",
        "+1 214 555 0100 ext 5",
    ] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "X", "mobile": bad, "smsOptIn": true})),
        )
        .await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (422, Some("mobile")),
            "{bad}: {p}"
        );
        assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{bad}: {p}");
    }
    // Merge Bob into Ann: every case link, and the stricter consent
    advisor(
        &b.app,
        "PATCH",
        &format!("/v1/contacts/{bob}"),
        Some(json!({"smsOptIn": false})),
    )
    .await;
    let (s, merged) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{bob}/merge"),
        Some(json!({"into": ann})),
    )
    .await;
    assert_eq!(s, 200, "{merged}");
    assert_eq!(merged["smsOptIn"], false, "the stricter consent wins");
    assert!(merged["caseIds"].as_array().unwrap().contains(&json!(case)));
    let (_, on_case) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    let ids: Vec<&str> = on_case["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![ann.as_str()], "Bob is gone, Ann holds his links");
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/contacts/{ann}/merge"),
            Some(json!({"into": ann}))
        )
        .await
        .0,
        422
    );
    // A contact of another customer can be neither merged in nor invited
    let (_, other) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Other Co"})),
    )
    .await;
    let (_, stranger) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{}/contacts", other["id"].as_str().unwrap()),
        Some(json!({"name": "Stranger", "email": "s@example.test"})),
    )
    .await;
    let stranger = stranger["id"].as_str().unwrap();
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/contacts/{stranger}/merge"),
            Some(json!({"into": ann}))
        )
        .await
        .0,
        422
    );
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/invitations"),
            Some(json!({"contactId": stranger}))
        )
        .await
        .0,
        422
    );
    // Another dealer sees none of it
    assert_eq!(
        call(
            &b.app,
            "PATCH",
            &format!("/v1/contacts/{ann}"),
            Some(json!({"name": "x"})),
            "d2",
            "advisor",
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/contacts"),
            None,
            "d2",
            "advisor",
            None
        )
        .await
        .0,
        404
    );
    // Uninvite, delete
    assert_eq!(
        advisor(
            &b.app,
            "DELETE",
            &format!("/v1/cases/{case}/invitations/{ann}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        advisor(
            &b.app,
            "DELETE",
            &format!("/v1/cases/{case}/invitations/{ann}"),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        advisor(&b.app, "DELETE", &format!("/v1/contacts/{ann}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        advisor(
            &b.app,
            "PATCH",
            &format!("/v1/contacts/{ann}"),
            Some(json!({"name": "x"}))
        )
        .await
        .0,
        404
    );
    // Numbers as people type them are read in the dealer's country and kept in E.164
    // (issue 21: these two were refused before)
    for typed in ["2145550100", "+1 214 555 0100"] {
        let (s, c) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Y", "mobile": typed})),
        )
        .await;
        assert_eq!(
            (s, c["mobile"].as_str()),
            (201, Some("+12145550100")),
            "{typed}: {c}"
        );
    }
}

async fn a_contact_on_two_cases_answers_the_case_of_the_text_it_quotes(b: TestBackend) {
    let (first, ann, _bob, number) = setup(&b).await;
    let (_, second) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-202"}})),
    )
    .await;
    let second = second["id"].as_str().unwrap().to_string();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{second}/invitations"),
        Some(json!({"contactId": ann})),
    )
    .await;
    let mark = b.events.events().len();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{first}/status"),
        Some(json!({"status": "check_in"})),
    )
    .await;
    notify_since(&b, mark).await;
    let quoted: Value = serde_json::to_value(
        b.app
            .store
            .get(&format!("D#d1#PH#{ANN}"), "LAST")
            .await
            .unwrap()
            .unwrap()
            .attrs,
    )
    .unwrap();
    let mark = b.events.events().len();
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{second}/status"),
        Some(json!({"status": "check_in"})),
    )
    .await;
    notify_since(&b, mark).await;
    // Ann answers the first text (quoting it), though the second was the last one sent
    let r = reply(
        ANN,
        &number,
        "for the first truck: yes",
        "q-1",
        quoted["messageId"].as_str().map(str::to_string),
    );
    assert_eq!(
        inbound::receive(&b.app, &r, LOCAL_BUDGET).await.unwrap(),
        Inbound::Noted
    );
    let (_, on_first) = advisor(&b.app, "GET", &format!("/v1/cases/{first}/notes"), None).await;
    let (_, on_second) = advisor(&b.app, "GET", &format!("/v1/cases/{second}/notes"), None).await;
    assert_eq!(on_first["items"].as_array().unwrap().len(), 1);
    assert!(on_second["items"].as_array().unwrap().is_empty());
    // Without a quote, the last text decides
    assert_eq!(
        inbound::receive(
            &b.app,
            &reply(ANN, &number, "and the second?", "q-2", None),
            LOCAL_BUDGET
        )
        .await
        .unwrap(),
        Inbound::Noted
    );
    let (_, on_second) = advisor(&b.app, "GET", &format!("/v1/cases/{second}/notes"), None).await;
    assert_eq!(on_second["items"][0]["text"], "and the second?");
}

/// The page behind the last link texted to `phone`, and that link's path.
async fn open_page(b: &TestBackend, phone: &str) -> (String, String) {
    let text = to(&b.texts().await, phone).pop().unwrap();
    let path = format!("/m/{}", text.rsplit("/m/").next().unwrap());
    let resp = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(resp.status(), 200);
    (path, String::from_utf8(resp.body.to_vec()).unwrap())
}

async fn post_form(b: &TestBackend, path: &str, form: &str) -> (u16, String) {
    let resp =
        casebridge_testkit::send_to_api(&b.app, casebridge_testkit::form_request(path, form)).await;
    let location = resp
        .headers
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (
        resp.status().as_u16(),
        location.unwrap_or_else(|| String::from_utf8_lossy(&resp.body).into_owned()),
    )
}

fn form_field<'h>(html: &'h str, name: &str) -> &'h str {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
    &html[at..at + html[at..].find('"').unwrap()]
}

async fn a_contact_answers_from_the_page_and_the_advisor_sees_it_once(b: TestBackend) {
    // Given Ann texted about a case (the page answers in either reply mode: it does not look
    // at the mode)
    let (case, _ann, _bob, _) = setup(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Parts arrived", "visibility": "external"})),
    )
    .await;
    notify_since(&b, 0).await;
    let (path, html) = open_page(&b, ANN).await;
    assert!(html.contains("<label for=\"reply\">"), "{html}");
    let submission = form_field(&html, "submission").to_string();
    // When she sends a reply with markup in it from the page's form
    let form = format!("text=Picking+up+at+5+%3Cscript%3Ex%3C%2Fscript%3E&submission={submission}");
    let (status, location) = post_form(&b, &format!("{path}/replies"), &form).await;
    // Then she is taken back to the page, where her reply shows, escaped
    assert_eq!((status, location.as_str()), (303, path.as_str()));
    let (_, html) = open_page(&b, ANN).await;
    assert!(
        // (the page's own script enhances the estimate form; the reply's markup is text)
        html.contains("Picking up at 5 &lt;script&gt;x&lt;/script&gt;")
            && !html.contains("<script>x</script>"),
        "{html}"
    );
    // And the advisor sees it on the case as an external note from Ann, through the page
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let replies: Vec<&Value> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "mobile")
        .collect();
    assert_eq!(replies.len(), 1, "{notes}");
    assert_eq!(
        (
            replies[0]["author"]["name"].as_str(),
            replies[0]["visibility"].as_str()
        ),
        (Some("Ann Fleet"), Some("external"))
    );
    // When the same form is sent again (a double tap), nothing more is noted
    let (status, _) = post_form(&b, &format!("{path}/replies"), &form).await;
    assert_eq!(status, 303);
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert_eq!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["source"] == "mobile")
            .count(),
        1
    );
    // Bad replies are refused with the field named: empty, over the note limit, a forged link
    let (status, body) = post_form(
        &b,
        &format!("{path}/replies"),
        &format!("text=+&submission={submission}x"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let long = "a".repeat(10_001);
    let (status, body) = post_form(
        &b,
        &format!("{path}/replies"),
        &format!("text={long}&submission=s2"),
    )
    .await;
    assert!(status == 422 && body.contains("10000"), "{status} {body}");
    let (status, _) = post_form(
        &b,
        "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA/replies",
        "text=hi&submission=s3",
    )
    .await;
    assert_eq!(status, 404);
}

casebridge_testkit::on_every_backend!(
    a_contact_on_two_cases_answers_the_case_of_the_text_it_quotes,
    a_contact_answers_from_the_page_and_the_advisor_sees_it_once,
    a_text_reaches_the_phone_intact_and_a_bad_number_is_refused,
    invited_contacts_get_one_text_per_event_with_a_working_link,
    replies_land_on_the_right_case_and_stop_means_stop,
    in_mobile_only_mode_a_reply_gets_the_link_once_an_hour,
    the_reply_mode_policy_is_the_oems_and_dealer_admins_change_it_only_where_allowed,
    contacts_are_validated_merged_and_kept_to_their_customer,
);

#[tokio::test]
async fn the_link_in_a_text_opens_the_case_page_and_a_forged_one_does_not() {
    let b = TestBackend::embedded();
    let (case, _ann, _bob, _) = setup(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "<b>Ready</b> at 4 & done", "visibility": "external"})),
    )
    .await;
    notify_since(&b, 0).await;
    let text = to(&b.texts().await, ANN).pop().unwrap();
    let path = format!("/m/{}", text.rsplit("/m/").next().unwrap());
    let resp = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(resp.status(), 200);
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    // The page names the case as people do (its number, not its id) and times the note in
    // the dealer's zone
    assert!(
        html.contains("Case #1001") && !html.contains(&case),
        "{html}"
    );
    assert!(
        html.contains("&lt;b&gt;Ready&lt;/b&gt; at 4 &amp; done"),
        "{html}"
    );
    assert!(html.contains("Mon Nov 23, 3:00 AM CST"), "{html}");
    assert_eq!(
        casebridge_testkit::send_to_api(
            &b.app,
            request(
                "GET",
                "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
                None
            )
        )
        .await
        .status(),
        404
    );
    b.clock.advance(jiff::SignedDuration::from_hours(24 * 8));
    let expired = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(expired.status(), 403, "expired");
    // The expired link's page says so and whom to call, in people's format
    let html = String::from_utf8(expired.body.to_vec()).unwrap();
    assert!(
        html.contains("This link no longer works")
            && html.contains("Call or text")
            && html.contains("href=\"tel:+"),
        "{html}"
    );
}

#[tokio::test]
async fn the_page_shows_twenty_messages_and_older_ones_a_link_away() {
    // Given a case with 25 external notes and Ann's link
    let b = TestBackend::embedded();
    let (case, _ann, _bob, _) = setup(&b).await;
    for n in 1..=25 {
        b.clock.advance(jiff::SignedDuration::from_secs(60));
        advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/notes"),
            Some(json!({"text": format!("Update number {n}."), "visibility": "external"})),
        )
        .await;
    }
    notify_since(&b, 0).await;
    // When Ann opens the page, the 20 newest show, newest first, with a link to older ones
    let (path, html) = open_page(&b, ANN).await;
    assert!(
        html.contains("Update number 25.") && html.contains("Update number 6."),
        "{html}"
    );
    assert!(!html.contains("Update number 5."), "{html}");
    assert!(html.find("Update number 25.") < html.find("Update number 24."));
    let at = html.find("?older=").expect("a link to older messages");
    let older = &html[at..at + html[at..].find('"').unwrap()];
    // Then the link shows the 5 oldest
    let resp = casebridge_testkit::send_to_api(
        &b.app,
        request(
            "GET",
            &format!("{path}{}", older.replace("&amp;", "&")),
            None,
        ),
    )
    .await;
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    assert!(
        html.contains("Update number 5.") && html.contains("Update number 1."),
        "{html}"
    );
    assert!(
        !html.contains("Update number 6.") && !html.contains("?older="),
        "{html}"
    );
}
