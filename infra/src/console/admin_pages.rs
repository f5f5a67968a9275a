//! The administration page: each setting where the signed-in role may change it, the others
//! read-only with who may.

use casebridge_core::auth::permissions::{may, who_may, Action};
use casebridge_core::auth::Role;
use casebridge_core::dealers::credentials::NewConnectorSecret;
use casebridge_core::dealers::{
    self, ConnectorSecretInfo, DealerSettingsView, Oem, ReplyMode, Setting,
};
use maud::{html, Markup};

use super::pages::shell;
use super::session::Person;

/// What the page shows: the settings (and their fingerprint for the form), the OEM, and the
/// connector secrets when the role manages them.
pub struct Shown {
    pub view: DealerSettingsView,
    pub seen: String,
    pub oem: Oem,
    pub secrets: Option<Vec<ConnectorSecretInfo>>,
}

/// The switches: the settings name, what people call it, and whose it is (the core says
/// who may change each).
pub const SWITCHES: &[(&str, &str, Setting)] = &[
    (
        "prokeepConnectorEnabled",
        "Prokeep connector",
        Setting::ProkeepConnector,
    ),
    (
        "mobileCommunicationsEnabled",
        "Mobile communications (texts, emails and the customer's page)",
        Setting::MobileCommunications,
    ),
    (
        "partsCounterUsesProkeep",
        "The parts counter uses Prokeep",
        Setting::Location,
    ),
    ("procedeSearchEnabled", "Procede search", Setting::Location),
    (
        "poNumberRequired",
        "A PO number is required to approve",
        Setting::Location,
    ),
];

fn role_name(r: Role) -> &'static str {
    match r {
        Role::PlatformAdmin => "the platform admin",
        Role::OemAdmin => "the OEM admin",
        Role::DealerAdmin => "the dealer admin",
        Role::Advisor => "an advisor",
    }
}

/// "Only the platform admin may change this."
fn who(action: Action) -> String {
    let names: Vec<&str> = who_may(action).iter().map(|r| role_name(*r)).collect();
    format!("Only {} may change this.", names.join(" or "))
}

fn role_of(person: &Person) -> Option<Role> {
    person.principal.as_ref().map(|p| p.role)
}

fn mode_name(m: ReplyMode) -> &'static str {
    match m {
        ReplyMode::SmsAndMobile => "Reply by text or on the mobile page",
        ReplyMode::MobileOnly => "Reply on the mobile page only",
    }
}

const MODES: [(ReplyMode, &str); 2] = [
    (ReplyMode::SmsAndMobile, "sms_and_mobile"),
    (ReplyMode::MobileOnly, "mobile_only"),
];

/// `GET /console/admin`.
pub fn admin(person: &Person, s: &Shown, said: Option<&str>) -> Markup {
    shell(
        "Administration",
        Some(person),
        html! {
            h1 { "Administration — " (s.view.name) }
            p.meta { "Location " (s.view.dealer_id) " of OEM " (s.oem.name) " · you are " (role_of(person).map(role_name).unwrap_or("")) }
            @if let Some(said) = said { p.notice role="status" { (said) } }
            (settings(person, s))
            (policy(person, s))
            (secrets(person, s))
            (partner_credentials(person, s))
        },
    )
}

fn settings(person: &Person, s: &Shown) -> Markup {
    let role = role_of(person);
    let can = |setting: Setting| {
        let p = person.principal.as_ref();
        p.is_some_and(|p| dealers::may_change(p, &s.oem, setting))
    };
    let values = serde_json::to_value(&s.view.settings).unwrap_or_default();
    let mode = Setting::ReplyMode;
    // The role may choose a mode, but not here: the OEM's policy is what stops it.
    let barred_by_oem = !can(mode) && role.is_some_and(|r| may(r, mode.action()));
    let location = can(Setting::Location);
    html! {
        h2 { "The location's settings" }
        form method="post" action="/console/admin/settings" {
            input type="hidden" name="csrf" value=(person.csrf);
            input type="hidden" name="seen" value=(s.seen);
            @for (name, label, setting) in SWITCHES {
                @let on = values[*name].as_bool().unwrap_or(false);
                div.card {
                    @if can(*setting) {
                        input type="hidden" name="shown" value=(name);
                        label { input type="checkbox" name=(name) checked[on]; " " (label) }
                    } @else {
                        p { strong { (label) ": " } @if on { "on" } @else { "off" } }
                        p.meta { (who(setting.action())) }
                    }
                }
            }
            div.card {
                @if can(mode) {
                    input type="hidden" name="shown" value="smsReplyMode";
                    label for="smsReplyMode" { "How customers reply" }
                    select id="smsReplyMode" name="smsReplyMode" {
                        @for (m, v) in MODES { option value=(v) selected[s.view.effective_sms_reply_mode == m] { (mode_name(m)) } }
                    }
                } @else {
                    p { strong { "How customers reply: " } (mode_name(s.view.effective_sms_reply_mode)) }
                    p.meta {
                        @if barred_by_oem { "The OEM does not let dealer admins change it." }
                        @else { (who(mode.action())) " Dealer admins only where the OEM allows." }
                    }
                }
            }
            (location_fields(s, location))
            p { button type="submit" { "Save settings" } }
        }
    }
}

