//! `cases-api`: the Case users' cases, notes, attachments, estimates and dealer settings. Each handler
//! maps one route to one service call; the routes, their bodies and answers are declared
//! once, here, and the OpenAPI document is collected from these declarations.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use casebridge_core::cases::{
    self, AttachmentPatch, AttachmentView, Case, CaseFilter, CaseSummary, NewCase, NewNote, Note,
    OpenedCase, StatusChangeRequest,
};
use casebridge_core::estimates::{
    self, DecisionsInput, Estimate, EstimateInput, History, QuickActionRequest,
};
use casebridge_core::notifications::PostedNote;
use casebridge_core::notifications::{self, Notification};
use casebridge_core::ports::Order;
use casebridge_core::{App, Listing};
use casebridge_http::paths::{AttachmentPath, CasePath, EstimatePath};
use casebridge_http::{redirect, ApiResult, Created, JsonBody, PageParams, Path, QueryMap, User};

/// Bodies here are small JSON documents; anything larger is a mistake.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

type Body<T> = JsonBody<T, MAX_BODY_BYTES>;

mod dealer_routes;
use dealer_routes::*;

casebridge_http::api! {
    [create_case, list_cases],
    [get_case],
    [change_status],
    [list_notes, add_note],
    [list_attachments],
    [set_attachment_visibility],
    [download_attachment],
    [get_settings, put_settings, patch_settings],
    [prokeep_groups],
    [activity],
    [create_estimate, list_estimates],
    [get_estimate, revise_estimate],
    [decide_estimate],
    [estimate_history],
    [quick_action],
    [list_notifications],
}

/// Opens a case for the caller's dealer.
#[utoipa::path(post, path = "/v1/cases", tag = "cases", request_body = NewCase,
    responses((status = 201, description = "The new case, and the contacts entered with it", body = OpenedCase)),
    security(("bearer" = [])))]
async fn create_case(
    State(app): State<App>,
    User(who): User,
    JsonBody(new): Body<NewCase>,
) -> ApiResult<Created<OpenedCase>> {
    Ok(Created(cases::create_case(&app, &who, new).await?))
}

/// The dealer's cases, newest first, optionally in one status.
#[utoipa::path(get, path = "/v1/cases", tag = "cases",
    params(
        // Empty means every status, as a form's "any" choice sends it.
        ("status" = Option<String>, Query,
            pattern = r"^(active|open|check_in|request_for_approval|parts_hold|asset_in_service|asset_ready|closed)?$",
            description = "Only cases in this status; `active` for every status but closed (empty: every status)"),
        PageParams,
    ),
    responses((status = 200, description = "One page of cases", body = Listing<CaseSummary>)),
    security(("bearer" = [])))]
async fn list_cases(
    State(app): State<App>,
    User(who): User,
    q: QueryMap,
) -> ApiResult<Json<Listing<CaseSummary>>> {
    let filter = CaseFilter::parse(q.get("status"))?;
    let page = q.page(Order::Descending)?;
    Ok(Json(
        cases::list_cases(&app, &who.dealer, filter, page).await?,
    ))
}

/// One case with its status history.
#[utoipa::path(get, path = "/v1/cases/{caseId}", tag = "cases",
    params(CasePath),
    responses((status = 200, description = "The case", body = Case)),
    security(("bearer" = [])))]
async fn get_case(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
) -> ApiResult<Json<Case>> {
    Ok(Json(cases::get_case(&app, &who, &case_id).await?))
}

/// Moves the case to another status (the same status changes nothing).
#[utoipa::path(post, path = "/v1/cases/{caseId}/status", tag = "cases",
    params(CasePath),
    request_body = StatusChangeRequest,
    responses((status = 200, description = "The case after the change", body = Case)),
    security(("bearer" = [])))]
async fn change_status(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(body): Body<StatusChangeRequest>,
) -> ApiResult<Json<Case>> {
    Ok(Json(
        cases::change_status(&app, &who, &case_id, body.status).await?,
    ))
}

/// The case's notes, oldest first.
#[utoipa::path(get, path = "/v1/cases/{caseId}/notes", tag = "cases",
    params(
        CasePath,
        PageParams,
    ),
    responses((status = 200, description = "One page of notes", body = Listing<Note>)),
    security(("bearer" = [])))]
