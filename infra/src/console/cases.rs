//! The advisor's Case screens: the active cases, a case with its notes, and a note added
//! through the same call `POST /v1/cases/{caseId}/notes` makes.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::cases::{self, CaseFilter, NewNote};
use casebridge_core::ids::CaseId;
use casebridge_core::ports::{Order, PageRequest};
use casebridge_http::QueryMap;

use super::pages::{self, Posted};
use super::{ConsoleState, Page, PageResult, Refused, Session, SignedForm};

/// How many cases and notes a console page shows (the API pages further).
const PAGE: usize = 100;

/// `GET /console/cases`.
pub async fn list(State(s): State<ConsoleState>, session: Session) -> PageResult {
    let page = PageRequest::first(PAGE, Order::Descending);
    let active =
        cases::list_cases(&s.app, &session.caller.dealer, CaseFilter::NotClosed, page).await?;
    Ok(Page(pages::cases(&session, &active.items)))
}

/// `GET /console/cases/{caseId}`: another dealer's case is not found, as in the API.
pub async fn show(
    State(s): State<ConsoleState>,
    session: Session,
    Path(case_id): Path<String>,
    q: QueryMap,
) -> PageResult {
    let case_id = CaseId::parse(&case_id)?;
    let case = cases::get_case(&s.app, &session.caller, &case_id).await?;
    let page = PageRequest::first(PAGE, Order::Ascending);
    let notes = cases::list_notes(&s.app, &session.caller, &case_id, page).await?;
    // After a note: `posted=internal`, or `posted=external` with how many recipients will
    // (`told`) and will not (`notTold`) hear of it.
    let count = |name: &str| q.get(name).and_then(|n| n.parse().ok()).unwrap_or(0);
    let posted = q.get("posted").map(|p| Posted {
        external: p == "external",
        told: count("told"),
        not_told: count("notTold"),
    });
    let principal = casebridge_core::auth::Principal::from(session.caller.clone());
    let groups =
        casebridge_core::dealers::prokeep_groups(&s.app, &principal, &case.dealer_id).await?;
    let requests = casebridge_core::parts::list_for_case(&s.app, &session.caller, &case_id).await?;
    let people =
        casebridge_core::contacts::list_for_case(&s.app, &session.caller, &case_id).await?;
    let all = PageRequest::first(PAGE, Order::Ascending);
    let files = cases::list_attachments(&s.app, &session.caller, &case_id, all).await?;
    let oldest = PageRequest::first(PAGE, Order::Ascending);
    let quotes =
        casebridge_core::estimates::list(&s.app, &session.caller, &case_id, oldest).await?;
    let newest = PageRequest::first(PAGE, Order::Descending);
    let log = casebridge_core::notifications::log::list(&s.app, &session.caller, &case_id, newest)
        .await?;
    let sections = maud::html! {
        (super::contact_pages::quick_actions(&session, &case, &people.items))
        (super::contact_pages::contacts(&session, &case, &people.items))
        (super::contact_pages::delivery_log(&session, &log.items))
        (super::estimate_pages::estimates(&session, &case, &quotes.items, &people.items))
        (super::attachment_pages::attachments(&session, &case, &files.items))
        (super::parts_pages::parts(&session, &case, &groups.items, &requests.items))
    };
    Ok(Page(pages::case(
        &session,
        &case,
        &notes.items,
        posted,
        sections,
    )))
}

/// `POST /console/cases/{caseId}/notes`: then back to the case, saying who hears of it.
pub async fn add_note(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let visibility = super::words::visibility(form.get("visibility"))?;
    let new = NewNote {
        text: form.get("text").to_string(),
        visibility,
        contact_ids: None,
    };
    let posted =
        casebridge_core::notifications::post_note(&s.app, &session.caller, &case_id, new).await?;
    let said = match (posted.notified, posted.not_notified) {
        (None, None) => "posted=internal".to_string(),
        (told, not_told) => format!(
            "posted=external&told={}&notTold={}",
            told.unwrap_or(0),
            not_told.unwrap_or(0)
        ),
    };
    Ok(Redirect::to(&format!("/console/cases/{case_id}?{said}")))
}
