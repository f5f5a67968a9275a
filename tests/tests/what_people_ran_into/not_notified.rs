//! An advisor must know who was not told, and why: no channel, no consent, a number that
//! said STOP, mobile communications off.

use super::*;

/// Delivers every event raised so far, as case-notify would.
async fn deliver(b: &TestBackend) {
    for e in b.events.events() {
        b.notify(&e).await.unwrap();
    }
}

/// A d1 case whose primary contact Jo takes texts and whose driver Dave gave his number
/// but no consent; answers the case id.
async fn case_with_jo_and_dave(b: &TestBackend) -> String {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"},
            "contacts": [
                {"name": "Jo Fleet", "mobile": "+12145550123", "smsOptIn": true, "caseRole": "primary"},
                {"name": "Dave Driver", "mobile": "+12145550124", "smsOptIn": false, "caseRole": "driver"},
            ]})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    case["id"].as_str().unwrap().to_string()
}

async fn log(b: &TestBackend, case: &str) -> Vec<(String, String, String)> {
    let (_, log) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notifications"),
        None,
    )
    .await;
    let mut out: Vec<(String, String, String)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["contactName"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
                e["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

async fn an_advisor_knows_who_was_not_told_and_why(b: TestBackend) {
    // Given Jo takes texts and Dave gave no consent
    let case = case_with_jo_and_dave(&b).await;
    // When the advisor posts an external note
    let (s, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready at 4", "visibility": "external"})),
    )
    .await;
    // Then the answer says one will hear of it and one will not
    assert_eq!(s, 201, "{note}");
    assert_eq!(
        (note["notified"].as_u64(), note["notNotified"].as_u64()),
        (Some(1), Some(1)),
        "{note}"
    );
    // And the log shows Jo texted and Dave not, for want of consent
    deliver(&b).await;
    assert_eq!(
        log(&b, &case).await,
        vec![
            (
                "Dave Driver".into(),
                "suppressed".into(),
                "no_consent".into()
            ),
            ("Jo Fleet".into(), "sent".into(), "".into()),
        ]
    );
    // And an internal note answers no counts
    let (_, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Turbo whistles"})),
    )
    .await;
    assert!(note.get("notified").is_none(), "{note}");
}

async fn with_mobile_communications_off_nobody_is_told_and_the_log_says_so(b: TestBackend) {
    let case = case_with_jo_and_dave(&b).await;
    let (s, _) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"mobileCommunicationsEnabled": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 200);
    let (s, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready at 4", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201, "{note}");
    assert_eq!(
        (note["notified"].as_u64(), note["notNotified"].as_u64()),
        (Some(0), Some(2)),
        "{note}"
    );
    deliver(&b).await;
    deliver(&b).await; // a redelivery logs nothing twice
    assert_eq!(
        log(&b, &case).await,
        vec![
            (
                "Dave Driver".into(),
                "suppressed".into(),
                "mobile_communications_off".into()
            ),
            (
                "Jo Fleet".into(),
                "suppressed".into(),
                "mobile_communications_off".into()
            ),
        ]
    );
    assert!(b.texts().await.is_empty());
}

async fn a_number_that_said_stop_is_counted_as_not_told(b: TestBackend) {
    let case = case_with_jo_and_dave(&b).await;
    let number = {
        let (_, s) = user(&b.app, "GET", "/v1/dealers/d1/settings", None, D1_ADMIN).await;
        assert!(s["smsNumberConfigured"].as_bool().unwrap());
        casebridge_core::dealers::load_dealer(
            &b.app,
            &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
        )
        .await
        .unwrap()
        .sms_origination_number
        .unwrap()
    };
    let stop = casebridge_core::sms::inbound::TwoWaySms {
        origination_number: "+12145550123".into(),
        destination_number: number,
        message_body: "STOP".into(),
        message_keyword: Some("STOP".into()),
        inbound_message_id: "in-stop".into(),
        previous_published_message_id: None,
    };
    b.text_in(&stop).await.unwrap();
    let (_, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    assert_eq!(
        (note["notified"].as_u64(), note["notNotified"].as_u64()),
        (Some(0), Some(2)),
        "{note}"
    );
    deliver(&b).await;
    let entries = log(&b, &case).await;
    assert!(
        entries.contains(&("Jo Fleet".into(), "opted_out".into(), "opted_out".into())),
        "{entries:?}"
    );
}

casebridge_testkit::on_every_backend!(
    an_advisor_knows_who_was_not_told_and_why,
    with_mobile_communications_off_nobody_is_told_and_the_log_says_so,
    a_number_that_said_stop_is_counted_as_not_told,
);
