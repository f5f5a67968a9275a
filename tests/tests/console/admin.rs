//! Administration by role, as each admin walks it: every setting where the role may change
//! it and the rest read-only with who may; a form opened before someone else's change is
//! refused with the settings as they are now (409); connector secrets shown once; the
//! credentials set and never shown; the OEM's reply-mode policy.

use super::*;

async fn open(app: &App, me: &str) -> String {
    let r = send(console(app), get("/console/admin", me)).await;
    assert_eq!(r.status(), 200, "{}", r.text());
    r.text()
}

fn fields<'a>(page: &'a str, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, String)> {
    let mut all = vec![("csrf", csrf_of(page)), ("seen", value_of(page, "seen"))];
    all.extend(more.iter().map(|(k, v)| (*k, v.to_string())));
    all
}

async fn send_fields(app: &App, me: &str, action: &str, f: &[(&str, String)]) -> Reply {
    let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    send(console(app), post(action, me, &pairs)).await
}

async fn settings(app: &App) -> serde_json::Value {
    let (s, v) = user(
        app,
        "GET",
        "/v1/dealers/d1/settings",
        None,
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    v
}

#[tokio::test]
async fn a_dealer_admin_changes_the_locations_settings_and_sees_who_may_change_the_rest() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let me = sign_in(&b.app, "dealer_admin", "d1").await;
    // Given the dealer admin opens Administration
    let page = open(&b.app, &me).await;
    // Then the Prokeep connector and mobile communications are shown with who may change them
    assert!(
        page.contains("Only the platform admin may change this."),
        "{page}"
    );
    assert!(
        page.contains("Only the OEM admin may change this."),
        "{page}"
    );
    assert!(
        !page.contains("name=\"prokeepConnectorEnabled\""),
        "no box for the connector"
    );
    // When they turn the parts counter off Prokeep and set the reminder to 20 minutes
    // (leaving Procede search and the PO number as they are)
    let mut f = fields(
        &page,
        &[
            ("partsReminderMinutes", "20"),
            ("approvalReminderHours", "24"),
            ("address", "2400 Commerce St"),
        ],
    );
    for name in [
        "partsCounterUsesProkeep",
        "procedeSearchEnabled",
        "poNumberRequired",
        "partsReminderMinutes",
        "approvalReminderHours",
        "address",
    ] {
        f.push(("shown", name.to_string()));
    }
    if page.contains("name=\"procedeSearchEnabled\" checked") {
        f.push(("procedeSearchEnabled", "on".into()));
    }
    let saved = send_fields(&b.app, &me, "/console/admin/settings", &f).await;
    assert_eq!(saved.status(), 303, "{}", saved.text());
    // Then the API reads the change
    let now = settings(&b.app).await;
    assert_eq!(
        (
            now["partsCounterUsesProkeep"].clone(),
            now["partsReminderMinutes"].clone()
        ),
        (json!(false), json!(20)),
        "{now}"
    );
    assert_eq!(
        now["prokeepConnectorEnabled"],
        json!(true),
        "untouched: {now}"
    );
}

#[tokio::test]
async fn a_settings_form_opened_before_another_change_is_refused_with_the_settings_as_they_are_now()
{
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let me = sign_in(&b.app, "dealer_admin", "d1").await;
    // Given the dealer admin opened Administration
    let page = open(&b.app, &me).await;
    // And meanwhile someone set the reminder to 45 minutes through the API
    let (s, _) = user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"partsReminderMinutes": 45})),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200);
    // When the form is sent with 20
    let f = fields(
        &page,
        &[
            ("shown", "partsReminderMinutes"),
            ("partsReminderMinutes", "20"),
        ],
    );
    let refused = send_fields(&b.app, &me, "/console/admin/settings", &f).await;
    // Then it is refused (409) with the page as it is now, and 45 stands
    assert_eq!(refused.status(), 409, "{}", refused.text());
    let text = refused.text();
    assert!(
        text.contains("changed since the form was opened") && text.contains("value=\"45\""),
        "{text}"
    );
    assert_eq!(settings(&b.app).await["partsReminderMinutes"], json!(45));
}

