//! What the people who use it ran into (issue 21), as scenarios in their words: OEM and dealer
//! admins whose settings must take effect, advisors who list their active cases, the parts
//! counter reading counts in plain English. On both backends.

mod common;

use casebridge_testkit::{seed_dealers, TestBackend};
use common::{advisor, assert_refused, user};
use serde_json::json;

const OEM_ADMIN_WITHOUT_DEALER: (&str, &str, Option<&str>) = ("", "oem_admin", Some("oem-a"));
const D1_ADMIN: (&str, &str, Option<&str>) = ("d1", "dealer_admin", None);

async fn an_oem_admin_without_a_dealer_sets_the_oems_policy(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given an OEM admin's token that names no dealer (the walkthrough's own form)
    // When they set their OEM's policy
    let (s, oem) = user(
        &b.app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    // Then it takes, and they read a dealer's mode with the same token
    assert_eq!(s, 200, "{oem}");
    assert_eq!(oem["smsPolicy"]["defaultMode"], "mobile_only");
    let (s, mode) = user(
        &b.app,
        "GET",
        "/v1/dealers/d1/sms-mode",
        None,
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(
        (s, mode["mode"].as_str()),
        (200, Some("mobile_only")),
        "{mode}"
    );
    // And another OEM's policy and dealers stay out of reach
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/oems/oem-b/sms-policy",
        Some(json!({"defaultMode": "mobile_only", "dealerAdminsMayChange": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert!(s == 403 || s == 404, "{s}");
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/dealers/d3/sms-mode",
        None,
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 404);
}

async fn a_reply_mode_the_oem_admin_sets_under_a_lock_is_the_mode_in_force(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given oem-a locks dealer admins out of the reply mode
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "sms_and_mobile", "dealerAdminsMayChange": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 200);
    // When the OEM admin sets d1 to mobile only
    let (s, settings) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"smsReplyMode": "mobile_only"})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    // Then the mode in force is mobile only, in the settings and in sms-mode alike
    assert_eq!(s, 200, "{settings}");
    assert_eq!(
        settings["effectiveSmsReplyMode"], "mobile_only",
        "{settings}"
    );
    let (_, mode) = advisor(&b.app, "GET", "/v1/dealers/d1/sms-mode", None).await;
    assert_eq!(mode["mode"], "mobile_only", "{mode}");
    // And a dealer admin still may not change it
    let (s, p) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"smsReplyMode": "sms_and_mobile"})),
        D1_ADMIN,
    )
    .await;
    assert_eq!(s, 403, "{p}");
    // And a mode a dealer admin chose while allowed gives way to the OEM's lock
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "sms_and_mobile", "dealerAdminsMayChange": true})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 200);
    let (s, v) = user(
        &b.app,
        "PUT",
        "/v1/dealers/d2/sms-mode",
        Some(json!({"mode": "mobile_only"})),
        ("d2", "dealer_admin", None),
    )
    .await;
    assert_eq!((s, v["mode"].as_str()), (200, Some("mobile_only")), "{v}");
    let (s, _) = user(
        &b.app,
        "PUT",
        "/v1/oems/oem-a/sms-policy",
        Some(json!({"defaultMode": "sms_and_mobile", "dealerAdminsMayChange": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 200);
    let (_, v) = user(
        &b.app,
        "GET",
        "/v1/dealers/d2/sms-mode",
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(v["mode"], "sms_and_mobile", "{v}");
}

async fn sms_mode_says_when_a_location_does_not_text_at_all(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, v) = advisor(&b.app, "GET", "/v1/dealers/d1/sms-mode", None).await;
    assert_eq!(v["mobileCommunicationsEnabled"], true, "{v}");
    let (s, _) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"mobileCommunicationsEnabled": false})),
        OEM_ADMIN_WITHOUT_DEALER,
    )
    .await;
    assert_eq!(s, 200);
    let (_, v) = advisor(&b.app, "GET", "/v1/dealers/d1/sms-mode", None).await;
    assert_eq!(v["mobileCommunicationsEnabled"], false, "{v}");
}

