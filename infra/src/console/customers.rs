//! SEARCH: a customer searched in Case (the word index) and in Procede, a Procede customer
//! added from its prefilled New Customer page, a DMS-sourced one brought up to date from its
//! Edit Customer page: the calls the customers and Procede routes make.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::cases::{self, NewCase};
use casebridge_core::customers;
use casebridge_core::ids::CustomerId;
use casebridge_core::ports::{Order, PageRequest};
use casebridge_core::procede;
use casebridge_http::QueryMap;

use super::customer_pages::{self, Searched};
use super::{ConsoleState, Page, PageResult, Refused, Session, SignedForm};

/// `GET /console/search?by=&q=`: both lists, each with why it could not answer, if so.
pub async fn search(State(s): State<ConsoleState>, session: Session, q: QueryMap) -> PageResult {
    let text = q.get("q").map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(Page(customer_pages::search(&session, None)));
    }
    let by = q.get("by").unwrap_or("name");
    let page = PageRequest::first(25, Order::Ascending);
    let why = |e: casebridge_core::Error| e.to_string();
    let in_case = customers::list(&s.app, &session.caller, Some(text), page)
        .await
        .map(|l| l.items)
        .map_err(why);
    let in_procede = procede::search(&s.app, &session.caller, by, text, None, Some(25))
        .await
        .map(|l| l.items)
        .map_err(why);
    let searched = Searched {
        by,
        q: text,
        in_case,
        in_procede,
    };
    Ok(Page(customer_pages::search(&session, Some(searched))))
}

/// `GET /console/procede/{procedeId}/new`: the New Customer page, or the customer's Edit
/// Customer page when it is in Case already.
pub async fn new_customer(
    State(s): State<ConsoleState>,
    session: Session,
    Path(procede_id): Path<String>,
) -> Result<axum::response::Response, Refused> {
    use axum::response::IntoResponse;
    let preview = procede::preview_new(&s.app, &session.caller, &procede_id).await?;
    if let Some(id) = preview.customer_id {
        return Ok(Redirect::to(&format!("/console/customers/{id}/edit")).into_response());
    }
    let page =
        customer_pages::new_customer(&session, &procede_id, &preview.form, &preview.dms_version);
    Ok(Page(page).into_response())
}

/// `POST /console/procede/{procedeId}/new` (CREATE): refused (409) when the DMS record
/// changed since the page was filled in.
pub async fn create(
    State(s): State<ConsoleState>,
    Path(procede_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let version = Some(form.get("dmsVersion"));
    let added = procede::add_from_procede(&s.app, &session.caller, &procede_id, version).await?;
    Ok(Redirect::to(&format!(
        "/console/customers/{}",
        added.customer.id
    )))
}

/// `GET /console/customers/{customerId}`.
pub async fn show(
    State(s): State<ConsoleState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let id = CustomerId::parse(&id)?;
    let c = customers::get(&s.app, &session.caller.dealer, &id).await?;
    let assets = customers::assets(&s.app, &session.caller, &id).await?;
    let people = casebridge_core::contacts::list_for_customer(&s.app, &session.caller, &id).await?;
    Ok(Page(customer_pages::customer(
        &session,
        &c,
        &assets.items,
        &people.items,
    )))
}

/// `POST /console/customers/{customerId}/cases`: a case opened on the customer (the call
/// `POST /v1/cases` makes with `customer.id`): its name and number come from the record.
pub async fn open_case(
    State(s): State<ConsoleState>,
    Path(id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let id = CustomerId::parse(&id)?;
    let given = |name: &str| Some(form.get(name).trim().to_string()).filter(|v| !v.is_empty());
    let new = NewCase {
        customer: cases::Customer {
            name: String::new(),
            id: Some(id.to_string()),
            number: None,
        },
        asset: cases::Asset {
            unit_number: form.get("unitNumber").trim().to_string(),
            vin: given("vin"),
            make: given("make"),
            model: given("model"),
        },
        status: None,
        contacts: Vec::new(),
    };
    let opened = cases::create_case(&s.app, &session.caller, new).await?;
    Ok(Redirect::to(&format!("/console/cases/{}", opened.case.id)))
}

/// `GET /console/customers/{customerId}/edit`: what changed in Procede, prefilled.
pub async fn edit(
    State(s): State<ConsoleState>,
    session: Session,
    Path(id): Path<String>,
) -> PageResult {
    let id = CustomerId::parse(&id)?;
    let p = procede::preview_refresh(&s.app, &session.caller, &id).await?;
    let Some(version) = p.dms_version.as_deref() else {
        return Err(casebridge_core::Error::Conflict(format!(
            "{} is no longer in Procede; it is kept in Case as it was",
            p.customer.name
        ))
        .into());
    };
    Ok(Page(customer_pages::edit_customer(
        &session,
        &p.customer,
        &p.form,
        &p.changes,
        version,
    )))
}

/// `POST /console/customers/{customerId}/edit` (SAVE).
pub async fn save(
    State(s): State<ConsoleState>,
    Path(id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let id = CustomerId::parse(&id)?;
    let version = Some(form.get("dmsVersion"));
    procede::refresh_from_procede(&s.app, &session.caller, &id, version).await?;
    Ok(Redirect::to(&format!("/console/customers/{id}")))
}
