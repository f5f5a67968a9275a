//! A customer's assets: the units its cases were opened on, one per VIN (or unit number
//! when there is none), each with its cases.

use serde::Deserialize;

use crate::auth::Caller;
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, FieldError, Result};
use crate::ids::CaseId;
use crate::ids::CustomerId;
use crate::ids::DealerId;
use crate::ports::WriteOp;
use crate::App;

use super::model::CustomerAsset;
use super::store;

use super::get;

/// An asset's id: the VIN when there is one, else the unit number, uppercased, spaces out.
pub fn asset_id(asset: &crate::cases::Asset) -> String {
    let raw = asset
        .vin
        .clone()
        .unwrap_or_else(|| format!("unit-{}", asset.unit_number));
    let id: String = raw
        .trim()
        .to_uppercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    id.chars().take(80).collect()
}

/// The writes that link a new case to its customer's asset (creating the asset the first
/// time), conditional on the asset as read, so two cases opened at once both land; a VIN
/// seen for the first time is claimed for the customer.
pub async fn link_asset(
    app: &App,
    dealer: &DealerId,
    customer_id: &CustomerId,
    asset: &crate::cases::Asset,
    case_id: &CaseId,
) -> Result<Vec<WriteOp>> {
    let id = asset_id(asset);
    let now = app.clock.now();
    let (read, cond) = store::asset(app, dealer, customer_id, &id).await?;
    let mut a = match read {
        Some(a) => a,
        None => CustomerAsset {
            id,
            unit_number: asset.unit_number.clone(),
            vin: asset.vin.clone(),
            make: None,
            model: None,
            year: None,
            case_ids: vec![],
            first_seen_at: now,
            last_seen_at: now,
            version: 0,
        },
    };
    // The latest case says what the unit is now (a new unit number painted on, a model).
    a.unit_number = asset.unit_number.clone();
    a.make = asset.make.clone().or(a.make);
    a.model = asset.model.clone().or(a.model);
    if !a.case_ids.iter().any(|c| c == case_id) {
        a.case_ids.push(case_id.clone());
    }
    a.last_seen_at = now;
    a.version += 1;
    let mut ops = vec![store::asset_op(dealer, customer_id, &a, cond)?];
    if let Some(vin) = &asset.vin {
        if store::vin_owner(app, dealer, vin).await?.is_none() {
            ops.push(store::claim_vin_op(dealer, vin, customer_id)?);
        }
    }
    Ok(ops)
}

/// `POST /v1/customers/{customerId}/assets`: a unit of the customer's, before any case.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAsset {
    #[schema(min_length = 1, max_length = 50)]
    #[serde(deserialize_with = "crate::json::single_line")]
    pub unit_number: String,
    /// 17 characters: digits and capital letters except I, O and Q.
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    #[schema(pattern = "^[A-HJ-NPR-Z0-9]{17}$")]
    pub vin: Option<String>,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    #[schema(max_length = 100)]
    pub make: Option<String>,
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    #[schema(max_length = 100)]
    pub model: Option<String>,
    #[serde(default)]
    #[schema(minimum = 1900, maximum = 2100)]
    pub year: Option<u16>,
}

impl NewAsset {
    fn validate(&self) -> Result<()> {
        let mut errors = Vec::new();
        crate::cases::require_text(&mut errors, "unitNumber", &self.unit_number, 50);
        if let Some(vin) = &self.vin {
            crate::cases::require_vin(&mut errors, "vin", vin);
        }
        for (field, value) in [("make", &self.make), ("model", &self.model)] {
            if value.as_ref().is_some_and(|v| v.chars().count() > 100) {
                errors.push(FieldError::new(field, "at most 100 characters"));
            }
        }
        if self.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
            errors.push(FieldError::new("year", "a model year from 1900 to 2100"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(errors))
        }
    }
}

/// Adds a unit to a customer before any case is opened on it. A VIN is one customer's: one
/// already on another of the dealer's customers is refused (409 naming that customer); the
/// same unit twice on one customer is refused too.
pub async fn add_asset(
    app: &App,
    caller: &Caller,
    customer_id: &CustomerId,
    new: NewAsset,
) -> Result<CustomerAsset> {
    new.validate()?;
    let customer = get(app, &caller.dealer, customer_id).await?;
    let as_case_asset = crate::cases::Asset {
        unit_number: new.unit_number.trim().to_string(),
        vin: new.vin.clone(),
        make: new.make.clone(),
        model: new.model.clone(),
    };
    let id = asset_id(&as_case_asset);
    commit(app, &format!("customer {}", customer.id), || async {
        let mut claim = None;
        if let Some(vin) = &new.vin {
            match store::vin_owner(app, &caller.dealer, vin).await? {
                Some(owner) if customer.id != owner => {
                    let name = get(app, &caller.dealer, &owner)
                        .await
                        .map(|c| c.name)
                        .unwrap_or_else(|_| owner.to_string());
                    return Err(Error::Conflict(format!(
                        "VIN {vin} is a unit of another customer ({name})"
                    )));
                }
                Some(_) => {}
                None => claim = Some(store::claim_vin_op(&caller.dealer, vin, &customer.id)?),
            }
        }
        let now = app.clock.now();
        let asset = CustomerAsset {
            id: id.clone(),
            unit_number: as_case_asset.unit_number.clone(),
            vin: new.vin.clone(),
            make: new.make.clone(),
            model: new.model.clone(),
            year: new.year,
            case_ids: vec![],
            first_seen_at: now,
            last_seen_at: now,
            version: 1,
        };
        let plan = Plan::new(asset.clone())
            .write(store::new_asset_op(&caller.dealer, &customer.id, &asset)?)
            .refuse_if_fails(Error::Conflict(format!(
                "{} is already a unit of {}",
                asset.vin.as_deref().unwrap_or(&asset.unit_number),
                customer.name
            )))
            .writes(claim);
        Ok(Round::Write(plan))
    })
    .await
}

/// `GET /v1/customers/{customerId}/assets`.
pub async fn assets(
    app: &App,
    caller: &Caller,
    customer_id: &CustomerId,
) -> Result<crate::Listing<CustomerAsset>> {
    let c = get(app, &caller.dealer, customer_id).await?;
    store::assets(app, &caller.dealer, &c.id).await
}
