//! `mobile-page`: the page a text's signed link opens. No JWT: the link is the credential.

use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use casebridge_core::sms;
use casebridge_core::App;
use casebridge_http::{ApiResult, Path};

casebridge_http::api! {
    [page],
}

/// The case's status and external notes, for the contact the link was sent to.
#[utoipa::path(get, path = "/m/{token}", tag = "mobile",
    params(("token" = String, Path, description = "The signed link from the text")),
    responses((status = 200, description = "The page", content_type = "text/html")))]
async fn page(State(app): State<App>, Path(token): Path<String>) -> ApiResult<Response> {
    let html = sms::page::render(&app, &token).await?;
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Html(html),
    )
        .into_response())
}
