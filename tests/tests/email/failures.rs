//! What did not go out: a refused text becomes a note once, texts failing after retries are
//! logged and noted, failures told apart, the log kept to its dealer.

use super::*;

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
    b.notify(customer_note).await.unwrap();
    let notes = system_notes(&b, &case).await;
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("Text to Dave Driver failed: number unreachable"),
        "{}",
        notes[0]
    );
    // And the dealer's activity says so, once
    let (_, feed) = advisor(&b.app, "GET", "/v1/dealers/d1/activity", None).await;
    let failed: Vec<&Value> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "text_failed")
        .collect();
    assert_eq!(failed.len(), 1, "{feed}");
    assert_eq!(failed[0]["contactName"], "Dave Driver");
    assert_eq!(
        failed[0]["summary"],
        "Text to Dave Driver failed (about the message \"Ready at 4\")"
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
        assert!(b.notify(&noted).await.is_err());
    }
    assert!(notify_gave_up(
        &b.app.as_function(&functions::DELIVERY_FAILURES),
        &noted,
        "SNS throttled"
    )
    .await
    .unwrap());
    assert!(
        !notify_gave_up(
            &b.app.as_function(&functions::DELIVERY_FAILURES),
            &noted,
            "SNS throttled"
        )
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
    gave_up(
        &b.app.as_function(&functions::DELIVERY_FAILURES),
        &event,
        "SNS throttled",
    )
    .await
    .unwrap();
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
    gave_up(
        &b.app.as_function(&functions::DELIVERY_FAILURES),
        &ses_report("Bounce", "not-ours"),
        "timeout",
    )
    .await
    .unwrap();
    // Anything else is refused, so the queue keeps it and alarms
    assert!(gave_up(
        &b.app.as_function(&functions::DELIVERY_FAILURES),
        "not a failure record",
        "x"
    )
    .await
    .is_err());
}

casebridge_testkit::on_every_backend!(
    a_text_the_carrier_refuses_becomes_a_case_note_once,
    texts_still_failing_after_retries_are_logged_and_noted_but_emails_that_went_are_not,
    another_dealer_sees_no_delivery_log_and_roles_are_only_for_a_case,
    delivery_failures_tells_each_kind_of_failure_apart,
);
