use super::{Dealer, DealerId, DealerSettings, DealerSettingsView, Oem, ReplyMode};
use crate::auth::{Caller, Role};
use crate::error::{Error, Result};
use crate::keys;
use crate::ports::{Cond, Item};
use crate::App;

pub async fn load_dealer(app: &App, dealer: &DealerId) -> Result<Dealer> {
    let (pk, sk) = keys::dealer(dealer);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("dealer {dealer}"))),
    }
}

pub async fn load_oem(app: &App, oem_id: &str) -> Result<Oem> {
    let (pk, sk) = keys::oem(oem_id)?;
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("OEM {oem_id}"))),
    }
}

/// Dealer admins see their own dealer; OEM admins every dealer of their OEM. Anyone else,
/// or another OEM's admin, gets the same 404 as for a dealer that does not exist.
async fn dealer_for_admin(app: &App, caller: &Caller, dealer_id: &str) -> Result<(Dealer, Oem)> {
    let not_found = || Error::not_found(format!("dealer {dealer_id}"));
    let id = DealerId::parse(dealer_id).map_err(|_| not_found())?;
    let allowed_before_load = match caller.role {
        Role::Advisor => {
            return Err(Error::Forbidden(
                "only dealer admins and OEM admins see dealer settings".into(),
            ))
        }
        Role::DealerAdmin => caller.dealer == id,
        Role::OemAdmin => true,
    };
    if !allowed_before_load {
        return Err(not_found());
    }
    let dealer = load_dealer(app, &id).await?;
    if caller.role == Role::OemAdmin && caller.oem.as_deref() != Some(dealer.oem_id.as_str()) {
        return Err(not_found());
    }
    let oem = load_oem(app, &dealer.oem_id).await?;
    Ok((dealer, oem))
}

fn view(dealer: Dealer, oem: &Oem) -> DealerSettingsView {
    let effective = effective_reply_mode(&dealer.settings, oem);
    DealerSettingsView {
        connector_secrets_configured: dealer.connector_secret_ids.len(),
        dealer_id: dealer.id,
        name: dealer.name,
        oem_id: dealer.oem_id,
        settings: dealer.settings,
        effective_sms_reply_mode: effective,
        dealer_admins_may_change_reply_mode: oem.sms_policy.dealer_admins_may_change,
    }
}

/// The reply mode in force: the dealer's own choice only while the OEM allows one.
pub fn effective_reply_mode(settings: &DealerSettings, oem: &Oem) -> ReplyMode {
    match settings.sms_reply_mode {
        Some(mode) if oem.sms_policy.dealer_admins_may_change => mode,
        _ => oem.sms_policy.default_mode,
    }
}

pub async fn get_settings(
    app: &App,
    caller: &Caller,
    dealer_id: &str,
) -> Result<DealerSettingsView> {
    let (dealer, oem) = dealer_for_admin(app, caller, dealer_id).await?;
    Ok(view(dealer, &oem))
}

/// Replaces the dealer's settings. A dealer admin may change the reply mode only where the
/// OEM allows it; an OEM admin may always.
pub async fn update_settings(
    app: &App,
    caller: &Caller,
    dealer_id: &str,
    new: DealerSettings,
) -> Result<DealerSettingsView> {
    new.validate()?;
    let (mut dealer, oem) = dealer_for_admin(app, caller, dealer_id).await?;
    if caller.role == Role::DealerAdmin
        && new.sms_reply_mode != dealer.settings.sms_reply_mode
        && !oem.sms_policy.dealer_admins_may_change
    {
        return Err(Error::Forbidden(format!(
            "OEM {} does not let dealer admins change the SMS reply mode",
            oem.id
        )));
    }
    let expected = dealer.version;
    dealer.settings = new;
    dealer.version += 1;
    let (pk, sk) = keys::dealer(&dealer.id);
    let item = Item::from_record(pk, sk, &dealer)?;
    app.store
        .put(item, Cond::AttrEquals("version".into(), expected.into()))
        .await?;
    Ok(view(dealer, &oem))
}