async fn procede_search_cannot_be_turned_on_without_its_key(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given a dealer onboarded today, with no Procede API key
    let platform = ("", "platform_admin", None);
    let (s, v) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "kw-dallas", "name": "KW Dallas", "oemId": "oem-a", "timeZone": "America/Chicago"})),
        platform,
    )
    .await;
    assert_eq!(s, 201, "{v}");
    // When its admin turns Procede search on, it is refused naming the missing key
    let admin = ("kw-dallas", "dealer_admin", None);
    let (s, p) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/kw-dallas/settings",
        Some(json!({"procedeSearchEnabled": true})),
        admin,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("Procede API key"),
        "{p}"
    );
    // Once the key is set, it turns on
    let (s, v) = user(
        &b.app,
        "PUT",
        "/v1/dealers/kw-dallas/procede-credentials",
        Some(json!({"apiKey": "pk-123456"})),
        platform,
    )
    .await;
    assert!(s == 200 || s == 204, "{s} {v}");
    let (s, v) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/kw-dallas/settings",
        Some(json!({"procedeSearchEnabled": true})),
        admin,
    )
    .await;
    assert_eq!(
        (s, v["procedeSearchEnabled"].as_bool()),
        (200, Some(true)),
        "{v}"
    );
}

async fn an_advisor_lists_every_case_that_is_not_closed(b: TestBackend) {
    seed_dealers(&b.app).await;
    let mut ids = Vec::new();
    for (unit, status) in [
        ("T-1", "open"),
        ("T-2", "parts_hold"),
        ("T-3", "check_in"),
        ("T-4", "closed"),
    ] {
        let (s, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": unit}})),
        )
        .await;
        assert_eq!(s, 201, "{case}");
        let id = case["id"].as_str().unwrap().to_string();
        if status != "open" {
            let (s, v) = advisor(
                &b.app,
                "POST",
                &format!("/v1/cases/{id}/status"),
                Some(json!({"status": status})),
            )
            .await;
            assert_eq!(s, 200, "{v}");
        }
        ids.push(id);
    }
    let (s, list) = advisor(&b.app, "GET", "/v1/cases?status=active", None).await;
    assert_eq!(s, 200, "{list}");
    let mut units: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["asset"]["unitNumber"].as_str().unwrap())
        .collect();
    units.sort();
    assert_eq!(units, ["T-1", "T-2", "T-3"], "{list}");
    let (s, p) = advisor(&b.app, "GET", "/v1/cases?status=busy", None).await;
    assert_refused(s, &p, 400, "status");
}

casebridge_testkit::on_every_backend!(
    an_oem_admin_without_a_dealer_sets_the_oems_policy,
    a_reply_mode_the_oem_admin_sets_under_a_lock_is_the_mode_in_force,
    sms_mode_says_when_a_location_does_not_text_at_all,
    procede_search_cannot_be_turned_on_without_its_key,
    an_advisor_lists_every_case_that_is_not_closed,
);

mod phones {
    use super::*;

    async fn an_advisor_types_a_mobile_as_the_customer_says_it(b: TestBackend) {
        seed_dealers(&b.app).await;
        let (_, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
        )
        .await;
        let case = case["id"].as_str().unwrap();
        // When the advisor types the number three ways people write it
        for (name, typed) in [
            ("Jo", "214-555-0100"),
            ("Al", "(214) 555-0101"),
            ("Bo", "214.555.0102"),
        ] {
            let (s, c) = advisor(
                &b.app,
                "POST",
                &format!("/v1/cases/{case}/contacts"),
                Some(json!({"name": name, "mobile": typed, "smsOptIn": true})),
            )
            .await;
            // Then each is kept in E.164
            assert_eq!(s, 201, "{typed}: {c}");
            assert!(
                c["mobile"].as_str().unwrap().starts_with("+1214555010"),
                "{c}"
            );
        }
        // And a number that cannot be read is one error, saying how to type it
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Cy", "mobile": "555-01", "smsOptIn": true})),
        )
        .await;
        assert_eq!(s, 422, "{p}");
        assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{p}");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("214-555-0100"),
            "{p}"
        );
        // And a dealer's country must be one
        let (s, p) = user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"country": "Texas"})),
            D1_ADMIN,
        )
        .await;
        assert_refused(s, &p, 422, "country");
        let (s, v) = user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"country": "CA"})),
            D1_ADMIN,
        )
        .await;
        assert_eq!((s, v["country"].as_str()), (200, Some("CA")), "{v}");
        // A Canadian location reads 416 numbers as Canadian ones
        let (s, c) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Di", "mobile": "416 555 0199"})),
        )
        .await;
        assert_eq!(
            (s, c["mobile"].as_str()),
            (201, Some("+14165550199")),
            "{c}"
        );
    }

    casebridge_testkit::on_every_backend!(an_advisor_types_a_mobile_as_the_customer_says_it);
}

