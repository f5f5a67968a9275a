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
mod settings;
pub mod store;

use serde::{Deserialize, Serialize};

use crate::ids::OemId;

pub use service::{
    dealer_in_reach, dealer_of_number, effective_reply_mode, get_settings, get_sms_mode,
    load_dealer, load_oem, may_change, missing_procede_key, patch_settings, patch_settings_seen,
    prokeep_groups, replace_settings, seed_dealer, seed_oem, set_sms_mode, set_sms_policy,
    settings_seen, Setting, SmsMode,
};

pub use crate::ids::{is_safe_id, DealerId};
pub(crate) use settings::authorisation_statement;
pub use settings::{DealerFront, DealerSettings, DealerSettingsPatch};

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
pub fn time_for_people(ts: jiff::Timestamp, time_zone: &str) -> String {
    time_in(ts, time_zone, crate::Language::En)
}

/// A time as people read it in the dealer's zone, in `language` ("Wed Nov 25, 10:43 AM CST",
/// "mié 25 nov, 10:43 CST").
pub(crate) fn time_in(ts: jiff::Timestamp, time_zone: &str, language: crate::Language) -> String {
    let tz = jiff::tz::TimeZone::get(time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let at = ts.to_zoned_datetime(tz);
    let l = language;
    let weekday = crate::words::word(
        l,
        &format!("weekday-{}", at.weekday().to_monday_one_offset()),
    );
    let month = crate::words::word(l, &format!("month-{}", at.month()));
    crate::words::say(
        l,
        "when",
        &[
            ("weekday", weekday.into()),
            ("month", month.into()),
            ("day", at.day().to_string().into()),
            ("clock12", at.strftime("%-I:%M %p").to_string().into()),
            ("clock24", at.strftime("%H:%M").to_string().into()),
            ("zone", at.strftime("%Z").to_string().into()),
        ],
    )
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
        assert_eq!(
            time_in(summer, "America/Chicago", crate::Language::Es),
            "vie 3 jul, 20:05 CDT"
        );
        assert_eq!(
            time_in(ts, "America/Toronto", crate::Language::Fr),
            "mer. 25 nov., 11:43 EST"
        );
    }
}
