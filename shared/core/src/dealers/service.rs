use super::{Dealer, DealerId, DealerSettings, DealerSettingsView, Oem, ReplyMode};
use crate::auth::permissions::{self, Action};
use crate::auth::{Principal, Role};
use crate::error::{Error, Result};
use crate::ids::OemId;
use crate::App;

use super::store;

pub async fn load_dealer(app: &App, dealer: &DealerId) -> Result<Dealer> {
    store::load(app, dealer).await
}

pub async fn load_oem(app: &App, oem_id: &OemId) -> Result<Oem> {
    store::load_oem(app, oem_id).await
}

/// The dealer, if `p` may do `action` on it (out of reach: 404, as if it did not exist).
pub async fn dealer_in_reach(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    action: Action,
) -> Result<(Dealer, Oem)> {
    let not_found = || Error::not_found(format!("dealer {dealer_id}"));
    // A dealer's own people reach only their dealer: no read for another's.
    if matches!(p.role, Role::DealerAdmin | Role::Advisor) && p.dealer.as_ref() != Some(dealer_id) {
        return Err(not_found());
    }
    let dealer = match load_dealer(app, dealer_id).await {
        Ok(d) => d,
        Err(Error::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e),
    };
    permissions::check_dealer(p, action, &dealer)?;
    let oem = load_oem(app, &dealer.oem_id).await?;
    Ok((dealer, oem))
}

fn view(dealer: Dealer, oem: &Oem) -> DealerSettingsView {
    let effective = effective_reply_mode(&dealer, oem);
    DealerSettingsView {
        connector_secrets_configured: dealer.connector_secret_ids.len(),
        prokeep_credentials_configured: dealer.credentials.prokeep_api_set_at.is_some(),
        procede_api_key_configured: dealer.credentials.procede_api_key_set_at.is_some(),
        sms_number_configured: dealer.sms_origination_number.is_some(),
        email_sender_configured: dealer.email_from_address.is_some(),
        dealer_id: dealer.id,
        name: dealer.name,
        oem_id: dealer.oem_id,
        settings: dealer.settings,
        effective_sms_reply_mode: effective,
        dealer_admins_may_change_reply_mode: oem.sms_policy.dealer_admins_may_change,
    }
}

/// The reply mode in force, read this one way everywhere (texts, inbound replies, the
/// settings and `sms-mode` answers): the location's own mode when its OEM set it, or when a
/// dealer admin set it while the OEM allows that; otherwise the OEM's default.
pub fn effective_reply_mode(dealer: &Dealer, oem: &Oem) -> ReplyMode {
    match dealer.settings.sms_reply_mode {
        Some(mode) if dealer.reply_mode_set_by_oem || oem.sms_policy.dealer_admins_may_change => {
            mode
        }
        _ => oem.sms_policy.default_mode,
    }
}

/// Whether `p` sets a location's mode for its OEM (then the mode holds under a lock).
fn sets_for_oem(p: &Principal) -> bool {
    matches!(p.role, Role::OemAdmin | Role::PlatformAdmin)
}

pub async fn get_settings(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
) -> Result<DealerSettingsView> {
    let (dealer, oem) = dealer_in_reach(app, p, dealer_id, Action::ReadDealerSettings).await?;
    Ok(view(dealer, &oem))
}

/// `PUT /v1/dealers/{dealerId}/settings`: every setting, as `GET` answers them (its
/// read-only fields are ignored, so a read-modify-write round trip works).
pub async fn replace_settings(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    body: serde_json::Value,
) -> Result<DealerSettingsView> {
    change_settings(app, p, dealer_id, body, false, None).await
}

/// `PATCH /v1/dealers/{dealerId}/settings`: only the settings named (a JSON merge).
pub async fn patch_settings(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    body: serde_json::Value,
) -> Result<DealerSettingsView> {
    change_settings(app, p, dealer_id, body, true, None).await
}

/// A patch made from a form that showed the settings as `seen` ([`settings_seen`]): when
/// they changed since, nothing is written and the answer is 409 (the person decided on
/// what they no longer are).
pub async fn patch_settings_seen(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    body: serde_json::Value,
    seen: &str,
) -> Result<DealerSettingsView> {
    change_settings(app, p, dealer_id, body, true, Some(seen)).await
}

/// A short fingerprint of the settings as they are: what a settings form was filled from.
pub fn settings_seen(settings: &DealerSettings) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(settings).unwrap_or_default();
    hex::encode(&Sha256::digest(&json)[..8])
}

