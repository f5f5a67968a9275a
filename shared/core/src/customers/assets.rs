//! A customer's assets: the units its cases were opened on, one per VIN (or unit number
//! when there is none), each with its cases.

use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::dealers::DealerId;
use crate::error::Result;
use crate::keys;
use crate::ports::{Cond, Item, WriteOp};
use crate::App;

use super::get;

/// A unit a customer's cases were opened on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerAsset {
    /// The VIN, or the unit number when the unit has no VIN (normalised).
    pub id: String,
    pub unit_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub make: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// The cases opened on it, oldest first.
    pub case_ids: Vec<String>,
    #[schema(value_type = String, format = DateTime)]
    pub first_seen_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub last_seen_at: jiff::Timestamp,
    #[serde(default)]
    pub version: u64,
}

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

/// The write that links a new case to its customer's asset (creating the asset the first
/// time), conditional on the asset as read, so two cases opened at once both land.
pub async fn link_asset(
    app: &App,
    dealer: &DealerId,
    customer_id: &str,
    asset: &crate::cases::Asset,
    case_id: &str,
) -> Result<WriteOp> {
    let id = asset_id(asset);
    let (pk, sk) = keys::customer_asset(dealer, customer_id, &id);
    let now = app.clock.now();
    let existing = app.store.get(&pk, &sk).await?;
    let (mut a, cond) = match existing {
        Some(item) => {
            let a: CustomerAsset = item.record()?;
            let cond = Cond::AttrEquals("version".into(), a.version.into());
            (a, cond)
        }
        None => (
            CustomerAsset {
                id,
                unit_number: asset.unit_number.clone(),
                vin: asset.vin.clone(),
                make: None,
                model: None,
                case_ids: vec![],
                first_seen_at: now,
                last_seen_at: now,
                version: 0,
            },
            Cond::NotExists,
        ),
    };
    // The latest case says what the unit is now (a new unit number painted on, a model).
    a.unit_number = asset.unit_number.clone();
    a.make = asset.make.clone().or(a.make);
    a.model = asset.model.clone().or(a.model);
    if !a.case_ids.iter().any(|c| c == case_id) {
        a.case_ids.push(case_id.to_string());
    }
    a.last_seen_at = now;
    a.version += 1;
    Ok(WriteOp::put_if(Item::from_record(pk, sk, &a)?, cond))
}

/// `GET /v1/customers/{customerId}/assets`.
pub async fn assets(
    app: &App,
    caller: &Caller,
    customer_id: &str,
) -> Result<crate::Listing<CustomerAsset>> {
    let c = get(app, &caller.dealer, customer_id).await?;
    let pk = keys::customer_partition(&caller.dealer, &c.id);
    let page = app
        .store
        .query(
            &pk,
            keys::ASSET_PREFIX,
            crate::ports::PageRequest::first(100, crate::ports::Order::Ascending),
        )
        .await?;
    crate::Listing::from_page(page)
}
