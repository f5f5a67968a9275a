//! Customers' texts: a long one kept to the note limit, STOP from a number written another
//! way, texts that never went out noted once.

use super::*;

#[tokio::test]
async fn a_long_text_from_a_customer_is_kept_to_the_note_limit_with_a_marker() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let number = d1_number(&b).await;
    links::issue(
        &b.app,
        &d1(),
        &casebridge_core::ids::CaseId::parse(&case).unwrap(),
        &casebridge_core::ids::ContactId::parse(&ann).unwrap(),
    )
    .await
    .unwrap();
    // Ann was texted about the case
    let (_, n) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    assert!(n["id"].is_string());
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    b.notify(&noted).await.unwrap();
    let r = reply(ANN, &number, &"word ".repeat(2_400), "in-long");
    assert_eq!(b.text_in(&r).await.unwrap(), Inbound::Noted);
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let text = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["source"] == "sms")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(text.chars().count(), casebridge_core::cases::MAX_NOTE_CHARS);
    assert!(
        text.ends_with("notes hold 10,000 characters]"),
        "{}",
        &text[text.len() - 80..]
    );
}

#[tokio::test]
async fn stop_from_a_number_written_another_way_still_opts_the_contact_out() {
    let b = TestBackend::embedded();
    let (case, _ann) = case_with_ann(&b).await;
    let number = d1_number(&b).await;
    let (_, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    b.notify(&noted).await.unwrap();
    // The carrier writes Ann's number (and ours) without the E.164 shape
    let ours = format!("({}) {}-{}", &number[2..5], &number[5..8], &number[8..]);
    let stop = reply("(214) 555-0101", &ours, "Stop", "in-stop");
    assert_eq!(b.text_in(&stop).await.unwrap(), Inbound::OptedOut);
    assert!(opted_out(&b.app, &d1(), ANN).await.unwrap());
}

// ------------------------------------------------------------------ leaks

#[tokio::test]
async fn texts_that_never_went_out_are_noted_on_the_case_once() {
    let b = TestBackend::embedded();
    let (case, _ann) = case_with_ann(&b).await;
    let (_, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready at 4", "visibility": "external"})),
    )
    .await;
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    use casebridge_core::notifications::gave_up::notify_gave_up;
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
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let failures: Vec<&Value> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "system")
        .collect();
    assert_eq!(failures.len(), 1, "{notes}");
    let text = failures[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Ready at 4") && text.contains("SNS throttled"),
        "{text}"
    );
    assert_eq!(failures[0]["visibility"], "internal");
}