mod merges {
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
}

mod not_notified {
    use super::*;
    use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};

    /// Delivers every event raised so far, as case-notify would.
    async fn deliver(b: &TestBackend) {
        for e in b.events.events() {
            notify_case_event(&b.app, &e, LOCAL_BUDGET).await.unwrap();
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
        casebridge_core::sms::inbound::receive(&b.app, &stop, LOCAL_BUDGET)
            .await
            .unwrap();
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
}

mod ask_again {
    use super::*;
    use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};

    async fn an_advisor_asks_again_without_revising_the_estimate(b: TestBackend) {
        seed_dealers(&b.app).await;
        // Given an estimate sent to Jo, who has not answered
        let (_, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"},
                "contacts": [{"name": "Jo Fleet", "mobile": "+12145550123", "smsOptIn": true, "caseRole": "primary"},
                             {"name": "Dave Driver", "mobile": "+12145550124", "smsOptIn": true, "caseRole": "driver"}]})),
        )
        .await;
        let (jo, dave) = (
            case["contacts"][0]["id"].as_str().unwrap().to_string(),
            case["contacts"][1]["id"].as_str().unwrap().to_string(),
        );
        let case = case["id"].as_str().unwrap().to_string();
        let (_, est) = advisor(&b.app, "POST", &format!("/v1/cases/{case}/estimates"),
            Some(json!({"lines": [{"kind": "labor", "description": "Brake job", "quantity": 1, "unitPriceCents": 60000}]}))).await;
        let est = est["id"].as_str().unwrap().to_string();
        let quick = format!("/v1/cases/{case}/quick-actions");
        let ask = |ids: Vec<String>| json!({"action": "request_approval", "estimateId": est, "contactIds": ids});
        let (s, _) = advisor(&b.app, "POST", &quick, Some(ask(vec![jo.clone()]))).await;
        assert_eq!(s, 200);
        // When the advisor asks again, now Jo and Dave, without changing a line
        let (s, v) = advisor(
            &b.app,
            "POST",
            &quick,
            Some(ask(vec![jo.clone(), dave.clone()])),
        )
        .await;
        assert_eq!(s, 200, "{v}");
        // Then both are texted about version 1 again, and the history says so
        for e in b.events.events() {
            notify_case_event(&b.app, &e, LOCAL_BUDGET).await.unwrap();
        }
        let texts = b.texts().await;
        let about = |phone: &str| {
            texts
                .iter()
                .filter(|(p, t)| p == phone && t.contains("approval"))
                .count()
        };
        assert_eq!(
            (about("+12145550123"), about("+12145550124")),
            (2, 1),
            "{texts:?}"
        );
        let (_, h) = advisor(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/estimates/{est}/history"),
            None,
        )
        .await;
        assert_eq!(h["versions"].as_array().unwrap().len(), 1, "{h}");
        let reminders = h["versions"][0]["reminders"].as_array().unwrap();
        assert_eq!(reminders.len(), 1, "{h}");
        assert_eq!(
            reminders[0]["askedContacts"].as_array().unwrap().len(),
            2,
            "{h}"
        );
        // And Dave, now asked, may decide from his link
        let dealer = casebridge_core::dealers::DealerId::parse("d1").unwrap();
        let url = casebridge_core::mobile::links::issue(
            &b.app,
            &dealer,
            &casebridge_core::ids::CaseId::parse(&case).unwrap(),
            &casebridge_core::ids::ContactId::parse(&dave).unwrap(),
        )
        .await
        .unwrap();
        let token = url.rsplit("/m/").next().unwrap();
        let page = casebridge_testkit::send(
            common::api(&b.app),
            casebridge_testkit::request("GET", &format!("/m/{token}"), None),
        )
        .await;
        let html = page.text();
        assert!(html.contains("type=\"radio\""), "{html}");
        assert!(html.contains("Version 1 sent again by"), "{html}");
        // And once every line is decided there is nothing to ask
        let (_, e) = advisor(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/estimates/{est}"),
            None,
        )
        .await;
        let line = e["lines"][0]["id"].as_str().unwrap().to_string();
        let (s, _) = advisor(&b.app, "POST", &format!("/v1/cases/{case}/estimates/{est}/decisions"),
            Some(json!({"version": 1, "lines": [{"lineId": line, "decision": "approve", "reason": "by phone"}]}))).await;
        assert_eq!(s, 200);
        let (s, p) = advisor(&b.app, "POST", &quick, Some(ask(vec![jo]))).await;
        assert_eq!(s, 409, "{p}");
    }

    casebridge_testkit::on_every_backend!(an_advisor_asks_again_without_revising_the_estimate);
}

