//! Dealers (a dealer location) and OEMs, with the settings every feature reads.
//!
//! A platform admin onboards OEMs and dealers ([`onboarding`]), turns a location's Prokeep
//! connector on and keeps its credentials ([`credentials`]). The OEM sets the SMS
//! reply-mode policy for its network and turns mobile communications on per location; the
//! dealer's admins set the location's own switches (parts counter, Prokeep groups, Procede
//! search, time zone) and, where the OEM allows, the reply mode. Who may change what is
//! [`crate::auth::permissions`].

pub mod credentials;
pub mod onboarding;
mod service;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::error::{Error, FieldError};
use crate::ids::OemId;

pub use service::{
    dealer_in_reach, dealer_of_number, effective_reply_mode, get_settings, get_sms_mode,
    load_dealer, load_oem, missing_procede_key, patch_settings, prokeep_groups, replace_settings,
    seed_dealer, seed_oem, set_sms_mode, set_sms_policy, SmsMode,
};

pub use crate::ids::{is_safe_id, DealerId};

/// The dealers this container has seen onboarded (a positive cache: dealers are never
/// removed, so a token's dealer is looked up once per container, not once per request).
#[derive(Debug, Default)]
pub struct OnboardedDealers(std::sync::RwLock<std::collections::HashSet<DealerId>>);

impl OnboardedDealers {
    pub fn knows(&self, dealer: &DealerId) -> bool {
        self.0.read().is_ok_and(|set| set.contains(dealer))
    }

    pub(crate) fn remember(&self, dealer: &DealerId) {
        if let Ok(mut set) = self.0.write() {
            set.insert(dealer.clone());
        }
    }
}

/// How customers answer the texts they get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplyMode {
    /// Reply by SMS to the last message, or through the mobile link.
    SmsAndMobile,
    /// Replies go through the mobile link only; an SMS reply gets a pointer to it.
    MobileOnly,
}

/// The OEM's SMS policy for its dealer network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsPolicy {
    pub default_mode: ReplyMode,
    pub dealer_admins_may_change: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Oem {
    #[schema(value_type = String)]
    pub id: OemId,
    pub name: String,
    pub sms_policy: SmsPolicy,
}

/// A Prokeep inbox group of the location (e.g. the parts counter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProkeepGroup {
    pub id: String,
    pub name: String,
}

/// What a dealer admin may change about the location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DealerSettings {
    /// IANA zone, e.g. `America/Chicago`; timestamps shown to people use it.
    #[schema(min_length = 1)]
    pub time_zone: String,
    pub prokeep_connector_enabled: bool,
    /// Texts, emails and the mobile page for this location's customers (the OEM's switch).
    /// Dealers stored before the switch existed keep communicating.
    #[serde(default = "on")]
    pub mobile_communications_enabled: bool,
    pub parts_counter_uses_prokeep: bool,
    #[serde(default)]
    pub prokeep_groups: Vec<ProkeepGroup>,
    pub procede_search_enabled: bool,
    /// The location's reply mode where the OEM lets dealer admins choose; else the OEM default.
    #[serde(default)]
    pub sms_reply_mode: Option<ReplyMode>,
    /// Minutes before an unclaimed parts escalation is re-sent.
    #[serde(default = "default_reminder_minutes")]
    #[schema(minimum = 1, maximum = 1440)]
    pub parts_reminder_minutes: u32,
    /// The location's country (ISO 3166 alpha-2): mobiles typed without a `+` are read as
    /// its national numbers (`214-555-0100` is `+12145550100` in `US` and `CA`).
    #[serde(default = "default_country")]
    #[schema(pattern = "^[A-Z]{2}$", example = "US")]
    pub country: String,
    /// Where the Case application shows a case, with `{caseId}` for its id (e.g.
    /// `https://case.example/cases/{caseId}`): messages to the parts counter link back to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 500, example = "https://case.example/cases/{caseId}")]
    pub case_url_template: Option<String>,
    /// The sales tax estimates compute on their taxable lines, in percent (8.25), at most
    /// three decimals; absent, an advisor types an estimate's tax as one sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 30, example = 8.25)]
    pub tax_rate_percent: Option<f64>,
}

