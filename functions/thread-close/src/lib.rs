//! `thread-close`: Prokeep's `thread_closed` — every draft transcript of the thread is
//! replaced by the final PDF. Signed with the dealer's connector secret.

use axum::extract::State;
use axum::Json;
use casebridge_core::transcripts::{self, CloseOutcome, CloseThreadRequest};
use casebridge_core::App;
use casebridge_http::paths::ThreadPath;
use casebridge_http::{ApiResult, Path, Signed};

/// The final snapshot is as large as the thread; see `thread-export`.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

casebridge_http::api! {
    [close_thread],
}

/// The thread closed: its draft transcripts become the final PDF (same attachment, new
/// version; the draft stays as the older file version).
#[utoipa::path(post, path = "/v1/prokeep/threads/{threadId}/close", tag = "prokeep",
    params(ThreadPath),
    request_body = CloseThreadRequest,
    responses((status = 200, description = "The thread's transcripts, all final", body = CloseOutcome)),
    security(("connectorDealer" = [], "connectorSignature" = [])))]
async fn close_thread(
    State(app): State<App>,
    Path(ThreadPath { thread_id }): Path<ThreadPath>,
    signed: Signed<MAX_BODY_BYTES>,
) -> ApiResult<Json<CloseOutcome>> {
    let body: CloseThreadRequest = signed.json()?;
    Ok(Json(
        transcripts::close_thread(&app, &signed.dealer, &thread_id, body).await?,
    ))
}
