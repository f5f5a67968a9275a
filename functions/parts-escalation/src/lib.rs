//! `parts-escalation`: an advisor escalates a Parts Hold case to a Prokeep group, and Case
//! users see the case's parts requests.

use axum::extract::State;
use axum::Json;
use casebridge_core::parts::{self, NewEscalation, PartsRequest};
use casebridge_core::{App, Listing};
use casebridge_http::paths::{CasePath, PartsHoldCasePath};
use casebridge_http::{ApiResult, Created, JsonBody, Path, User};

pub const MAX_BODY_BYTES: usize = 256 * 1024;

casebridge_http::api! {
    [escalate],
    [list_parts_requests],
}

/// Escalates a Parts Hold case to one of the location's Prokeep groups.
#[utoipa::path(post, path = "/v1/cases/{caseId}/parts-escalations", tag = "parts",
    params(PartsHoldCasePath),
    request_body = NewEscalation,
    responses((status = 201, description = "The parts request, delivery pending", body = PartsRequest)),
    security(("bearer" = [])))]
async fn escalate(
    State(app): State<App>,
    User(who): User,
    Path(PartsHoldCasePath { case_id }): Path<PartsHoldCasePath>,
    JsonBody(new): JsonBody<NewEscalation, MAX_BODY_BYTES>,
) -> ApiResult<Created<PartsRequest>> {
    Ok(Created(parts::escalate(&app, &who, &case_id, new).await?))
}

/// The case's parts requests: state, history, delivery.
#[utoipa::path(get, path = "/v1/cases/{caseId}/parts-requests", tag = "parts",
    params(CasePath),
    responses((status = 200, description = "The case's parts requests", body = Listing<PartsRequest>)),
    security(("bearer" = [])))]
async fn list_parts_requests(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
) -> ApiResult<Json<Listing<PartsRequest>>> {
    Ok(Json(parts::list_for_case(&app, &who, &case_id).await?))
}