async fn change_settings(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    body: serde_json::Value,
    merge: bool,
    seen: Option<&str>,
) -> Result<DealerSettingsView> {
    let serde_json::Value::Object(mut fields) = body else {
        return Err(Error::bad_field("body", "the settings are a JSON object"));
    };
    for key in super::READ_ONLY_SETTINGS {
        fields.remove(*key);
    }
    let (before, oem) = dealer_in_reach(app, p, dealer_id, Action::ReadDealerSettings).await?;
    if merge {
        let current = serde_json::to_value(&before.settings).map_err(internal)?;
        let serde_json::Value::Object(current) = current else {
            return Err(Error::Internal("settings are not an object".into()));
        };
        for (k, v) in current {
            fields.entry(k).or_insert(v);
        }
    }
    let bytes = serde_json::to_vec(&serde_json::Value::Object(fields)).map_err(internal)?;
    let mut new: DealerSettings = crate::json::parse(&bytes)?;
    new.normalise();
    new.validate()?;
    check_changes(p, &before.settings, &new, &oem)?;
    let dealer = store::update(app, &before.id, |d: &mut Dealer| {
        if seen.is_some_and(|seen| seen != settings_seen(&d.settings)) {
            return Err(Error::Conflict(format!(
                "the settings of {} changed since the form was opened; nothing was saved: \
                 here they are as they are now",
                d.name
            )));
        }
        // Re-checked on the dealer as it is now (another change may have landed).
        check_changes(p, &d.settings, &new, &oem)?;
        if new.procede_search_enabled
            && !d.settings.procede_search_enabled
            && d.credentials.procede_api_key_set_at.is_none()
        {
            return Err(missing_procede_key(d));
        }
        if d.settings.sms_reply_mode != new.sms_reply_mode {
            d.reply_mode_set_by_oem = sets_for_oem(p);
        }
        d.settings = new.clone();
        Ok(())
    })
    .await?;
    Ok(view(dealer, &oem))
}

/// Procede search needs the dealer's Procede API key: 409 saying so and where to set it.
pub fn missing_procede_key(dealer: &Dealer) -> Error {
    Error::Conflict(format!(
        "Procede search at {} needs its Procede API key: a platform admin sets it with PUT /v1/dealers/{}/procede-credentials",
        dealer.name, dealer.id
    ))
}

fn internal(e: serde_json::Error) -> Error {
    Error::Internal(e.to_string())
}

/// Who changes a setting: the OEM's and the platform's switches, the reply mode, and the
/// location's own settings (everything else).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    ProkeepConnector,
    MobileCommunications,
    ReplyMode,
    Location,
}

impl Setting {
    /// The permission a change of it needs (who may, in the permissions table).
    pub fn action(self) -> Action {
        match self {
            Setting::ProkeepConnector => Action::SwitchProkeepConnector,
            Setting::MobileCommunications => Action::SwitchMobileCommunications,
            Setting::ReplyMode => Action::SetReplyMode,
            Setting::Location => Action::ChangeLocationSettings,
        }
    }
}

/// May `p` change `setting` at a location of `oem`? Refused with who may, or (the reply
/// mode, for a dealer admin) why the OEM does not let them.
fn check_setting(p: &Principal, oem: &Oem, setting: Setting) -> Result<()> {
    permissions::check(p, setting.action())?;
    if setting == Setting::ReplyMode
        && p.role == Role::DealerAdmin
        && !oem.sms_policy.dealer_admins_may_change
    {
        return Err(Error::Forbidden(format!(
            "OEM {} does not let dealer admins change the SMS reply mode",
            oem.id
        )));
    }
    Ok(())
}

/// Whether `p` may change `setting` at a location of `oem` (what a settings screen offers).
pub fn may_change(p: &Principal, oem: &Oem, setting: Setting) -> bool {
    check_setting(p, oem, setting).is_ok()
}

/// Each setting that changes must be the caller's to change (unchanged ones may be sent
/// back as they are).
fn check_changes(
    p: &Principal,
    old: &DealerSettings,
    new: &DealerSettings,
    oem: &Oem,
) -> Result<()> {
    if old.prokeep_connector_enabled != new.prokeep_connector_enabled {
        check_setting(p, oem, Setting::ProkeepConnector)?;
    }
    if old.mobile_communications_enabled != new.mobile_communications_enabled {
        check_setting(p, oem, Setting::MobileCommunications)?;
    }
    if old.sms_reply_mode != new.sms_reply_mode {
        check_setting(p, oem, Setting::ReplyMode)?;
    }
    // Everything but the switches above is the location's own.
    let location = |s: &DealerSettings| DealerSettings {
        prokeep_connector_enabled: false,
        mobile_communications_enabled: false,
        sms_reply_mode: None,
        ..s.clone()
    };
    if location(old) != location(new) {
        check_setting(p, oem, Setting::Location)?;
    }
    Ok(())
}

