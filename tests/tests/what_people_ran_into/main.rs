//! What the people who use it ran into (issue 21), as scenarios in their words: OEM and dealer
//! admins whose settings must take effect, advisors who list their active cases, the parts
//! counter reading counts in plain English. On both backends.

#[path = "../common/mod.rs"]
mod common;

use casebridge_core::ports::functions;
use casebridge_testkit::{seed_dealers, TestBackend};
use common::{advisor, assert_refused, user};
use serde_json::json;

mod ask_again;
mod assets;
mod customer_names;
mod merges;
mod not_notified;
mod parts_counter;
mod phones;

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
