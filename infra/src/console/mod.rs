//! The reference console: the seeds' screens, served by the local server at `/console`. A
//! form calls the same core function its API route calls (no rule is written twice), as
//! the signed-in demo person, with the claims `casebridge token` would mint for them.
//!
//! Local only, and every page says so: a demo person signs in by saying who they are. A
//! deployment would put these screens behind the dealer's identity provider instead (the
//! README says how); nothing here is deployed.

mod attachment_pages;
mod attachments;
mod cases;
mod contact_pages;
mod contacts;
mod customer_pages;
mod customers;
mod estimate_pages;
mod estimates;
mod pages;
mod parts;
mod parts_pages;
mod session;
mod words;

use axum::extract::Request;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casebridge_core::auth::Role;
use casebridge_core::ids::DealerId;
use casebridge_core::{App, Error};
use casebridge_http::forms::FormFields;
pub(crate) use casebridge_http::forms::MAX_FORM_BYTES;
use maud::Markup;

pub use session::{Session, SignedForm, SESSION_COOKIE};

/// What every console handler reads: the app, and the key sessions are signed with.
#[derive(Clone)]
pub struct ConsoleState {
    pub app: App,
    pub secret: std::sync::Arc<Vec<u8>>,
}

/// The console's routes, under `/console`.
pub fn router(app: App, secret: Vec<u8>) -> axum::Router {
    axum::Router::new()
        .route("/console", get(front))
        .route("/console/sign-in", post(sign_in))
        .route("/console/sign-out", post(sign_out))
        .route("/console/cases", get(cases::list))
        .route("/console/cases/{case_id}", get(cases::show))
        .route("/console/cases/{case_id}/notes", post(cases::add_note))
        .route(
            "/console/cases/{case_id}/status",
            post(parts::change_status),
        )
        .route(
            "/console/cases/{case_id}/parts-escalations",
            post(parts::escalate),
        )
        .route("/console/cases/{case_id}/contacts", post(contacts::create))
        .route(
            "/console/cases/{case_id}/invitations",
            post(contacts::invite),
        )
        .route(
            "/console/cases/{case_id}/quick-actions",
            post(contacts::quick_action),
        )
        .route(
            "/console/cases/{case_id}/attachments/{attachment_id}/content",
            get(attachments::open),
        )
        .route(
            "/console/cases/{case_id}/attachments/{attachment_id}/visibility",
            post(attachments::set_visibility),
        )
        .route(
            "/console/cases/{case_id}/estimates",
            post(estimates::create),
        )
        .route(
            "/console/cases/{case_id}/estimates/{estimate_id}/decisions",
            post(estimates::decide),
        )
        .route("/console/search", get(customers::search))
        .route(
            "/console/procede/{procede_id}/new",
            get(customers::new_customer).post(customers::create),
        )
        .route("/console/customers/{customer_id}", get(customers::show))
        .route(
            "/console/customers/{customer_id}/edit",
            get(customers::edit).post(customers::save),
        )
        .with_state(ConsoleState {
            app,
            secret: std::sync::Arc::new(secret),
        })
}

/// A console page: HTML under a policy that allows its one stylesheet by hash.
pub struct Page(pub Markup);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let csp = casebridge_http::layers::html_csp(&[pages::STYLE], &[]);
        let html = axum::response::Html(self.0.into_string());
        ([(axum::http::header::CONTENT_SECURITY_POLICY, csp)], html).into_response()
    }
}

/// A page, or the page that says why not (with the status the API would answer).
pub(crate) type PageResult = Result<Page, Refused>;

/// A refusal shown as a page: the same status and words as the API's problem answer.
pub struct Refused(pub Error);

impl From<Error> for Refused {
    fn from(e: Error) -> Self {
        Refused(e)
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        let p = casebridge_http::problem::problem_of(&self.0);
        let status = StatusCode::from_u16(p.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Page(pages::refused(&p))).into_response()
    }
}

/// `GET /console`: who is signed in goes to their cases; anyone else signs in.
async fn front(State(s): State<ConsoleState>, headers: axum::http::HeaderMap) -> Response {
    if Session::current(&s.secret, &headers).is_some() {
        return Redirect::to("/console/cases").into_response();
    }
    let (cookie, csrf) = session::pre_session(&s.secret);
    (
        [(axum::http::header::SET_COOKIE, cookie)],
        Page(pages::sign_in(&csrf)),
    )
        .into_response()
}

/// The people whose screens the console has: a dealer's advisor and its dealer admin.
const SIGN_IN_AS: [Role; 2] = [Role::Advisor, Role::DealerAdmin];

/// `POST /console/sign-in`: a session for the demo person chosen, on the dealer chosen.
async fn sign_in(State(s): State<ConsoleState>, req: Request) -> Result<Response, Refused> {
    let headers = req.headers().clone();
    let form = FormFields::read(req, MAX_FORM_BYTES).await?;
    session::check_pre_session(&s.secret, &headers, form.get("csrf"))?;
    let role: Role = form.get("as").parse()?;
    if !SIGN_IN_AS.contains(&role) {
        return Err(
            Error::bad_field("as", "the console signs in an advisor or a dealer admin").into(),
        );
    }
    let dealer = DealerId::parse(form.get("dealer"))?;
    casebridge_core::dealers::load_dealer(&s.app, &dealer).await?;
    let cookie = session::start(&s.secret, role, &dealer, jiff::Timestamp::now().as_second())?;
    Ok((
        [(axum::http::header::SET_COOKIE, cookie)],
        Redirect::to("/console/cases"),
    )
        .into_response())
}

/// `POST /console/sign-out`: the session cookie is cleared.
async fn sign_out(_: SignedForm) -> Response {
    (
        [(axum::http::header::SET_COOKIE, session::ended())],
        Redirect::to("/console"),
    )
        .into_response()
}