/// The location's own settings besides its switches: fields where the role may change
/// them, else what they are and who may.
fn location_fields(s: &Shown, changeable: bool) -> Markup {
    html! {
        @if changeable {
            input type="hidden" name="shown" value="partsReminderMinutes";
            label for="partsReminderMinutes" { "Minutes before an unclaimed parts request is sent again" }
            input type="text" inputmode="numeric" id="partsReminderMinutes" name="partsReminderMinutes" value=(s.view.settings.parts_reminder_minutes);
            input type="hidden" name="shown" value="approvalReminderHours";
            label for="approvalReminderHours" { "Hours before an unanswered approval request is sent again" }
            input type="text" inputmode="numeric" id="approvalReminderHours" name="approvalReminderHours" value=(s.view.settings.approval_reminder_hours);
            input type="hidden" name="shown" value="address";
            label for="address" { "The location's address, as customers read it" }
            input type="text" id="address" name="address" size="50" value=(s.view.settings.address.clone().unwrap_or_default());
        } @else {
            p { "Parts reminder after " (s.view.settings.parts_reminder_minutes) " minutes; approval reminder after " (s.view.settings.approval_reminder_hours) " hours; address: " (s.view.settings.address.clone().unwrap_or_else(|| "not set".into())) "." }
            p.meta { (who(Setting::Location.action())) }
        }
    }
}

fn policy(person: &Person, s: &Shown) -> Markup {
    let can = role_of(person).is_some_and(|r| may(r, Action::SetReplyModePolicy));
    let p = &s.oem.sms_policy;
    html! {
        h2 { "The OEM's reply-mode policy" }
        @if can {
            form method="post" action="/console/admin/reply-policy" {
                input type="hidden" name="csrf" value=(person.csrf);
                label for="defaultMode" { "Default for " (s.oem.name) "'s locations" }
                select id="defaultMode" name="defaultMode" {
                    @for (m, v) in MODES { option value=(v) selected[p.default_mode == m] { (mode_name(m)) } }
                }
                label { input type="checkbox" name="dealerAdminsMayChange" checked[p.dealer_admins_may_change]; " Dealer admins may choose their location's mode" }
                p { button type="submit" { "Save the policy" } }
            }
        } @else {
            p { "Default: " (mode_name(p.default_mode)) "; dealer admins " @if p.dealer_admins_may_change { "may" } @else { "may not" } " choose their location's mode." }
            p.meta { (who(Action::SetReplyModePolicy)) }
        }
    }
}

fn secrets(person: &Person, s: &Shown) -> Markup {
    html! {
        h2 { "Connector secrets" }
        p { "The Prokeep connector signs every call with one of these. " (s.view.connector_secrets_configured) " in force." }
        @match &s.secrets {
            None => p.meta { (who(Action::ManageConnectorSecrets)) },
            Some(list) => {
                ul {
                    @for secret in list {
                        li {
                            (secret.id) ", created " (secret.created_at.strftime("%b %-d, %Y"))
                            form method="post" action=(format!("/console/admin/connector-secrets/{}/revoke", secret.id)) {
                                input type="hidden" name="csrf" value=(person.csrf);
                                button type="submit" aria-label=(format!("Revoke {}", secret.id)) { "Revoke" }
                            }
                        }
                    }
                }
                form method="post" action="/console/admin/connector-secrets" {
                    input type="hidden" name="csrf" value=(person.csrf);
                    button type="submit" { "Create a connector secret" }
                }
            }
        }
    }
}

fn partner_credentials(person: &Person, s: &Shown) -> Markup {
    let can = role_of(person).is_some_and(|r| may(r, Action::SetPartnerCredentials));
    let set = |yes: bool| if yes { "set" } else { "not set" };
    html! {
        h2 { "Credentials" }
        p { "Prokeep API credentials: " (set(s.view.prokeep_credentials_configured)) ". Procede API key: " (set(s.view.procede_api_key_configured)) ". They are never shown." }
        @if can {
            form method="post" action="/console/admin/prokeep-credentials" {
                input type="hidden" name="csrf" value=(person.csrf);
                label for="username" { "Prokeep username" }
                input type="text" id="username" name="username" autocomplete="off" required;
                label for="password" { "Prokeep password" }
                input type="password" id="password" name="password" autocomplete="new-password" required;
                label for="sender" { "Sender name on escalations" }
                input type="text" id="sender" name="sender" required;
                p { button type="submit" { "Set the Prokeep credentials" } }
            }
            form method="post" action="/console/admin/procede-credentials" {
                input type="hidden" name="csrf" value=(person.csrf);
                label for="apiKey" { "Procede API key" }
                input type="password" id="apiKey" name="apiKey" autocomplete="new-password" required;
                p { button type="submit" { "Set the Procede API key" } }
            }
        } @else {
            p.meta { (who(Action::SetPartnerCredentials)) }
        }
    }
}

/// After `POST /console/admin/connector-secrets`: the value, this once.
pub fn secret_created(person: &Person, created: &NewConnectorSecret) -> Markup {
    shell(
        "Connector secret created",
        Some(person),
        html! {
            h1 { "Connector secret " (created.id) }
            p.notice role="status" { "Copy it into the Prokeep connector now: it is never shown again." }
            label for="secret" { "The secret" }
            input type="text" id="secret" readonly size="60" name="secret" value=(created.secret);
            p { a href="/console/admin" { "Back to Administration" } }
        },
    )
}