/// `GET /v1/dealers/{dealerId}/prokeep-groups`: the groups an advisor may escalate to.
pub async fn prokeep_groups(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
) -> Result<crate::Listing<super::ProkeepGroup>> {
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::ListProkeepGroups).await?;
    let usable =
        dealer.settings.prokeep_connector_enabled && dealer.settings.parts_counter_uses_prokeep;
    Ok(crate::Listing {
        items: if usable {
            dealer.settings.prokeep_groups
        } else {
            vec![]
        },
        next_page: None,
    })
}

/// The dealer a texting number belongs to (inbound SMS arrive with no dealer).
pub async fn dealer_of_number(app: &App, number: &str) -> Result<Option<DealerId>> {
    store::number_owner(app, number).await
}

/// Creates or overwrites a dealer as given (seeding, tests). Returns whether it changed.
pub async fn seed_dealer(app: &App, dealer: &Dealer) -> Result<bool> {
    dealer.settings.validate()?;
    store::seed(app, dealer).await
}

pub async fn seed_oem(app: &App, oem: &Oem) -> Result<bool> {
    store::seed_oem(app, oem).await
}

/// `PUT /v1/oems/{oemId}/sms-policy`: only that OEM's admins (a token with or without a
/// dealer).
pub async fn set_sms_policy(
    app: &App,
    p: &Principal,
    oem_id: &OemId,
    policy: super::SmsPolicy,
) -> Result<Oem> {
    // The role first: a dealer's user is told only OEM admins set it (403), as before the
    // permissions table, rather than that the OEM is out of reach (404).
    permissions::check(p, Action::SetReplyModePolicy)?;
    permissions::check_oem(p, Action::SetReplyModePolicy, oem_id)?;
    let mut oem = load_oem(app, oem_id).await?;
    oem.sms_policy = policy;
    store::save_oem(app, &oem).await?;
    Ok(oem)
}

/// The reply mode in force at a dealer and who may change it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsMode {
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    /// The mode in force (see `mobileCommunicationsEnabled`: with it off, nobody is texted
    /// and the mode does not apply).
    pub mode: ReplyMode,
    /// Whether the location texts and emails customers at all.
    pub mobile_communications_enabled: bool,
    pub oem_default_mode: ReplyMode,
    pub dealer_admins_may_change: bool,
}

fn sms_mode(dealer: &Dealer, oem: &Oem) -> SmsMode {
    SmsMode {
        dealer_id: dealer.id.clone(),
        mode: effective_reply_mode(dealer, oem),
        mobile_communications_enabled: dealer.settings.mobile_communications_enabled,
        oem_default_mode: oem.sms_policy.default_mode,
        dealer_admins_may_change: oem.sms_policy.dealer_admins_may_change,
    }
}

/// `GET /v1/dealers/{dealerId}/sms-mode`: any Case user of the dealer, its OEM admin (with
/// or without a dealer in the token) or a platform admin.
pub async fn get_sms_mode(app: &App, p: &Principal, dealer_id: &DealerId) -> Result<SmsMode> {
    let dealer = load_dealer(app, dealer_id).await?;
    let visible = p.dealer.as_ref() == Some(dealer_id)
        || p.role == Role::PlatformAdmin
        || (p.role == Role::OemAdmin && p.oem.as_deref() == Some(dealer.oem_id.as_str()));
    if !visible {
        return Err(Error::not_found(format!("dealer {dealer_id}")));
    }
    let oem = load_oem(app, &dealer.oem_id).await?;
    Ok(sms_mode(&dealer, &oem))
}

/// `PUT /v1/dealers/{dealerId}/sms-mode`: a dealer admin where the OEM allows it, or the
/// dealer's OEM admin.
pub async fn set_sms_mode(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    mode: ReplyMode,
) -> Result<SmsMode> {
    let (dealer, oem) = dealer_in_reach(app, p, dealer_id, Action::SetReplyMode).await?;
    let mut new = dealer.settings.clone();
    new.sms_reply_mode = Some(mode);
    check_changes(p, &dealer.settings, &new, &oem)?;
    let dealer = store::update(app, &dealer.id, |d: &mut Dealer| {
        if d.settings.sms_reply_mode != Some(mode) {
            d.reply_mode_set_by_oem = sets_for_oem(p);
        }
        d.settings.sms_reply_mode = Some(mode);
        Ok(())
    })
    .await?;
    Ok(sms_mode(&dealer, &oem))
}