impl DealerSettings {
    /// The link to a case in the Case application, when the dealer set where cases are.
    pub(crate) fn case_url(&self, case_id: &str) -> Option<String> {
        self.case_url_template
            .as_deref()
            .map(|t| t.replace("{caseId}", case_id))
    }
}

/// `PATCH /v1/dealers/{dealerId}/settings`: any of the settings (the rest stay as they are).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DealerSettingsPatch {
    #[schema(min_length = 1)]
    pub time_zone: Option<String>,
    pub prokeep_connector_enabled: Option<bool>,
    pub mobile_communications_enabled: Option<bool>,
    pub parts_counter_uses_prokeep: Option<bool>,
    pub prokeep_groups: Option<Vec<ProkeepGroup>>,
    pub procede_search_enabled: Option<bool>,
    pub sms_reply_mode: Option<ReplyMode>,
    #[schema(minimum = 1, maximum = 1440)]
    pub parts_reminder_minutes: Option<u32>,
    /// `null` goes back to a typed tax.
    #[schema(minimum = 0, maximum = 30)]
    pub tax_rate_percent: Option<f64>,
}

fn default_reminder_minutes() -> u32 {
    15
}

fn default_country() -> String {
    "US".into()
}

fn on() -> bool {
    true
}

impl DealerSettings {
    /// A new location's settings: every switch off until the people it belongs to turn it on.
    pub(crate) fn new_location(time_zone: String) -> Self {
        DealerSettings {
            time_zone,
            prokeep_connector_enabled: false,
            mobile_communications_enabled: false,
            parts_counter_uses_prokeep: false,
            prokeep_groups: vec![],
            procede_search_enabled: false,
            sms_reply_mode: None,
            parts_reminder_minutes: default_reminder_minutes(),
            country: default_country(),
            case_url_template: None,
            tax_rate_percent: None,
        }
    }
}

impl DealerSettings {
    /// Checks the rules serde cannot express.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            errors.push(FieldError::new(
                "timeZone",
                format!(
                    "{:?} is not an IANA time zone (for example America/Chicago)",
                    self.time_zone
                ),
            ));
        }
        if let Some(t) = &self.case_url_template {
            let ok = t.starts_with("https://")
                && t.contains("{caseId}")
                && t.chars().count() <= 500
                && !t.chars().any(|c| c.is_whitespace() || c.is_control());
            if !ok {
                errors.push(FieldError::new(
                    "caseUrlTemplate",
                    "an https:// address with {caseId} where the case's id goes (for example https://case.example/cases/{caseId})",
                ));
            }
        }
        if crate::phones::phone_country(&self.country).is_none() {
            errors.push(FieldError::new(
                "country",
                format!(
                    "{:?} is not a country code (ISO 3166 alpha-2, for example US or CA)",
                    self.country
                ),
            ));
        }
        self.check_groups(&mut errors);
        if self
            .tax_rate_percent
            .is_some_and(|r| !crate::estimates::is_tax_rate(r))
        {
            errors.push(FieldError::new(
                "taxRatePercent",
                "a percentage from 0 to 30 with at most three decimals (for example 8.25)",
            ));
        }
        if !(1..=24 * 60).contains(&self.parts_reminder_minutes) {
            errors.push(FieldError::new(
                "partsReminderMinutes",
                "must be between 1 and 1440 minutes",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(errors))
        }
    }

    /// Each Prokeep group: a key-safe id, listed once, with a name.
    fn check_groups(&self, errors: &mut Vec<FieldError>) {
        let mut ids = std::collections::HashSet::new();
        for (i, g) in self.prokeep_groups.iter().enumerate() {
            if !is_safe_id(&g.id) {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].id"),
                    "a group id is 1 to 64 letters, digits, '-' or '_'",
                ));
            } else if !ids.insert(g.id.as_str()) {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].id"),
                    format!("group {:?} is listed twice", g.id),
                ));
            }
            if g.name.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].name"),
                    "a group needs a name",
                ));
            }
        }
    }
}

