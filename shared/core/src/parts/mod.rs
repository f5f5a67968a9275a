//! The parts workflow between a case on Parts Hold and a parts counter working in Prokeep.
//!
//! An advisor escalates (`escalate`) → `parts.escalated` → the delivery (`deliver`, an SNS
//! subscriber in AWS) posts the request to the group's Prokeep inbox; failures are retried
//! and, past the retries, dead-lettered and shown on the case (`delivery_gave_up`). The
//! counter's steps come back as signed callbacks (`apply_prokeep_event`): each applied once
//! (its event id is an idempotency key with a TTL, in the same transaction as its effects),
//! in any order, the state never moving backwards, every note internal and ending with
//! `PLEASE DO NOT REPLY`. An escalation nobody claims within the dealer's reminder window is
//! re-sent once (`send_reminders`, every minute).
//!
//! One file per step: [`escalation`], [`callbacks`], [`delivery`], [`reminders`]. The
//! request lives with its case, a pointer finds it from its id alone, due reminders sit in
//! one partition (see [`crate::keys`]).

mod callbacks;
mod delivery;
mod escalation;
mod model;
mod reminders;

pub use callbacks::*;
pub use delivery::*;
pub use escalation::*;
pub use model::*;
pub use reminders::*;

use crate::cases::Author;
use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::ids::PartsRequestId;
use crate::keys;
use crate::ports::{Cond, Item, WriteOp};
use crate::App;

pub const DO_NOT_REPLY: &str = "PLEASE DO NOT REPLY";

/// Finds a request from its id or its reference alone (what Prokeep quotes back).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct RequestPointer {
    case_id: CaseId,
    /// Set on a reference's pointer: the request it names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_id: Option<PartsRequestId>,
}

/// The request's id, from its id or its reference (`PR-1004-1`); 404 when neither.
pub async fn request_id_of(
    app: &App,
    dealer: &DealerId,
    id_or_reference: &PartsRequestId,
) -> Result<PartsRequestId> {
    Ok(pointer(app, dealer, id_or_reference)
        .await?
        .request_id
        .unwrap_or_else(|| id_or_reference.clone()))
}

async fn pointer(
    app: &App,
    dealer: &DealerId,
    id_or_reference: &PartsRequestId,
) -> Result<RequestPointer> {
    let not_found = || Error::not_found(format!("parts request {id_or_reference}"));
    let (ppk, psk) = keys::parts_request_pointer(dealer, id_or_reference);
    app.store
        .get(&ppk, &psk)
        .await?
        .ok_or_else(not_found)?
        .record()
        .map_err(Into::into)
}

fn request_item(dealer: &DealerId, r: &PartsRequest) -> Result<Item> {
    let (pk, sk) = keys::parts_request(dealer, &r.case_id, &r.id);
    Ok(Item::from_record(pk, sk, r)?)
}

/// The write of a changed request, on condition nobody changed it since it was read.
fn request_write(dealer: &DealerId, read_version: u64, r: &mut PartsRequest) -> Result<WriteOp> {
    r.version = read_version + 1;
    Ok(WriteOp::put_if(
        request_item(dealer, r)?,
        Cond::AttrEquals("version".into(), read_version.into()),
    ))
}

async fn load_request(
    app: &App,
    dealer: &DealerId,
    request_id: &PartsRequestId,
) -> Result<PartsRequest> {
    let not_found = || Error::not_found(format!("parts request {request_id}"));
    let pointer = pointer(app, dealer, request_id).await?;
    let request_id = pointer.request_id.as_ref().unwrap_or(request_id);
    let (pk, sk) = keys::parts_request(dealer, &pointer.case_id, request_id);
    app.store
        .get(&pk, &sk)
        .await?
        .ok_or_else(not_found)?
        .record()
        .map_err(Into::into)
}

fn prokeep_author(name: &str) -> Author {
    Author {
        id: None,
        name: format!("{name} (Prokeep)"),
    }
}