mod customer_names {
    use super::*;

    async fn a_case_takes_its_customers_name_and_number_from_the_record(b: TestBackend) {
        seed_dealers(&b.app).await;
        // Given a Procede customer added to d1, and a customer typed into Case
        let (s, v) = user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"procedeSearchEnabled": true})),
            D1_ADMIN,
        )
        .await;
        assert_eq!(s, 200, "{v}");
        std::fs::write(
            &b.procede_file,
            serde_json::to_vec(&json!([{"procedeId": "P2", "name": "Johnson Tires - Denver", "customerNumber": "C-P2",
                "phone": "(303) 555-0100", "city": "Denver", "state": "CO"}]))
            .unwrap(),
        )
        .unwrap();
        let (s, dms) = advisor(
            &b.app,
            "POST",
            "/v1/customers/from-procede",
            Some(json!({"procedeId": "P2"})),
        )
        .await;
        assert_eq!(s, 201, "{dms}");
        let dms = dms["id"].as_str().unwrap();
        let (s, typed) = advisor(
            &b.app,
            "POST",
            "/v1/customers",
            Some(json!({"name": "Fleet Co", "customerNumber": "F-1"})),
        )
        .await;
        assert_eq!(s, 201, "{typed}");
        let typed = typed["id"].as_str().unwrap();
        // When a case names the Procede customer under another name, it is refused
        let (s, p) = advisor(&b.app, "POST", "/v1/cases",
            Some(json!({"customer": {"id": dms, "name": "Totally Different Name"}, "asset": {"unitNumber": "T-1"}}))).await;
        assert_refused(s, &p, 422, "customer.name");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("Johnson Tires - Denver"),
            "{p}"
        );
        // When it names the customer alone, the case takes the DMS's name and number
        let (s, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"id": dms}, "asset": {"unitNumber": "T-1"}})),
        )
        .await;
        assert_eq!(s, 201, "{case}");
        assert_eq!(
            (
                case["customer"]["name"].as_str(),
                case["customer"]["number"].as_str()
            ),
            (Some("Johnson Tires - Denver"), Some("C-P2"))
        );
        // And the same name in other letter case or spacing is the same name
        let (s, _) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"id": dms, "name": "johnson tires  - denver"}, "asset": {"unitNumber": "T-2"}}))).await;
        assert_eq!(s, 201);
        // A Case customer's record wins over a name sent with it
        let (s, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(
                json!({"customer": {"id": typed, "name": "Other"}, "asset": {"unitNumber": "T-3"}}),
            ),
        )
        .await;
        assert_eq!(s, 201, "{case}");
        assert_eq!(
            (
                case["customer"]["name"].as_str(),
                case["customer"]["number"].as_str()
            ),
            (Some("Fleet Co"), Some("F-1"))
        );
        // And a customer typed on the case still needs its name
        let (s, p) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {}, "asset": {"unitNumber": "T-4"}})),
        )
        .await;
        assert_refused(s, &p, 422, "customer.name");
    }

    casebridge_testkit::on_every_backend!(
        a_case_takes_its_customers_name_and_number_from_the_record
    );
}

