//! Two contacts of one person merged: the survivor keeps every case link and the stricter
//! consent per channel, and says what changed.

use super::*;

async fn a_merge_keeps_the_stricter_consent_per_channel_and_says_what_changed(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given Ann on a case with texts and emails on, and a duplicate of her with texts off
    // and no email
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"},
            "contacts": [{"name": "Ann Fleet", "mobile": "+12145550101", "email": "ann@fleet.example",
                "smsOptIn": true, "emailOptIn": true, "caseRole": "primary"}]})),
    )
    .await;
    let ann = case["contacts"][0]["id"].as_str().unwrap().to_string();
    let case = case["id"].as_str().unwrap().to_string();
    let (s, dup) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Ann F.", "mobile": "+12145550101", "smsOptIn": false})),
    )
    .await;
    assert_eq!(s, 201, "{dup}");
    let dup = dup["id"].as_str().unwrap();
    // When the advisor merges the duplicate into Ann
    let (s, merged) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{dup}/merge"),
        Some(json!({"into": ann})),
    )
    .await;
    // Then texts are off (both had the number; the stricter wins), emails stay on (the
    // duplicate had no address), and the answer says so
    assert_eq!(s, 200, "{merged}");
    assert_eq!(
        (merged["smsOptIn"].as_bool(), merged["emailOptIn"].as_bool()),
        (Some(false), Some(true)),
        "{merged}"
    );
    let changed = merged["consentChanged"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{merged}");
    assert_eq!(
        (
            changed[0]["channel"].as_str(),
            changed[0]["before"].as_bool(),
            changed[0]["after"].as_bool()
        ),
        (Some("sms"), Some(true), Some(false))
    );
    // And the case says it in an internal note
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let note = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["text"].as_str().unwrap().starts_with("Contacts merged"))
        .cloned();
    let note = note.unwrap_or_else(|| panic!("no merge note: {notes}"));
    assert_eq!(note["visibility"], "internal");
    assert!(
        note["text"]
            .as_str()
            .unwrap()
            .contains("texts off for Ann Fleet"),
        "{note}"
    );
    // And a merge that changes no consent answers an empty list and notes nothing more
    let (_, dup2) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "A. Fleet", "email": "ann@fleet.example", "emailOptIn": true})),
    )
    .await;
    let (s, merged) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{}/merge", dup2["id"].as_str().unwrap()),
        Some(json!({"into": ann})),
    )
    .await;
    assert_eq!(
        (s, merged["consentChanged"].as_array().map(Vec::len)),
        (200, Some(0)),
        "{merged}"
    );
}

casebridge_testkit::on_every_backend!(
    a_merge_keeps_the_stricter_consent_per_channel_and_says_what_changed
);
