//! What the customer's pages share, whichever function serves them: the one policy (their
//! inline style and script by hash), the shell every page answers in, and the problem page
//! a refusal becomes (with the dealer to call when the link tells us who it is).

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use casebridge_core::{mobile, App, Error, Language};
use casebridge_templates::page::{self as html, Trouble};

/// The pages' policy: their one inline style and one inline script, by hash.
static CSP: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    crate::layers::html_csp(&[html::STYLE], &[html::APPROVED_TOTAL_JS])
});

pub fn html_page(status: StatusCode, markup: maud::Markup) -> Response {
    answer(status, CSP.as_str(), markup)
}

/// A page that may show the estimate's photos: its policy also allows the blob store's
/// origin, where a photo's short-lived link leads.
pub fn page_with_photos(app: &App, status: StatusCode, markup: maud::Markup) -> Response {
    // A function's bucket does not change: its policy is made once, not on every page.
    static WITH_PHOTOS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let Some(origin) = app.blobs.link_origin() else {
        return html_page(status, markup);
    };
    let make = |origin: &str| {
        let csp = crate::layers::html_csp_with_images(
            &[html::STYLE],
            &[html::APPROVED_TOTAL_JS],
            Some(origin),
        );
        (origin.to_string(), csp)
    };
    match WITH_PHOTOS.get_or_init(|| make(&origin)) {
        (made_for, csp) if *made_for == origin => answer(status, csp, markup),
        // Another bucket in the same process (tests): made for it.
        _ => answer(status, &make(&origin).1, markup),
    }
}

fn answer(status: StatusCode, csp: &str, markup: maud::Markup) -> Response {
    let csp = header::HeaderValue::from_str(csp)
        .unwrap_or_else(|_| header::HeaderValue::from_static(crate::layers::HTML_CSP));
    (
        status,
        [
            (
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            ),
            (header::CONTENT_SECURITY_POLICY, csp),
        ],
        Html(markup.into_string()),
    )
        .into_response()
}

/// The language a browser asks for (`Accept-Language`), when it is one of the page's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Browser(pub Option<Language>);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Browser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        let asked = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Language::from_accept_language);
        Ok(Browser(asked))
    }
}

/// A refusal as a page: the problem's status and words, for a person, in their language,
/// and whom to call when the link itself no longer works.
pub async fn problem_page(
    app: &App,
    token: &str,
    e: &Error,
    back: Option<&str>,
    Browser(browser): Browser,
) -> Response {
    // Whom to call only when the link itself no longer works.
    let with_dealer = matches!(e, Error::Forbidden(_) | Error::NotFound(_));
    let (call, language) = mobile::page::problem_reader(app, token, browser, with_dealer).await;
    let p = crate::problem::problem_of(e);
    let trouble = match p.status {
        404 => Trouble::NotFound,
        403 => Trouble::Gone,
        409 => Trouble::Changed,
        400 | 422 => Trouble::Check,
        _ => Trouble::Failed,
    };
    let mut detail = p.detail.clone();
    for f in &p.errors {
        if !detail.contains(&f.message) {
            detail.push_str(&format!(" {}", f.message));
        }
    }
    let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let page = html::problem(language, trouble, &detail, back, call.as_ref());
    html_page(status, page)
}
