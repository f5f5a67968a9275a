//! A customer's reply by text lands on the case of the text it answers; STOP means stop.

use super::*;

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
    assert_eq!(b.text_in(&r).await.unwrap(), Inbound::Noted);
    assert_eq!(
        b.text_in(&r).await.unwrap(),
        Inbound::Duplicate,
        "the same SNS delivery twice changes nothing"
    );
    // Bob answers without a quoted id: the last text to his phone decides
    assert_eq!(
        b.text_in(&reply(BOB, &number, &"long ".repeat(320), "in-2", None))
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
        b.text_in(&reply(ANN, &number, "  stop ", "in-3", None))
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
        b.text_in(&reply(ANN, &number, "HELP", "in-4", None))
            .await
            .unwrap(),
        Inbound::Helped
    );
    assert!(to(&b.texts().await, ANN)
        .last()
        .unwrap()
        .contains("Msg & data rates may apply"));
    assert_eq!(
        b.text_in(&reply(ANN, &number, "unstop", "in-5", None))
            .await
            .unwrap(),
        Inbound::OptedIn
    );
    // A number we never texted gets nothing
    let before = b.texts().await.len();
    assert_eq!(
        b.text_in(&reply("+12145559999", &number, "hi", "in-6", None))
            .await
            .unwrap(),
        Inbound::UnknownNumber
    );
    assert_eq!(
        b.text_in(&reply(ANN, "+10000000000", "hi", "in-7", None))
            .await
            .unwrap(),
        Inbound::UnknownNumber
    );
    assert_eq!(b.texts().await.len(), before);
    // A message that is not the two-way payload is refused (and so dropped, not retried)
    assert!(inbound::parse("{\"hello\": 1}").is_err());
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
    assert_eq!(b.text_in(&r).await.unwrap(), Inbound::Noted);
    let (_, on_first) = advisor(&b.app, "GET", &format!("/v1/cases/{first}/notes"), None).await;
    let (_, on_second) = advisor(&b.app, "GET", &format!("/v1/cases/{second}/notes"), None).await;
    assert_eq!(on_first["items"].as_array().unwrap().len(), 1);
    assert!(on_second["items"].as_array().unwrap().is_empty());
    // Without a quote, the last text decides
    assert_eq!(
        b.text_in(&reply(ANN, &number, "and the second?", "q-2", None))
            .await
            .unwrap(),
        Inbound::Noted
    );
    let (_, on_second) = advisor(&b.app, "GET", &format!("/v1/cases/{second}/notes"), None).await;
    assert_eq!(on_second["items"][0]["text"], "and the second?");
}

casebridge_testkit::on_every_backend!(
    a_contact_on_two_cases_answers_the_case_of_the_text_it_quotes,
    replies_land_on_the_right_case_and_stop_means_stop,
);
