//! `prokeep-callback`: the parts counter's steps in Prokeep (claimed, ordered, backordered,
//! received, cancelled) land on the case, each exactly once. Connector-signed.

use axum::extract::State;
use axum::Json;
use casebridge_core::parts::{self, EventResult, ProkeepEvent};
use casebridge_core::App;
use casebridge_http::paths::PartsRequestPath;
use casebridge_http::{ApiResult, Path, Signed};

pub const MAX_BODY_BYTES: usize = 64 * 1024;

casebridge_http::api! {
    [parts_event],
}

/// One step of the parts counter. A repeat of an event id answers the first result
/// (`applied: false`); the same id with another body is 409.
#[utoipa::path(post, path = "/v1/prokeep/parts-requests/{requestId}/events", tag = "prokeep",
    params(PartsRequestPath),
    request_body = ProkeepEvent,
    responses((status = 200, description = "What the event did", body = EventResult)),
    security(("connectorDealer" = [], "connectorSignature" = [])))]
async fn parts_event(
    State(app): State<App>,
    Path(PartsRequestPath { request_id }): Path<PartsRequestPath>,
    signed: Signed<MAX_BODY_BYTES>,
) -> ApiResult<Json<EventResult>> {
    let event: ProkeepEvent = signed.json()?;
    Ok(Json(
        parts::apply_prokeep_event(&app, &signed.dealer, &request_id, event).await?,
    ))
}