/// A connector secret as the table knows it: which one, since when (the value is with the
/// dealer's secrets, never here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConnectorSecretInfo {
    pub id: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
}

/// The stored dealer: identity and settings. Its secrets (connector secrets, Prokeep API
/// password, Procede API key) are in the secret store ([`crate::ports::SecretStore`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Dealer {
    #[schema(value_type = String)]
    pub id: DealerId,
    pub name: String,
    #[schema(value_type = String)]
    pub oem_id: OemId,
    pub settings: DealerSettings,
    /// The connector secrets in force (current first; two during a rotation).
    #[serde(default)]
    pub connector_secret_ids: Vec<ConnectorSecretInfo>,
    /// The number the location texts from (E.164); inbound texts to it belong to this dealer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms_origination_number: Option<String>,
    /// The address the location emails from: an SES-verified identity, e.g.
    /// `service@lonestar.example` (no email goes out without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_from_address: Option<String>,
    /// When the partner credentials were last set (their values are in the secret store).
    #[serde(default)]
    pub credentials: CredentialsSet,
    /// Whether the location's reply mode (`settings.smsReplyMode`) was set by its OEM (or a
    /// platform admin): then it is in force whatever the OEM lets dealer admins do; one a
    /// dealer admin set is in force only while the OEM allows it.
    #[serde(default)]
    pub reply_mode_set_by_oem: bool,
    /// Optimistic-concurrency counter.
    #[serde(default)]
    pub version: u64,
}

impl crate::commit::Versioned for Dealer {
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, v: u64) {
        self.version = v;
    }
}

/// When each partner credential was last set (never what it is).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsSet {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub prokeep_api_set_at: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub procede_api_key_set_at: Option<jiff::Timestamp>,
}

/// What the settings route shows: everything but the secrets.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealerSettingsView {
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    pub name: String,
    #[schema(value_type = String)]
    pub oem_id: OemId,
    #[serde(flatten)]
    pub settings: DealerSettings,
    /// The reply mode in force (the dealer's choice where allowed, else the OEM default).
    pub effective_sms_reply_mode: ReplyMode,
    pub dealer_admins_may_change_reply_mode: bool,
    pub connector_secrets_configured: usize,
    /// Whether the Prokeep API credentials, the Procede API key, the texting number and the
    /// email sender are set (their values are never answered).
    pub prokeep_credentials_configured: bool,
    pub procede_api_key_configured: bool,
    pub sms_number_configured: bool,
    pub email_sender_configured: bool,
}

/// The fields of [`DealerSettingsView`] that are not settings: a `PUT` or `PATCH` of what
/// `GET` answered ignores them.
pub(crate) const READ_ONLY_SETTINGS: &[&str] = &[
    "dealerId",
    "name",
    "oemId",
    "effectiveSmsReplyMode",
    "dealerAdminsMayChangeReplyMode",
    "connectorSecretsConfigured",
    "prokeepCredentialsConfigured",
    "procedeApiKeyConfigured",
    "smsNumberConfigured",
    "emailSenderConfigured",
];

/// A time as the dealer's people and customers read it: `Tue Nov 25, 10:43 AM CST`, in the
/// dealer's zone (UTC, said so, if the zone is unknown).
pub(crate) fn time_for_people(ts: jiff::Timestamp, time_zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    ts.to_zoned_datetime(tz)
        .strftime("%a %b %-d, %-I:%M %p %Z")
        .to_string()
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn times_read_as_people_say_them_in_the_dealers_zone() {
        let ts: jiff::Timestamp = "2026-11-25T16:43:54.362Z".parse().unwrap();
        assert_eq!(
            time_for_people(ts, "America/Chicago"),
            "Wed Nov 25, 10:43 AM CST"
        );
        let summer: jiff::Timestamp = "2026-07-04T01:05:00Z".parse().unwrap();
        assert_eq!(
            time_for_people(summer, "America/Chicago"),
            "Fri Jul 3, 8:05 PM CDT"
        );
    }
}