mod assets {
    use super::*;

    async fn an_advisor_adds_a_unit_to_a_customer_before_any_case(b: TestBackend) {
        seed_dealers(&b.app).await;
        let (_, fleet) = advisor(
            &b.app,
            "POST",
            "/v1/customers",
            Some(json!({"name": "Fleet Co"})),
        )
        .await;
        let (_, other) = advisor(
            &b.app,
            "POST",
            "/v1/customers",
            Some(json!({"name": "Other Haulage"})),
        )
        .await;
        let (fleet, other) = (fleet["id"].as_str().unwrap(), other["id"].as_str().unwrap());
        let unit = json!({"unitNumber": "T-680", "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680", "year": 2021});
        // When the advisor adds the unit to Fleet Co
        let (s, a) = advisor(
            &b.app,
            "POST",
            &format!("/v1/customers/{fleet}/assets"),
            Some(unit.clone()),
        )
        .await;
        // Then it is listed with the customer, with no case yet
        assert_eq!(s, 201, "{a}");
        assert_eq!(
            (a["year"].as_u64(), a["caseIds"].as_array().map(Vec::len)),
            (Some(2021), Some(0)),
            "{a}"
        );
        let (_, list) = advisor(
            &b.app,
            "GET",
            &format!("/v1/customers/{fleet}/assets"),
            None,
        )
        .await;
        assert_eq!(list["items"].as_array().unwrap().len(), 1, "{list}");
        // And the same VIN on another customer is refused, naming whose it is
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/customers/{other}/assets"),
            Some(unit.clone()),
        )
        .await;
        assert_eq!(s, 409, "{p}");
        assert!(p["detail"].as_str().unwrap().contains("Fleet Co"), "{p}");
        // And twice on the same customer too
        let (s, _) = advisor(
            &b.app,
            "POST",
            &format!("/v1/customers/{fleet}/assets"),
            Some(unit),
        )
        .await;
        assert_eq!(s, 409);
        // A case opened on the unit joins it
        let (s, case) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"id": fleet},
            "asset": {"unitNumber": "T-680", "vin": "1XKYD49X0MJ441256"}})),
        )
        .await;
        assert_eq!(s, 201, "{case}");
        let (_, list) = advisor(
            &b.app,
            "GET",
            &format!("/v1/customers/{fleet}/assets"),
            None,
        )
        .await;
        assert_eq!(
            list["items"][0]["caseIds"].as_array().unwrap().len(),
            1,
            "{list}"
        );
        // A VIN first seen on a case is that customer's too
        let (_, c) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"id": other},
            "asset": {"unitNumber": "W-9", "vin": "3AKJHHDR5JSJV1234"}})),
        )
        .await;
        assert!(c["id"].is_string(), "{c}");
        let (s, _) = advisor(
            &b.app,
            "POST",
            &format!("/v1/customers/{fleet}/assets"),
            Some(json!({"unitNumber": "W-9", "vin": "3AKJHHDR5JSJV1234"})),
        )
        .await;
        assert_eq!(s, 409);
        // Bad input names the field
        for (body, field) in [
            (
                json!({"unitNumber": "", "vin": "1XKYD49X0MJ441257"}),
                "unitNumber",
            ),
            (json!({"unitNumber": "T-1", "vin": "SHORT"}), "vin"),
            (json!({"unitNumber": "T-1", "year": 1850}), "year"),
        ] {
            let (s, p) = advisor(
                &b.app,
                "POST",
                &format!("/v1/customers/{fleet}/assets"),
                Some(body),
            )
            .await;
            assert_refused(s, &p, 422, field);
        }
        // Another dealer's advisor reaches nothing of it
        let (s, _) = user(
            &b.app,
            "POST",
            &format!("/v1/customers/{fleet}/assets"),
            Some(json!({"unitNumber": "X-1"})),
            ("d2", "advisor", None),
        )
        .await;
        assert_eq!(s, 404);
    }

    casebridge_testkit::on_every_backend!(an_advisor_adds_a_unit_to_a_customer_before_any_case);
}

mod parts_counter {
    use super::*;
    use casebridge_core::notifications::LOCAL_BUDGET;

