//! `mobile-page`: the page a text's or an email's signed link opens, what the customer sends
//! from it, and an email's one-click unsubscribe. No JWT: the link is the credential. Every
//! answer is a page a person can read, errors included (`html` holds the templates).

use casebridge_http::pages::{html_page, page_with_photos, problem_page, Browser};
use casebridge_templates::page as html;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use casebridge_core::mobile;
use casebridge_core::notifications::email;
use casebridge_core::{App, Error};
use casebridge_http::forms::{FormFields, MAX_FORM_BYTES};
use casebridge_http::Path;

casebridge_http::api! {
    [page],
    [notes],
    [estimate],
    [photo],
    [reply],
    [decide],
    [language],
    [unsubscribe_page, unsubscribe],
}

/// The case's status, external notes, estimates waiting for the contact and a reply form.
#[utoipa::path(get, path = "/m/{token}", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("older" = Option<String>, Query, description = "An older page of messages (the page's own link)"),
    ),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn page(
    State(app): State<App>,
    Path(token): Path<String>,
    q: casebridge_http::QueryMap,
    browser: Browser,
) -> Response {
    let shown = async {
        let opened = open(&app, &token, browser).await?;
        let view = mobile::page::view(&app, &opened, q.get("older")).await?;
        mobile::page::seen(&app, &opened, &view).await;
        Ok::<_, Error>(view)
    };
    let shown = shown.await;
    case_page(&app, &token, (StatusCode::OK, None), shown, (None, browser)).await
}

/// The messages view: the case's external notes newest first, a reply form, and the
/// estimates sent (each a link to its view).
#[utoipa::path(get, path = "/m/{token}/notes", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("older" = Option<String>, Query, description = "An older page of messages (the page's own link)"),
    ),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn notes(
    State(app): State<App>,
    Path(token): Path<String>,
    q: casebridge_http::QueryMap,
    browser: Browser,
) -> Response {
    let shown = async {
        let opened = open(&app, &token, browser).await?;
        mobile::page::notes_page(&app, &opened, q.get("older")).await
    };
    let shown = shown.await;
    case_page(&app, &token, (StatusCode::OK, None), shown, (None, browser)).await
}

/// The estimate view: one estimate sent for approval, its lines, totals and history, and
/// the form to decide it when the contact was asked.
#[utoipa::path(get, path = "/m/{token}/estimates/{estimateId}", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("estimateId" = String, Path, description = "The estimate"),
    ),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn estimate(
    State(app): State<App>,
    Path((token, estimate_id)): Path<(String, String)>,
    browser: Browser,
) -> Response {
    let back = format!("/m/{token}/notes");
    let shown = async {
        // Parsed here, not by the path extractor, so a bad id still answers as a page.
        let estimate_id = casebridge_core::ids::EstimateId::parse(&estimate_id)?;
        let opened = open(&app, &token, browser).await?;
        let view = mobile::page::estimate_page(&app, &opened, &estimate_id).await?;
        mobile::page::seen(&app, &opened, &view).await;
        Ok::<_, Error>(view)
    };
    let shown = shown.await;
    case_page(
        &app,
        &token,
        (StatusCode::OK, None),
        shown,
        (Some(&back), browser),
    )
    .await
}

