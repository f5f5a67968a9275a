//! Onboarding: a platform admin adds an OEM and its dealer locations. A new location starts
//! with every switch off — the connector (platform admin), mobile communications (its OEM
//! admin) and its own switches (its dealer admin) are turned on by whoever they belong to.

use serde::{Deserialize, Serialize};

use super::{load_oem, Dealer, DealerId, DealerSettings, Oem, ReplyMode, SmsPolicy};
use crate::auth::permissions::{self, Action};
use crate::auth::Principal;
use crate::error::{Error, FieldError, Result};
use crate::ids::OemId;
use crate::ports::PageRequest;
use crate::{App, Listing};

/// `POST /v1/oems`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewOem {
    /// 1 to 64 letters, digits, `-` or `_`.
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub id: String,
    #[schema(min_length = 1, max_length = 200)]
    #[serde(deserialize_with = "crate::json::single_line")]
    pub name: String,
    /// Default: replies by SMS or the mobile page, dealer admins may not change it.
    #[serde(default)]
    pub sms_policy: Option<SmsPolicy>,
}

/// `POST /v1/dealers`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewDealer {
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub id: String,
    #[schema(min_length = 1, max_length = 200)]
    #[serde(deserialize_with = "crate::json::single_line")]
    pub name: String,
    #[schema(pattern = "^[A-Za-z0-9_-]{1,64}$")]
    pub oem_id: String,
    /// IANA zone, e.g. `America/Chicago`.
    #[schema(min_length = 1)]
    pub time_zone: String,
}

/// A dealer as its OEM's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DealerSummary {
    #[schema(value_type = String)]
    pub id: DealerId,
    pub name: String,
    #[schema(value_type = String)]
    pub oem_id: OemId,
    pub time_zone: String,
    pub prokeep_connector_enabled: bool,
    pub mobile_communications_enabled: bool,
}

fn name_errors(errors: &mut Vec<FieldError>, name: &str) {
    if name.trim().is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new("name", "1 to 200 characters"));
    }
}

fn id_errors(errors: &mut Vec<FieldError>, field: &str, id: &str) {
    if !super::is_safe_id(id) {
        errors.push(FieldError::new(
            field,
            "1 to 64 letters, digits, '-' or '_'",
        ));
    }
}

fn invalid_or_ok(errors: Vec<FieldError>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(errors))
    }
}

pub async fn create_oem(app: &App, p: &Principal, new: NewOem) -> Result<Oem> {
    permissions::check(p, Action::OnboardOem)?;
    let mut errors = Vec::new();
    id_errors(&mut errors, "id", &new.id);
    name_errors(&mut errors, &new.name);
    invalid_or_ok(errors)?;
    let oem = Oem {
        id: OemId::parse(&new.id)?,
        name: new.name.trim().to_string(),
        sms_policy: new.sms_policy.unwrap_or(SmsPolicy {
            default_mode: ReplyMode::SmsAndMobile,
            dealer_admins_may_change: false,
        }),
    };
    super::store::create_oem(app, &oem).await?;
    Ok(oem)
}

pub async fn create_dealer(app: &App, p: &Principal, new: NewDealer) -> Result<Dealer> {
    permissions::check(p, Action::OnboardDealer)?;
    let mut errors = Vec::new();
    id_errors(&mut errors, "id", &new.id);
    id_errors(&mut errors, "oemId", &new.oem_id);
    name_errors(&mut errors, &new.name);
    if jiff::tz::TimeZone::get(&new.time_zone).is_err() {
        errors.push(FieldError::new(
            "timeZone",
            format!(
                "{:?} is not an IANA time zone (for example America/Chicago)",
                new.time_zone
            ),
        ));
    }
    invalid_or_ok(errors)?;
    let oem_id = OemId::parse(&new.oem_id)?;
    match load_oem(app, &oem_id).await {
        Ok(_) => {}
        Err(Error::NotFound(_)) => {
            return Err(Error::invalid(vec![FieldError::new(
                "oemId",
                format!("OEM {:?} is not onboarded", new.oem_id),
            )]))
        }
        Err(e) => return Err(e),
    }
    let dealer = Dealer {
        id: DealerId::parse(&new.id)?,
        name: new.name.trim().to_string(),
        oem_id,
        settings: DealerSettings::new_location(new.time_zone),
        connector_secret_ids: vec![],
        sms_origination_number: None,
        email_from_address: None,
        credentials: Default::default(),
        reply_mode_set_by_oem: false,
        version: 1,
    };
    super::store::create(app, &dealer).await?;
    Ok(dealer)
}

/// `GET /v1/oems/{oemId}/dealers`: the platform admin, or that OEM's admins.
pub async fn list_oem_dealers(
    app: &App,
    p: &Principal,
    oem_id: &OemId,
    page: PageRequest,
) -> Result<Listing<DealerSummary>> {
    permissions::check_oem(p, Action::ListOemDealers, oem_id)?;
    load_oem(app, oem_id).await?;
    let (ids, next_page) = super::store::oem_dealer_ids(app, oem_id, page).await?;
    let mut items = Vec::new();
    for id in &ids {
        let d = super::load_dealer(app, id).await?;
        items.push(DealerSummary {
            id: d.id,
            name: d.name,
            oem_id: d.oem_id,
            time_zone: d.settings.time_zone,
            prokeep_connector_enabled: d.settings.prokeep_connector_enabled,
            mobile_communications_enabled: d.settings.mobile_communications_enabled,
        });
    }
    Ok(Listing { items, next_page })
}
