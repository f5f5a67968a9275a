//! The reference console: the seeds' screens, served by the local server at `/console`. A
//! form calls the same core function its API route calls (no rule is written twice), as
//! the signed-in demo person, with the claims `casebridge token` would mint for them.
//!
//! Local only, and every page says so: a demo person signs in by saying who they are. A
//! deployment would put these screens behind the dealer's identity provider instead (the
//! README says how); nothing here is deployed.

mod admin;
mod admin_pages;
mod attachment_pages;
mod attachments;
mod cases;
mod connector;
mod contact_edit;
mod contact_pages;
mod contacts;
mod customer_pages;
mod customers;
mod estimate_edit;
mod estimate_pages;
mod estimates;
mod pages;
mod parts;
mod parts_pages;
mod prokeep;
mod prokeep_pages;
mod prokeep_threads;
mod session;
mod words;

use std::sync::Arc;

use axum::extract::Request;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use casebridge_core::ids::DealerId;
use casebridge_core::{App, Error};
use casebridge_embedded::prokeep_local::RecordingProkeep;
use casebridge_http::forms::FormFields;
pub(crate) use casebridge_http::forms::MAX_FORM_BYTES;
use maud::Markup;

pub use session::{Person, PersonForm, Persona, Session, SignedForm, SESSION_COOKIE};

/// What every console handler reads: the app, the key sessions are signed with, and for the
/// Prokeep stand-in the functions' routes (which its signed calls go to), what it remembers
/// and what the local Prokeep adapter recorded as sent.
#[derive(Clone)]
pub struct ConsoleState {
    pub app: App,
    pub secret: Arc<Vec<u8>>,
    connector: axum::Router,
    standin: Arc<prokeep_threads::StandIn>,
    prokeep_sent: Option<Arc<RecordingProkeep>>,
}

/// The console's routes, under `/console`. `prokeep_sent` is what the local Prokeep adapter
/// recorded (the counter's inbox reads it); without it the inbox stays empty.
pub fn router(
    app: App,
    secret: Vec<u8>,
    prokeep_sent: Option<Arc<RecordingProkeep>>,
) -> axum::Router {
    axum::Router::new()
        .route("/console", get(front))
        .route("/console/sign-in", post(sign_in))
        .route("/console/sign-out", post(sign_out))
        .merge(case_routes())
        .merge(customer_routes())
        .merge(prokeep_routes())
        .merge(admin_routes())
        .with_state(ConsoleState {
            connector: crate::http_functions::routes_as_deployed(&app),
            app,
            secret: Arc::new(secret),
            standin: Arc::default(),
            prokeep_sent,
        })
}

type Routes = axum::Router<ConsoleState>;

/// The advisor's case screens.
fn case_routes() -> Routes {
    let case = |rest: &str| format!("/console/cases/{{case_id}}{rest}");
    axum::Router::new()
        .route("/console/cases", get(cases::list))
        .route(&case(""), get(cases::show))
        .route(&case("/notes"), post(cases::add_note))
        .route(&case("/status"), post(parts::change_status))
        .route(&case("/parts-escalations"), post(parts::escalate))
        .route(&case("/contacts"), post(contacts::create))
        .route(
            &case("/contacts/{contact_id}"),
            get(contact_edit::show).post(contact_edit::save),
        )
        .route(
            &case("/contacts/{contact_id}/delete"),
            post(contact_edit::delete),
        )
        .route(
            &case("/contacts/{contact_id}/merge"),
            post(contact_edit::merge),
        )
        .route(&case("/invitations"), post(contacts::invite))
        .route(&case("/quick-actions"), post(contacts::quick_action))
        .route(
            &case("/attachments/{attachment_id}/content"),
            get(attachments::open),
        )
        .route(
            &case("/attachments/{attachment_id}/visibility"),
            post(attachments::set_visibility),
        )
        .route(&case("/estimates"), post(estimates::create))
        .route(
            &case("/estimates/{estimate_id}"),
            get(estimate_edit::show).post(estimate_edit::revise),
        )
        .route(
            &case("/estimates/{estimate_id}/versions/{n}/pdf"),
            get(estimate_edit::version_pdf),
        )
        .route(
            &case("/estimates/{estimate_id}/decisions"),
            post(estimates::decide),
        )
}

/// SEARCH and the customer pages.
fn customer_routes() -> Routes {
    axum::Router::new()
        .route("/console/search", get(customers::search))
        .route(
            "/console/procede/{procede_id}/new",
            get(customers::new_customer).post(customers::create),
        )
        .route("/console/customers/{customer_id}", get(customers::show))
        .route(
            "/console/customers/{customer_id}/cases",
            post(customers::open_case),
        )
        .route(
            "/console/customers/{customer_id}/edit",
            get(customers::edit).post(customers::save),
        )
}

/// Administration by role.
fn admin_routes() -> Routes {
    let admin = |rest: &str| format!("/console/admin{rest}");
    axum::Router::new()
        .route(&admin(""), get(admin::show))
        .route(&admin("/settings"), post(admin::save_settings))
        .route(&admin("/reply-policy"), post(admin::save_reply_policy))
        .route(&admin("/connector-secrets"), post(admin::create_secret))
        .route(
            &admin("/connector-secrets/{secret_id}/revoke"),
            post(admin::revoke_secret),
        )
        .route(&admin("/prokeep-credentials"), post(admin::set_prokeep))
        .route(&admin("/procede-credentials"), post(admin::set_procede))
}

/// The Prokeep stand-in.
fn prokeep_routes() -> Routes {
    let thread = |rest: &str| format!("/console/prokeep/threads/{{thread_id}}{rest}");
    axum::Router::new()
        .route("/console/prokeep", get(prokeep::home))
        .route(&thread(""), get(prokeep::thread))
        .route(&thread("/decisiv"), get(prokeep::decisiv))
        .route(&thread("/attachments"), post(prokeep::attach))
        .route(&thread("/close"), post(prokeep::close))
        .route(
            "/console/prokeep/parts-requests/{reference}/events",
            post(prokeep::counter_step),
        )
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
    if let Some(person) = Person::current(&s.secret, &headers) {
        return Redirect::to(person.persona.home()).into_response();
    }
    let (cookie, csrf) = session::pre_session(&s.secret);
    (
        [(axum::http::header::SET_COOKIE, cookie)],
        Page(pages::sign_in(&csrf)),
    )
        .into_response()
}

/// `POST /console/sign-in`: a session for the demo person chosen, at the location chosen.
async fn sign_in(State(s): State<ConsoleState>, req: Request) -> Result<Response, Refused> {
    let headers = req.headers().clone();
    let form = FormFields::read(req, MAX_FORM_BYTES).await?;
    session::check_pre_session(&s.secret, &headers, form.get("csrf"))?;
    let persona = Persona::parse(form.get("as"))?;
    let dealer = DealerId::parse(form.get("dealer"))?;
    let at = casebridge_core::dealers::load_dealer(&s.app, &dealer).await?;
    let now = jiff::Timestamp::now().as_second();
    let cookie = session::start(&s.secret, persona, &dealer, at.oem_id.as_str(), now)?;
    Ok((
        [(axum::http::header::SET_COOKIE, cookie)],
        Redirect::to(persona.home()),
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
