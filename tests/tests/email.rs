//! Email beside SMS, the recipients an advisor chooses, and the delivery log — on the
//! embedded backend and on moto (SES v2 with a verified sending domain, SNS for texts).
//!
//! Jo Fleet is the case's primary contact (texts and email), Dave the driver (texts only),
//! Olga another contact of the fleet (texts, not invited).

mod common;

use std::sync::Arc;

use casebridge_core::events::{DomainEvent, EventKind};
use casebridge_core::notifications::gave_up::notify_gave_up;
use casebridge_core::notifications::{feedback, notify_case_event, LOCAL_BUDGET};
use casebridge_core::ports::{EmailError, OutgoingEmail, OutgoingSms, SmsError, SmsSender};
use casebridge_testkit::{form_request, request, seed_dealers, TestBackend};
use common::{advisor, api};
use serde_json::{json, Value};

const JO_MOBILE: &str = "+12145550101";
const JO_EMAIL: &str = "jo@fleet.example";
const DAVE_MOBILE: &str = "+12145550102";
const OLGA_MOBILE: &str = "+12145550103";

/// Given a case opened with Jo (primary), Dave (driver) and Olga (other): its id and the
/// three contact ids.
async fn case_with_fleet_contacts(b: &TestBackend) -> (String, String, String, String) {
    seed_dealers(&b.app).await;
    let (status, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({
            "customer": {"name": "Fleet Co"},
            "asset": {"unitNumber": "T-680"},
            "contacts": [
                {"name": "Jo Fleet", "mobile": JO_MOBILE, "email": JO_EMAIL,
                 "smsOptIn": true, "emailOptIn": true, "caseRole": "primary"},
                {"name": "Dave Driver", "mobile": DAVE_MOBILE, "smsOptIn": true, "caseRole": "driver"},
                {"name": "Olga Other", "mobile": OLGA_MOBILE, "smsOptIn": true},
            ],
        })),
    )
    .await;
    assert_eq!(status, 201, "{case}");
    let contacts = case["contacts"].as_array().unwrap();
    let roles: Vec<(&str, &str, bool)> = contacts
        .iter()
        .map(|c| {
            (
                c["name"].as_str().unwrap(),
                c["caseRole"].as_str().unwrap(),
                c["recipient"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        vec![
            ("Jo Fleet", "primary", true),
            ("Dave Driver", "driver", true),
            ("Olga Other", "other", false),
        ]
    );
    let id = |i: usize| contacts[i]["id"].as_str().unwrap().to_string();
    (
        case["id"].as_str().unwrap().to_string(),
        id(0),
        id(1),
        id(2),
    )
}

/// Runs case-notify on every event published since `from`.
async fn notify_since(b: &TestBackend, from: usize) -> usize {
    let events: Vec<DomainEvent> = b.events.events().into_iter().skip(from).collect();
    for e in &events {
        notify_case_event(&b.app, e, LOCAL_BUDGET).await.unwrap();
    }
    b.events.events().len()
}

fn texts_to(texts: &[(String, String)], phone: &str) -> Vec<String> {
    texts
        .iter()
        .filter(|(p, _)| p == phone)
        .map(|(_, t)| t.clone())
        .collect()
}

async fn note(b: &TestBackend, case: &str, body: Value) -> (u16, Value) {
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(body),
    )
    .await
}

async fn log(b: &TestBackend, case: &str) -> Vec<Value> {
    let (status, log) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notifications"),
        None,
    )
    .await;
    assert_eq!(status, 200, "{log}");
    log["items"].as_array().unwrap().clone()
}