async fn list_notes(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<Note>>> {
    let page = q.page(Order::Ascending)?;
    Ok(Json(cases::list_notes(&app, &who, &case_id, page).await?))
}

/// Puts a note on the case (internal unless it says external; external notes reach the
/// case's contacts).
#[utoipa::path(post, path = "/v1/cases/{caseId}/notes", tag = "cases",
    params(CasePath),
    request_body = NewNote,
    responses((status = 201, description = "The note; an external one with how many recipients will hear of it (`notified`) and how many not (`notNotified`, each in the delivery log with why)", body = PostedNote)),
    security(("bearer" = [])))]
async fn add_note(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(new): Body<NewNote>,
) -> ApiResult<Created<PostedNote>> {
    Ok(Created(
        casebridge_core::notifications::post_note(&app, &who, &case_id, new).await?,
    ))
}

/// The case's attachments (transcripts among them).
#[utoipa::path(get, path = "/v1/cases/{caseId}/attachments", tag = "cases",
    params(
        CasePath,
        PageParams,
    ),
    responses((status = 200, description = "One page of attachments", body = Listing<AttachmentView>)),
    security(("bearer" = [])))]
async fn list_attachments(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<AttachmentView>>> {
    let page = q.page(Order::Ascending)?;
    Ok(Json(
        cases::list_attachments(&app, &who, &case_id, page).await?,
    ))
}

/// Switches an attachment internal or external.
#[utoipa::path(patch, path = "/v1/cases/{caseId}/attachments/{attachmentId}", tag = "cases",
    params(
        AttachmentPath,
    ),
    request_body = AttachmentPatch,
    responses((status = 200, description = "The attachment", body = AttachmentView)),
    security(("bearer" = [])))]
async fn set_attachment_visibility(
    State(app): State<App>,
    User(who): User,
    Path(AttachmentPath {
        case_id,
        attachment_id,
    }): Path<AttachmentPath>,
    JsonBody(patch): Body<AttachmentPatch>,
) -> ApiResult<Json<AttachmentView>> {
    Ok(Json(
        cases::set_attachment_visibility(&app, &who, &case_id, &attachment_id, patch.visibility)
            .await?,
    ))
}

/// Redirects to a download link of the attachment's current file, valid 5 minutes.
#[utoipa::path(get, path = "/v1/cases/{caseId}/attachments/{attachmentId}/content", tag = "cases",
    params(
        AttachmentPath,
    ),
    responses((status = 302, description = "Location: a download link valid 5 minutes")),
    security(("bearer" = [])))]
async fn download_attachment(
    State(app): State<App>,
    User(who): User,
    Path(AttachmentPath {
        case_id,
        attachment_id,
    }): Path<AttachmentPath>,
) -> ApiResult<Response> {
    redirect(&cases::attachment_download_url(&app, &who, &case_id, &attachment_id).await?)
}

/// Puts an estimate on the case; its totals are computed from the lines.
#[utoipa::path(post, path = "/v1/cases/{caseId}/estimates", tag = "cases",
    params(CasePath),
    request_body = EstimateInput,
    responses((status = 201, description = "The estimate, every line requested", body = Estimate)),
    security(("bearer" = [])))]
async fn create_estimate(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(input): Body<EstimateInput>,
) -> ApiResult<Created<Estimate>> {
    Ok(Created(
        estimates::create(&app, &who, &case_id, input).await?,
    ))
}

/// The case's estimates, oldest first.
#[utoipa::path(get, path = "/v1/cases/{caseId}/estimates", tag = "cases",
    params(
        CasePath,
        PageParams,
    ),
    responses((status = 200, description = "One page of estimates", body = Listing<Estimate>)),
    security(("bearer" = [])))]
async fn list_estimates(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<Estimate>>> {
    let page = q.page(Order::Ascending)?;
    Ok(Json(estimates::list(&app, &who, &case_id, page).await?))
}

/// One estimate with its lines, approvals and totals.
#[utoipa::path(get, path = "/v1/cases/{caseId}/estimates/{estimateId}", tag = "cases",
    params(
        EstimatePath,
    ),
    responses((status = 200, description = "The estimate", body = Estimate)),
    security(("bearer" = [])))]