#[tokio::test]
async fn an_advisor_and_the_counter_are_refused_administration_with_who_may() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let advisor = sign_in(&b.app, "advisor", "d1").await;
    let r = send(console(&b.app), get("/console/admin", &advisor)).await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text()
            .contains("only platform_admin or oem_admin or dealer_admin may"),
        "{}",
        r.text()
    );
    let counter = sign_in(&b.app, "counter", "d1").await;
    let r = send(console(&b.app), get("/console/admin", &counter)).await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text().contains("the parts counter works in Prokeep"),
        "{}",
        r.text()
    );
    // And a dealer admin's session cannot create a connector secret (a platform admin's)
    let admin = sign_in(&b.app, "dealer_admin", "d1").await;
    let r = send_form(
        &b.app,
        &admin,
        "/console/admin",
        "/console/admin/connector-secrets",
        &[],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(
        r.text().contains("only platform_admin may create"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn a_platform_admin_creates_a_connector_secret_seen_once_revokes_the_old_and_sets_a_key_never_shown(
) {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let me = sign_in(&b.app, "platform_admin", "d1").await;
    let before = open(&b.app, &me).await;
    assert!(before.contains("1 in force"), "{before}");
    // When the platform admin creates a secret, Then its value is shown this once
    let created = send_form(
        &b.app,
        &me,
        "/console/admin",
        "/console/admin/connector-secrets",
        &[],
    )
    .await;
    assert_eq!(created.status(), 200, "{}", created.text());
    let secret = value_of(&created.text(), "secret");
    assert!(secret.len() >= 40, "{secret}");
    let page = open(&b.app, &me).await;
    assert!(
        page.contains("2 in force") && !page.contains(&secret),
        "{page}"
    );
    // When they revoke the first one, Then one is in force
    let old = page
        .split("/console/admin/connector-secrets/")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    let revoked = send_form(
        &b.app,
        &me,
        "/console/admin",
        &format!("/console/admin/connector-secrets/{old}/revoke"),
        &[],
    )
    .await;
    assert_eq!(revoked.status(), 303, "{}", revoked.text());
    assert!(open(&b.app, &me).await.contains("1 in force"));
    // When they set a Procede key, Then the page says it is set and never shows it
    let set = send_form(
        &b.app,
        &me,
        "/console/admin",
        "/console/admin/procede-credentials",
        &[("apiKey", "pk-live-0123456789")],
    )
    .await;
    assert_eq!(set.status(), 303, "{}", set.text());
    let page = send(console(&b.app), get(&location(&set), &me))
        .await
        .text();
    assert!(
        page.contains("Procede API key is set") && !page.contains("pk-live-0123456789"),
        "{page}"
    );
    // And a link cannot put its own words on the page: only the page's own notices show
    let forged = "/console/admin?done=Call+555-0199+to+verify";
    let forged = send(console(&b.app), get(forged, &me)).await.text();
    assert!(
        !forged.contains("Call 555-0199") && !forged.contains("role=\"status\""),
        "{forged}"
    );
}

#[tokio::test]
async fn an_oem_admin_lets_dealer_admins_choose_the_reply_mode_and_a_dealer_admin_then_can() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    // Given oem-a does not let its dealer admins choose: the dealer admin sees why
    let admin = sign_in(&b.app, "dealer_admin", "d1").await;
    let page = open(&b.app, &admin).await;
    assert!(
        page.contains("The OEM does not let dealer admins change it.")
            && !page.contains("id=\"smsReplyMode\""),
        "{page}"
    );
    // When the OEM admin allows it
    let oem = sign_in(&b.app, "oem_admin", "d1").await;
    let r = send_form(
        &b.app,
        &oem,
        "/console/admin",
        "/console/admin/reply-policy",
        &[
            ("defaultMode", "sms_and_mobile"),
            ("dealerAdminsMayChange", "on"),
        ],
    )
    .await;
    assert_eq!(r.status(), 303, "{}", r.text());
    // Then the dealer admin may choose it
    assert!(open(&b.app, &admin).await.contains("id=\"smsReplyMode\""));
}