/// The log's entries as (contact name, channel, status), in the log's order.
fn summary(entries: &[Value]) -> Vec<(String, String, String)> {
    entries
        .iter()
        .map(|e| {
            (
                e["contactName"].as_str().unwrap().to_string(),
                e["channel"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn triple(name: &str, channel: &str, status: &str) -> (String, String, String) {
    (name.into(), channel.into(), status.into())
}

/// The href of the first link whose path contains `marker` in an email's HTML.
fn link_in(html: &str, marker: &str) -> String {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("no {marker} in {html}"));
    let start = html[..at].rfind('"').unwrap() + 1;
    let end = at + html[at..].find('"').unwrap();
    html[start..end].replace("&amp;", "&")
}

fn path_of(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    format!("/{}", after_scheme.split_once('/').unwrap().1)
}

async fn system_notes(b: &TestBackend, case: &str) -> Vec<String> {
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "system")
        .map(|n| {
            assert_eq!(n["visibility"], "internal");
            n["text"].as_str().unwrap().to_string()
        })
        .collect()
}

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
    assert_eq!(
        notify_case_event(&b.app, &noted, LOCAL_BUDGET)
            .await
            .unwrap(),
        0
    );
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

/// What SES would publish about `message_id`.
fn ses_report(kind: &str, message_id: &str) -> String {
    let mail = json!({"messageId": message_id, "source": "service-d1@dealers.example", "destination": [JO_EMAIL], "timestamp": "2026-11-23T09:00:05Z"});
    match kind {
        "Delivery" => json!({"eventType": "Delivery", "mail": mail, "delivery": {"recipients": [JO_EMAIL], "smtpResponse": "250 ok"}}),
        "Bounce" => json!({"eventType": "Bounce", "mail": mail, "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
            "bouncedRecipients": [{"emailAddress": JO_EMAIL, "diagnosticCode": "smtp; 550 5.1.1 user unknown"}]}}),
        _ => unreachable!(),
    }
    .to_string()
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
            feedback::handle(&b.app, &report).await.unwrap(),
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
    feedback::handle(&b.app, &late).await.unwrap();
    let entries = log(&b, &case).await;
    assert_eq!(
        entries.iter().filter(|e| e["status"] == "failed").count(),
        1
    );
    let stranger = feedback::parse(&ses_report("Bounce", "not-ours")).unwrap();
    assert_eq!(
        feedback::handle(&b.app, &stranger).await.unwrap(),
        feedback::Handled::Ignored
    );
}

/// The carrier refuses texts to one number (as SNS does for a number it cannot reach);
/// every other send goes through.
struct UnreachableNumber {
    inner: Arc<dyn SmsSender>,
    number: &'static str,
}

#[async_trait::async_trait]
impl SmsSender for UnreachableNumber {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        if sms.to == self.number {
            return Err(SmsError::Refused("number unreachable".into()));
        }
        self.inner.send(sms).await
    }
}

async fn a_text_the_carrier_refuses_becomes_a_case_note_once(mut b: TestBackend) {
    b.app.sms = Arc::new(UnreachableNumber {
        inner: b.app.sms.clone(),
        number: DAVE_MOBILE,
    });
    let (case, _, _, _) = case_with_fleet_contacts(&b).await;
    note(
        &b,
        &case,
        json!({"text": "Ready at 4", "visibility": "external"}),
    )
    .await;
    notify_since(&b, 0).await;
    // Then Jo still got hers, Dave's is logged failed and noted on the case, once
    assert_eq!(texts_to(&b.texts().await, JO_MOBILE).len(), 1);
    let entries = log(&b, &case).await;
    let dave = entries
        .iter()
        .find(|e| e["contactName"] == "Dave Driver")
        .unwrap();
    assert_eq!(
        (dave["status"].as_str(), dave["detail"].as_str()),
        (Some("failed"), Some("number unreachable"))
    );
    let noted = b.events.of(EventKind::NoteCreated);
    let customer_note = noted
        .iter()
        .find(|e| matches!(e.what(), Ok(casebridge_core::happened::Happened::NoteCreated(n)) if n.text == "Ready at 4"))
        .unwrap();
    notify_case_event(&b.app, customer_note, LOCAL_BUDGET)
        .await
        .unwrap();
    let notes = system_notes(&b, &case).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("Text to Dave Driver failed: number unreachable"),
        "{}",
        notes[0]
    );
}

/// SMS is down for now: every text fails, retryably.
struct SmsDown;

#[async_trait::async_trait]
impl SmsSender for SmsDown {
    async fn send(&self, _: &OutgoingSms) -> Result<String, SmsError> {
        Err(SmsError::Transient("SNS throttled".into()))
    }
}

