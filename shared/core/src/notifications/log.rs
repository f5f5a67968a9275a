//! The delivery log (`GET /v1/cases/{caseId}/notifications`): every send, newest first, with
//! the provider's id and what became of it. Its entries are `super::model`'s; its
//! records are `super::store`'s.

use crate::auth::Caller;
use crate::error::Result;
use crate::ids::CaseId;
use crate::ports::PageRequest;
use crate::{cases, App, Listing};

pub use super::model::*;
pub use super::store::{advance, key_of, record_op};

/// `GET /v1/cases/{caseId}/notifications`: newest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Notification>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    super::store::log_page(app, &caller.dealer, &case.id, page).await
}