/// The dealer a texting number belongs to (inbound SMS arrive with no dealer).
pub async fn dealer_of_number(app: &App, number: &str) -> Result<Option<DealerId>> {
    let (pk, sk) = keys::number_owner(number);
    Ok(app
        .store
        .get(&pk, &sk)
        .await?
        .and_then(|i| {
            i.attrs
                .get("dealerId")
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
        .and_then(|d| DealerId::parse(&d).ok()))
}

/// Creates or overwrites a dealer as given (seeding, tests). Returns whether it changed.
pub async fn seed_dealer(app: &App, dealer: &Dealer) -> Result<bool> {
    dealer.settings.validate()?;
    if let Some(n) = &dealer.sms_origination_number {
        let mut attrs = serde_json::Map::new();
        attrs.insert("dealerId".into(), dealer.id.as_str().into());
        let (pk, sk) = keys::number_owner(n);
        app.store
            .put(Item::new(pk, sk, attrs), Cond::Always)
            .await?;
    }
    let (pk, sk) = keys::dealer(&dealer.id);
    if let Some(existing) = app.store.get(&pk, &sk).await? {
        if existing.record::<Dealer>()? == *dealer {
            return Ok(false);
        }
    }
    app.store
        .put(Item::from_record(pk, sk, dealer)?, Cond::Always)
        .await?;
    Ok(true)
}

pub async fn seed_oem(app: &App, oem: &Oem) -> Result<bool> {
    let (pk, sk) = keys::oem(&oem.id)?;
    if let Some(existing) = app.store.get(&pk, &sk).await? {
        if existing.record::<Oem>()? == *oem {
            return Ok(false);
        }
    }
    app.store
        .put(Item::from_record(pk, sk, oem)?, Cond::Always)
        .await?;
    Ok(true)
}

/// `PUT /v1/oems/{oemId}/sms-policy`: only that OEM's admins.
pub async fn set_sms_policy(
    app: &App,
    caller: &Caller,
    oem_id: &str,
    policy: super::SmsPolicy,
) -> Result<Oem> {
    if caller.role != Role::OemAdmin {
        return Err(Error::Forbidden(
            "only OEM admins set the SMS reply-mode policy".into(),
        ));
    }
    if caller.oem.as_deref() != Some(oem_id) {
        return Err(Error::not_found(format!("OEM {oem_id}")));
    }
    let mut oem = load_oem(app, oem_id).await?;
    oem.sms_policy = policy;
    let (pk, sk) = keys::oem(oem_id)?;
    app.store
        .put(Item::from_record(pk, sk, &oem)?, Cond::Exists)
        .await?;
    Ok(oem)
}

/// The reply mode in force at a dealer and who may change it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SmsMode {
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    pub mode: ReplyMode,
    pub oem_default_mode: ReplyMode,
    pub dealer_admins_may_change: bool,
}

fn sms_mode(dealer: &Dealer, oem: &Oem) -> SmsMode {
    SmsMode {
        dealer_id: dealer.id.clone(),
        mode: effective_reply_mode(&dealer.settings, oem),
        oem_default_mode: oem.sms_policy.default_mode,
        dealer_admins_may_change: oem.sms_policy.dealer_admins_may_change,
    }
}

/// `GET /v1/dealers/{dealerId}/sms-mode`: any Case user of the dealer (or its OEM admin).
pub async fn get_sms_mode(app: &App, caller: &Caller, dealer_id: &str) -> Result<SmsMode> {
    let id =
        DealerId::parse(dealer_id).map_err(|_| Error::not_found(format!("dealer {dealer_id}")))?;
    let dealer = load_dealer(app, &id).await?;
    let visible = caller.dealer == id
        || (caller.role == Role::OemAdmin && caller.oem.as_deref() == Some(dealer.oem_id.as_str()));
    if !visible {
        return Err(Error::not_found(format!("dealer {dealer_id}")));
    }
    let oem = load_oem(app, &dealer.oem_id).await?;
    Ok(sms_mode(&dealer, &oem))
}

/// `PUT /v1/dealers/{dealerId}/sms-mode`: a dealer admin, only where the OEM allows it.
pub async fn set_sms_mode(
    app: &App,
    caller: &Caller,
    dealer_id: &str,
    mode: ReplyMode,
) -> Result<SmsMode> {
    let (mut dealer, oem) = dealer_for_admin(app, caller, dealer_id).await?;
    if caller.role == Role::DealerAdmin && !oem.sms_policy.dealer_admins_may_change {
        return Err(Error::Forbidden(format!(
            "OEM {} does not let dealer admins change the SMS reply mode",
            oem.id
        )));
    }
    let expected = dealer.version;
    dealer.settings.sms_reply_mode = Some(mode);
    dealer.version += 1;
    let (pk, sk) = keys::dealer(&dealer.id);
    app.store
        .put(
            Item::from_record(pk, sk, &dealer)?,
            Cond::AttrEquals("version".into(), expected.into()),
        )
        .await?;
    Ok(sms_mode(&dealer, &oem))
}
