//! What a mobile link opens, by the link's random id (the token only signs the id).

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::ids::{CaseId, ContactId, DealerId, EstimateId};
use crate::keys;
use crate::ports::{Cond, Item};
use crate::App;

/// What a link opens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LinkClaims {
    #[schema(value_type = String)]
    pub dealer: DealerId,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    #[schema(value_type = String)]
    pub contact_id: ContactId,
    pub expires: i64,
    /// Which view the link was sent to show.
    #[serde(default)]
    pub opens: Opens,
}

/// Which view a link opens: the messages for a note or a status text, the estimate for an
/// approval request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum Opens {
    /// Issued before the two views (or with no purpose): the estimate waiting for the
    /// contact's decision if there is one, else the messages.
    #[default]
    Case,
    Notes,
    Estimate {
        #[schema(value_type = String)]
        #[serde(rename = "estimateId")]
        estimate_id: EstimateId,
    },
}

/// Keeps what a new link opens until `keep_until` (past its expiry, so an expired link's
/// page can still say whose link it was).
pub(crate) async fn save(
    app: &App,
    id: &[u8; 16],
    claims: &LinkClaims,
    keep_until: i64,
) -> Result<()> {
    let (pk, sk) = keys::mobile_link(id);
    Ok(app
        .store
        .put(
            Item::from_record(pk, sk, claims)?.with_ttl(keep_until),
            Cond::NotExists,
        )
        .await?)
}

/// What a link was issued for (`None`: never issued, or forgotten).
pub async fn load(app: &App, id: &[u8; 16]) -> Result<Option<LinkClaims>> {
    let (pk, sk) = keys::mobile_link(id);
    Ok(match app.store.get(&pk, &sk).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}