async fn get_estimate(
    State(app): State<App>,
    User(who): User,
    Path(EstimatePath {
        case_id,
        estimate_id,
    }): Path<EstimatePath>,
) -> ApiResult<Json<Estimate>> {
    Ok(Json(
        estimates::get(&app, &who, &case_id, &estimate_id).await?,
    ))
}

/// Revises the estimate: lines sent back with their `id` and unchanged keep their decision,
/// changed lines are asked about again, lines left out are removed.
#[utoipa::path(put, path = "/v1/cases/{caseId}/estimates/{estimateId}", tag = "cases",
    params(
        EstimatePath,
    ),
    request_body = EstimateInput,
    responses((status = 200, description = "The estimate as revised", body = Estimate)),
    security(("bearer" = [])))]
async fn revise_estimate(
    State(app): State<App>,
    User(who): User,
    Path(EstimatePath {
        case_id,
        estimate_id,
    }): Path<EstimatePath>,
    JsonBody(input): Body<EstimateInput>,
) -> ApiResult<Json<Estimate>> {
    Ok(Json(
        estimates::revise(&app, &who, &case_id, &estimate_id, input).await?,
    ))
}

/// Records the customer's decisions on the current version for them (by phone, at the
/// counter), each with how they decided.
#[utoipa::path(post, path = "/v1/cases/{caseId}/estimates/{estimateId}/decisions", tag = "cases",
    params(
        EstimatePath,
    ),
    request_body = DecisionsInput,
    responses((status = 200, description = "The estimate with the decisions", body = Estimate)),
    security(("bearer" = [])))]
async fn decide_estimate(
    State(app): State<App>,
    User(who): User,
    Path(EstimatePath {
        case_id,
        estimate_id,
    }): Path<EstimatePath>,
    JsonBody(input): Body<DecisionsInput>,
) -> ApiResult<Json<Estimate>> {
    Ok(Json(
        estimates::record_for_customer(&app, &who, &case_id, &estimate_id, input).await?,
    ))
}

/// The versions sent and every decision (who, when, through what, on which version).
#[utoipa::path(get, path = "/v1/cases/{caseId}/estimates/{estimateId}/history", tag = "cases",
    params(
        EstimatePath,
    ),
    responses((status = 200, description = "Versions and decisions, oldest first", body = History)),
    security(("bearer" = [])))]
async fn estimate_history(
    State(app): State<App>,
    User(who): User,
    Path(EstimatePath {
        case_id,
        estimate_id,
    }): Path<EstimatePath>,
) -> ApiResult<Json<History>> {
    Ok(Json(
        estimates::history(&app, &who, &case_id, &estimate_id).await?,
    ))
}

/// A Quick Action: `request_approval` (with `estimateId` and the invited `contactIds` to
/// ask) freezes the estimate's version and moves the case to Request for Approval;
/// `check_in`, `asset_ready`, `asset_in_service` move the case. Repeating one changes
/// nothing more.
#[utoipa::path(post, path = "/v1/cases/{caseId}/quick-actions", tag = "cases",
    params(CasePath),
    request_body = QuickActionRequest,
    responses((status = 200, description = "The case after the action", body = Case)),
    security(("bearer" = [])))]
async fn quick_action(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(req): Body<QuickActionRequest>,
) -> ApiResult<Json<Case>> {
    Ok(Json(
        estimates::quick_action(&app, &who, &case_id, req).await?,
    ))
}

/// The case's delivery log, newest first: every text and email sent (or not sent) about it,
/// to whom, on which channel, and what became of it.
#[utoipa::path(get, path = "/v1/cases/{caseId}/notifications", tag = "cases",
    params(
        CasePath,
        PageParams,
    ),
    responses((status = 200, description = "The notifications, newest first", body = Listing<Notification>)),
    security(("bearer" = [])))]
async fn list_notifications(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<Notification>>> {
    let page = q.page(Order::Descending)?;
    Ok(Json(
        notifications::log::list(&app, &who, &case_id, page).await?,
    ))
}