/// One of the estimate's photos, full size: a redirect (303) to a link that works for a few
/// minutes. The estimate must be one the page shows.
#[utoipa::path(get, path = "/m/{token}/estimates/{estimateId}/photos/{photoId}", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("estimateId" = String, Path, description = "The estimate"),
        ("photoId" = String, Path, description = "The photo"),
    ),
    responses(
        (status = 303, description = "Where the photo is, for a few minutes"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn photo(
    State(app): State<App>,
    Path((token, estimate_id, photo_id)): Path<(String, String, String)>,
    browser: Browser,
) -> Response {
    let back = format!("/m/{token}/estimates/{estimate_id}");
    let found = async {
        let estimate_id = casebridge_core::ids::EstimateId::parse(&estimate_id)?;
        let photo_id = casebridge_core::ids::PhotoId::parse(&photo_id)?;
        let opened = mobile::page::open(&app, &token).await?;
        mobile::page::photo(&app, &opened, &estimate_id, &photo_id).await
    };
    see_other(&app, &token, found.await, (&back, browser)).await
}

/// The contact's reply from the page's form (`text`, `submission`): an external note from
/// them, then back to the page (303), where it shows. Sending the same form twice notes it
/// once.
#[utoipa::path(post, path = "/m/{token}/replies", tag = "mobile",
    params(("token" = String, Path, description = "The signed link from the text")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "text=<the reply>&submission=<the form's id>"),
    responses(
        (status = 303, description = "Back to the page, which shows the reply"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn reply(
    State(app): State<App>,
    Path(token): Path<String>,
    browser: Browser,
    req: Request,
) -> Response {
    let back = format!("/m/{token}");
    let result = async {
        let fields = FormFields::read(req, MAX_FORM_BYTES).await?;
        mobile::page::reply(&app, &token, fields.get("text"), fields.get("submission")).await
    }
    .await;
    see_other(&app, &token, result, (&back, browser)).await
}

/// The contact's decisions on an estimate (`version`, `line-<lineId>` = approve | defer |
/// decline, `reason-<lineId>`, `all`, `approver`, `poNumber`), answered with a confirmation page. A version that is no
/// longer current is refused with a page that leads to the new one.
#[utoipa::path(post, path = "/m/{token}/estimates/{estimateId}/decisions", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("estimateId" = String, Path, description = "The estimate"),
    ),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "version=<n>&line-<lineId>=approve|defer|decline&reason-<lineId>=<text>&all=approve|decline&approver=<full name>&poNumber=<PO>"),
    responses(
        (status = 200, description = "The confirmation page", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn decide(
    State(app): State<App>,
    Path((token, estimate_id)): Path<(String, String)>,
    headers: HeaderMap,
    browser: Browser,
    req: Request,
) -> Response {
    let back = format!("/m/{token}");
    let origin = origin_of(&req, &headers);
    let opened = async {
        // Parsed here, not by the path extractor, so a bad id still answers as a page.
        let estimate_id = casebridge_core::ids::EstimateId::parse(&estimate_id)?;
        let fields = FormFields::read(req, MAX_FORM_BYTES).await?;
        let opened = open(&app, &token, browser).await?;
        Ok::<_, Error>((opened, estimate_id, fields.decisions()?))
    }
    .await;
    let (opened, estimate_id, input) = match opened {
        Ok(read) => read,
        Err(e) => return problem_page(&app, &token, &e, Some(&back), browser).await,
    };
    let recorded =
        mobile::page::submit_decisions(&app, &opened, &estimate_id, &input, origin).await;
    let refused = match recorded {
        Ok(e) => {
            let count = e.decided_through(casebridge_core::estimates::Channel::Mobile);
            return match mobile::page::thank_you(&opened, &e, count) {
                Ok(view) => html_page(StatusCode::OK, html::decided(&token, &view)),
                Err(e) => problem_page(&app, &token, &e, Some(&back), browser).await,
            };
        }
        Err(e) => e,
    };
    // Shown on the estimate as it is now (the link was opened already: only the estimate is
    // read again), or, for any other refusal, a problem page.
    let Some(notice) = mobile::page::not_recorded(&refused, opened.language) else {
        return problem_page(&app, &token, &refused, Some(&back), browser).await;
    };
    let status = casebridge_http::problem::problem_of(&refused).status;
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::CONFLICT);
    let view = mobile::page::estimate_or_notes(&app, &opened, &estimate_id).await;
    case_page(
        &app,
        &token,
        (status, Some(&notice)),
        view,
        (Some(&back), browser),
    )
    .await
}

/// The customer's choice of language from the page's switch (`language` = en | es | fr,
/// `back` = the page it was on): kept on the contact, so texts and emails follow it, then
/// back to that page (303) in the new language.
#[utoipa::path(post, path = "/m/{token}/language", tag = "mobile",
    params(("token" = String, Path, description = "The signed link from the text")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "language=en|es|fr&back=/m/{token}/..."),
    responses(
        (status = 303, description = "Back to the page, now in that language"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn language(
    State(app): State<App>,
    Path(token): Path<String>,
    browser: Browser,
    req: Request,
) -> Response {
    let back = format!("/m/{token}");
    let chosen = async {
        let fields = FormFields::read(req, MAX_FORM_BYTES).await?;
        let opened = open(&app, &token, browser).await?;
        let choice = (fields.get("language"), fields.get("back"));
        mobile::page::choose_language(&app, &opened, choice, &token).await
    };
    see_other(&app, &token, chosen.await, (&back, browser)).await
}

/// Where a submission came from: the address the gateway saw, never X-Forwarded-For (the
/// client writes that one), and the browser.
fn origin_of(req: &Request, headers: &HeaderMap) -> mobile::page::Origin {
    mobile::page::Origin {
        ip: req
            .extensions()
            .get::<casebridge_http::ClientIp>()
            .map(|c| c.0.clone()),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
    }
}

/// A case page as shown (with a notice on top, if any), or the page a refusal becomes.
async fn case_page(
    app: &App,
    token: &str,
    (status, notice): (StatusCode, Option<&str>),
    view: Result<mobile::page::PageView, Error>,
    (back, browser): (Option<&str>, Browser),
) -> Response {
    match view {
        Ok(view) => page_with_photos(app, status, html::case_page(token, &view, notice)),
        Err(e) => problem_page(app, token, &e, back, browser).await,
    }
}

/// Where a form or a link leads (303), or the page its refusal becomes.
async fn see_other(
    app: &App,
    token: &str,
    to: Result<String, Error>,
    (back, browser): (&str, Browser),
) -> Response {
    match to {
        Ok(to) => Redirect::to(&to).into_response(),
        Err(e) => problem_page(app, token, &e, Some(back), browser).await,
    }
}

/// A link opened, read in the contact's language, else the browser's.
async fn open(
    app: &App,
    token: &str,
    Browser(browser): Browser,
) -> Result<mobile::page::Opened, Error> {
    Ok(mobile::page::open(app, token).await?.read_by(browser))
}

/// What an email's "Stop these emails" link opens: the address, the dealer, one button.
/// Opening it changes nothing (mail scanners open links).
#[utoipa::path(get, path = "/e/unsubscribe/{token}", tag = "mobile",
    params(("token" = String, Path, description = "The signed unsubscribe token from the email")),
    responses(
        (status = 200, description = "The page", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn unsubscribe_page(
    State(app): State<App>,
    Path(token): Path<String>,
    browser: Browser,
) -> Response {
    match email::unsubscribe_view(&app, &token, browser.0).await {
        Ok(view) => html_page(StatusCode::OK, html::unsubscribe_confirm(&token, &view)),
        Err(e) => problem_page(&app, &token, &e, None, browser).await,
    }
}

/// One-click unsubscribe (RFC 8058): what a mail client posts from the email's
/// `List-Unsubscribe` header (`List-Unsubscribe=One-Click`), and what the page's button
/// posts. Email stops for that contact at that dealer from the next email on; texts go on.
/// Posting again changes nothing more.
#[utoipa::path(post, path = "/e/unsubscribe/{token}", tag = "mobile",
    params(("token" = String, Path, description = "The signed unsubscribe token from the email")),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "List-Unsubscribe=One-Click"),
    responses(
        (status = 200, description = "Unsubscribed: a page saying so", content_type = "text/html"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn unsubscribe(
    State(app): State<App>,
    Path(token): Path<String>,
    browser: Browser,
    req: Request,
) -> Response {
    // The body says only "One-Click"; it is read (within bounds) so a huge one is refused.
    if let Err(e) = FormFields::read(req, MAX_FORM_BYTES).await {
        return problem_page(&app, &token, &e, None, browser).await;
    }
    match email::unsubscribe(&app, &token, browser.0).await {
        Ok(view) => html_page(StatusCode::OK, html::unsubscribed(&view)),
        Err(e) => problem_page(&app, &token, &e, None, browser).await,
    }
}
