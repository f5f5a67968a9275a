//! `thread-export`: the Prokeep connector picks an open case and attaches a thread to it as
//! a PDF transcript. Every call is signed with the dealer's connector secret.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use casebridge_core::cases::{self, CaseSummary};
use casebridge_core::ports::Order;
use casebridge_core::transcripts::{self, AttachOutcome, AttachThreadRequest};
use casebridge_core::{App, Listing};
use casebridge_http::paths::ThreadPath;
use casebridge_http::{created_or_ok, ApiResult, PageParams, Path, QueryMap, Signed};

/// Threads are large; Lambda's 6 MB payload limit binds first, so stay under it.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

casebridge_http::api! {
    [open_cases],
    [attach_thread],
}

/// The connector dealer's open cases, newest first; `q` narrows by customer, unit or VIN;
/// `includeClosed=true` also lists the cases closed in the last 30 days (`status: closed`,
/// with `closedAt`), since a thread may be attached to a closed case.
#[utoipa::path(get, path = "/v1/prokeep/open-cases", tag = "prokeep",
    params(
        ("q" = Option<String>, Query, max_length = 600, description = "Words that must all appear in the customer, unit number or VIN"),
        ("includeClosed" = Option<bool>, Query, description = "Also the cases closed in the last 30 days"),
        PageParams,
    ),
    responses((status = 200, description = "One page of open cases", body = Listing<CaseSummary>)),
    security(("connectorDealer" = [], "connectorSignature" = [])))]
async fn open_cases(
    State(app): State<App>,
    q: QueryMap,
    signed: Signed<MAX_BODY_BYTES>,
) -> ApiResult<Json<Listing<CaseSummary>>> {
    let page = q.page(Order::Descending)?;
    Ok(Json(
        cases::search_open_cases(
            &app,
            &signed.dealer.id,
            q.get("q"),
            page,
            q.flag("includeClosed")?,
        )
        .await?,
    ))
}

/// Attaches the thread to the case as a PDF: 201 the first time, 200 after (a new version
/// only when the thread changed).
#[utoipa::path(post, path = "/v1/prokeep/threads/{threadId}/attachments", tag = "prokeep",
    params(ThreadPath),
    request_body = AttachThreadRequest,
    responses(
        (status = 201, description = "The transcript was put on the case", body = AttachOutcome),
        (status = 200, description = "The case's transcript of this thread, updated or unchanged", body = AttachOutcome),
    ),
    security(("connectorDealer" = [], "connectorSignature" = [])))]
async fn attach_thread(
    State(app): State<App>,
    Path(ThreadPath { thread_id }): Path<ThreadPath>,
    signed: Signed<MAX_BODY_BYTES>,
) -> ApiResult<Response> {
    let body: AttachThreadRequest = signed.json()?;
    let outcome = transcripts::attach_thread(&app, &signed.dealer, &thread_id, body).await?;
    Ok(created_or_ok(outcome.created, outcome))
}