async fn texts_still_failing_after_retries_are_logged_and_noted_but_emails_that_went_are_not(
    mut b: TestBackend,
) {
    b.app.sms = Arc::new(SmsDown);
    let (case, _, _, _) = case_with_fleet_contacts(&b).await;
    note(
        &b,
        &case,
        json!({"text": "Ready at 4", "visibility": "external"}),
    )
    .await;
    let noted = b.events.of(EventKind::NoteCreated).pop().unwrap();
    // When every try fails (Lambda's retries) and the failure reaches delivery-failures
    for _ in 0..3 {
        assert!(notify_case_event(&b.app, &noted, LOCAL_BUDGET)
            .await
            .is_err());
    }
    assert!(notify_gave_up(&b.app, &noted, "SNS throttled")
        .await
        .unwrap());
    assert!(
        !notify_gave_up(&b.app, &noted, "SNS throttled")
            .await
            .unwrap(),
        "the queue redelivered it"
    );
    // Then each text that never went out is failed in the log and noted on the case
    let mut got = summary(&log(&b, &case).await);
    got.sort();
    assert_eq!(
        got,
        vec![
            triple("Dave Driver", "sms", "failed"),
            triple("Jo Fleet", "email", "sent"),
            triple("Jo Fleet", "sms", "failed"),
        ]
    );
    let mut notes = system_notes(&b, &case).await;
    notes.sort();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].starts_with("Text to Dave Driver failed: SNS throttled"),
        "{notes:?}"
    );
    assert!(
        notes[1].starts_with("Text to Jo Fleet failed: SNS throttled"),
        "{notes:?}"
    );
    assert!(notes[1].contains("Ready at 4"), "{notes:?}");
}

async fn another_dealer_sees_no_delivery_log_and_roles_are_only_for_a_case(b: TestBackend) {
    let (case, _, _, _) = case_with_fleet_contacts(&b).await;
    let (status, _) = common::user(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notifications"),
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(status, 404);
    // A customer's ongoing contact gets no case role
    let (status, customer) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Fleet Co"})),
    )
    .await;
    assert_eq!(status, 201, "{customer}");
    let (status, refused) = advisor(
        &b.app,
        "POST",
        &format!(
            "/v1/customers/{}/contacts",
            customer["id"].as_str().unwrap()
        ),
        Some(json!({"name": "Kim", "mobile": "+12145550109", "caseRole": "driver"})),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "caseRole", "{refused}");
}

async fn delivery_failures_tells_each_kind_of_failure_apart(mut b: TestBackend) {
    use casebridge_core::notifications::gave_up;
    b.app.sms = Arc::new(SmsDown);
    let (case, _, _, _) = case_with_fleet_contacts(&b).await;
    note(
        &b,
        &case,
        json!({"text": "Ready at 4", "visibility": "external"}),
    )
    .await;
    let noted = b.events.of(EventKind::NoteCreated).pop().unwrap();
    // A case-notify event none of whose sends went out: each noted on the case
    let event = serde_json::to_string(&noted).unwrap();
    gave_up(&b.app, &event, "SNS throttled").await.unwrap();
    let mut notes = system_notes(&b, &case).await;
    notes.sort();
    let heads: Vec<&str> = notes
        .iter()
        .map(|n| n.split(" failed:").next().unwrap())
        .collect();
    assert_eq!(
        heads,
        vec![
            "Email to Jo Fleet",
            "Text to Dave Driver",
            "Text to Jo Fleet"
        ]
    );
    // An SES report email-feedback could not apply: applied again (this one names no email
    // of ours, so it changes nothing and is not an error)
    gave_up(&b.app, &ses_report("Bounce", "not-ours"), "timeout")
        .await
        .unwrap();
    // Anything else is refused, so the queue keeps it and alarms
    assert!(gave_up(&b.app, "not a failure record", "x").await.is_err());
}

casebridge_testkit::on_every_backend!(
    an_email_reaches_the_inbox_and_an_unverified_sender_is_refused,
    an_external_note_reaches_the_primary_contact_and_the_driver_without_an_invitation,
    a_quick_action_sent_to_the_driver_only_reaches_the_driver,
    one_click_unsubscribe_stops_the_next_email_but_not_the_texts,
    a_bounce_marks_the_address_and_the_next_email_is_suppressed,
    a_text_the_carrier_refuses_becomes_a_case_note_once,
    texts_still_failing_after_retries_are_logged_and_noted_but_emails_that_went_are_not,
    another_dealer_sees_no_delivery_log_and_roles_are_only_for_a_case,
    delivery_failures_tells_each_kind_of_failure_apart,
);
