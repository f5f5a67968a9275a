//! `mobile-page`: the page a text's signed link opens. No JWT: the link is the credential.

use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use casebridge_core::sms;
use casebridge_core::App;
use casebridge_http::{ApiResult, Path};

casebridge_http::api! {
    [page],
    [reply],
}

/// A reply is a note: at most 10,000 characters, urlencoded (up to 12 bytes a character).
const MAX_FORM_BYTES: usize = 128 * 1024;

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

/// The contact's reply from the page's form (`text`, `submission`): an external note from
/// them, then back to the page (303), where it shows. Sending the same form twice notes it
/// once.
#[utoipa::path(post, path = "/m/{token}/replies", tag = "mobile",
    params(("token" = String, Path, description = "The signed link from the text")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "text=<the reply>&submission=<the form's id>"),
    responses((status = 303, description = "Back to the page, which shows the reply")))]
async fn reply(
    State(app): State<App>,
    Path(token): Path<String>,
    req: Request,
) -> ApiResult<Response> {
    let body = casebridge_http::extract::read_body(req, MAX_FORM_BYTES).await?;
    let mut text = String::new();
    let mut submission = String::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "text" => text = v.into_owned(),
            "submission" => submission = v.into_owned(),
            _ => {}
        }
    }
    sms::page::reply(&app, &token, &text, &submission).await?;
    Ok(Redirect::to(&format!("/m/{token}")).into_response())
}