    async fn the_counter_reads_a_case_number_a_unit_and_a_short_reference(b: TestBackend) {
        seed_dealers(&b.app).await;
        // Given d1 says where Case shows a case, and a case on Parts Hold
        let (s, v) = user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"caseUrlTemplate": "https://case.example/cases/{caseId}"})),
            D1_ADMIN,
        )
        .await;
        assert_eq!(s, 200, "{v}");
        let (_, case) = advisor(&b.app, "POST", "/v1/cases", Some(json!({"customer": {"name": "Johnson Tires"},
            "asset": {"unitNumber": "T-101", "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680"}}))).await;
        let case = case["id"].as_str().unwrap().to_string();
        advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/status"),
            Some(json!({"status": "parts_hold"})),
        )
        .await;
        // When the advisor escalates twice
        let path = format!("/v1/cases/{case}/parts-escalations");
        let body = json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]});
        let escalate = || advisor(&b.app, "POST", &path, Some(body.clone()));
        let (s, first) = escalate().await;
        assert_eq!(s, 201, "{first}");
        let (_, second) = escalate().await;
        assert_eq!(
            (first["reference"].as_str(), second["reference"].as_str()),
            (Some("PR-1001-1"), Some("PR-1001-2"))
        );
        // Then the counter reads the reference, the case number, the unit, the advisor and a
        // link back to the case
        for e in b
            .events
            .events()
            .into_iter()
            .filter(|e| e.kind().as_str() == "parts.escalated")
        {
            casebridge_core::parts::deliver(&b.app, &e, LOCAL_BUDGET)
                .await
                .unwrap();
        }
        let sent = b.prokeep.recorded();
        let text = sent[0]["text"].as_str().unwrap();
        for part in [
            "Parts request PR-1001-1",
            "Case #1001: Johnson Tires - unit T-101, VIN 1XKYD49X0MJ441256, Kenworth T680",
            "1 x TRB-4471 Turbo actuator",
            "Requested by",
            &format!("Open the case: https://case.example/cases/{case}"),
        ] {
            assert!(text.contains(part), "{part:?} missing from {text}");
        }
        assert!(!text.contains(first["id"].as_str().unwrap()), "{text}");
        // And the counter's claim may quote the reference
        let body = serde_json::to_vec(&json!({"eventId": "e1", "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z", "actor": {"name": "Pat Counter"}})).unwrap();
        let r = common::connector(
            &b.app,
            "POST",
            "/v1/prokeep/parts-requests/PR-1001-1/events",
            &body,
        )
        .await;
        assert_eq!(r.status(), 200, "{}", r.text());
        // The same event quoting the id is the same event (applied once)
        let by_id = format!(
            "/v1/prokeep/parts-requests/{}/events",
            first["id"].as_str().unwrap()
        );
        let r = common::connector(&b.app, "POST", &by_id, &body).await;
        let (s, v) = casebridge_testkit::parts(&r);
        assert_eq!((s, v["applied"].as_bool()), (200, Some(false)), "{v}");
        // And the note on the case speaks of PR-1001-1
        let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
        assert!(
            notes["items"].as_array().unwrap().iter().any(|n| n["text"]
                .as_str()
                .unwrap()
                .starts_with("Parts request PR-1001-1 was claimed by Pat Counter")),
            "{notes}"
        );
        // A reference nobody made is 404; a template without {caseId} or https is refused
        let r = common::connector(
            &b.app,
            "POST",
            "/v1/prokeep/parts-requests/PR-1001-9/events",
            &body,
        )
        .await;
        assert_eq!(r.status(), 404);
        for bad in [
            "http://case.example/cases/{caseId}",
            "https://case.example/cases",
        ] {
            let (s, p) = user(
                &b.app,
                "PATCH",
                "/v1/dealers/d1/settings",
                Some(json!({"caseUrlTemplate": bad})),
                D1_ADMIN,
            )
            .await;
            assert_refused(s, &p, 422, "caseUrlTemplate");
        }
    }

    casebridge_testkit::on_every_backend!(
        the_counter_reads_a_case_number_a_unit_and_a_short_reference
    );
}
