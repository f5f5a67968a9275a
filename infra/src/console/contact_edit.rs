//! A contact changed from the case page: edited (the call `PATCH /v1/contacts/{contactId}`
//! makes), deleted, or merged into another of the case's contacts (the same person entered
//! twice), as `POST /v1/contacts/{contactId}/merge` does.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::contacts::{self, ContactFields};
use casebridge_core::ids::{CaseId, ContactId};
use maud::{html, Markup};

use super::pages::shell;
use super::{ConsoleState, Page, PageResult, Refused, Session, SignedForm};
use casebridge_core::contacts::{CaseContact, Contact};

fn ids(case_id: &str, contact_id: &str) -> Result<(CaseId, ContactId), Refused> {
    Ok((CaseId::parse(case_id)?, ContactId::parse(contact_id)?))
}

/// The contact as it is on `case` (404 when it is not on it, or is another dealer's).
async fn on_case(
    s: &ConsoleState,
    session: &Session,
    case: &CaseId,
    contact: &ContactId,
) -> Result<(CaseContact, Vec<CaseContact>), Refused> {
    let all = contacts::list_for_case(&s.app, &session.caller, case)
        .await?
        .items;
    let this = all
        .iter()
        .find(|c| &c.contact.id == contact)
        .cloned()
        .ok_or_else(|| {
            casebridge_core::Error::not_found(format!("contact {contact} on this case"))
        })?;
    Ok((this, all))
}

/// `GET /console/cases/{caseId}/contacts/{contactId}`.
pub async fn show(
    State(s): State<ConsoleState>,
    session: Session,
    Path((case_id, contact_id)): Path<(String, String)>,
) -> PageResult {
    let (case, contact) = ids(&case_id, &contact_id)?;
    let (this, all) = on_case(&s, &session, &case, &contact).await?;
    let others: Vec<&Contact> = all
        .iter()
        .map(|c| &c.contact)
        .filter(|c| c.id != contact)
        .collect();
    Ok(Page(edit_page(&session, &case, &this.contact, &others)))
}

/// `POST /console/cases/{caseId}/contacts/{contactId}`: what the form says, unticked boxes
/// are `false`, an emptied mobile or email is removed.
pub async fn save(
    State(s): State<ConsoleState>,
    Path((case_id, contact_id)): Path<(String, String)>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let (case, contact) = ids(&case_id, &contact_id)?;
    on_case(&s, &session, &case, &contact).await?;
    let ticked = |name: &str| Some(form.get(name) == "true");
    let fields = ContactFields {
        name: Some(form.get("name").trim().to_string()),
        mobile: Some(form.get("mobile").trim().to_string()),
        email: Some(form.get("email").trim().to_string()),
        sms_opt_in: ticked("smsOptIn"),
        email_opt_in: ticked("emailOptIn"),
        ongoing: ticked("ongoing"),
        language: None,
        case_role: None,
    };
    contacts::update(&s.app, &session.caller, &contact, fields).await?;
    Ok(Redirect::to(&format!("/console/cases/{case}")))
}

/// `POST /console/cases/{caseId}/contacts/{contactId}/delete`.
pub async fn delete(
    State(s): State<ConsoleState>,
    Path((case_id, contact_id)): Path<(String, String)>,
    SignedForm { session, form: _ }: SignedForm,
) -> Result<Redirect, Refused> {
    let (case, contact) = ids(&case_id, &contact_id)?;
    on_case(&s, &session, &case, &contact).await?;
    contacts::delete(&s.app, &session.caller, &contact).await?;
    Ok(Redirect::to(&format!("/console/cases/{case}")))
}

/// `POST /console/cases/{caseId}/contacts/{contactId}/merge`: this contact goes into `into`.
pub async fn merge(
    State(s): State<ConsoleState>,
    Path((case_id, contact_id)): Path<(String, String)>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let (case, contact) = ids(&case_id, &contact_id)?;
    on_case(&s, &session, &case, &contact).await?;
    let into = ContactId::parse(form.get("into"))?;
    contacts::merge(&s.app, &session.caller, &contact, &into).await?;
    Ok(Redirect::to(&format!("/console/cases/{case}")))
}

fn edit_page(session: &Session, case: &CaseId, c: &Contact, others: &[&Contact]) -> Markup {
    let at = format!("/console/cases/{case}/contacts/{}", c.id);
    shell(
        &format!("Contact {}", c.name),
        Some(&session.person),
        html! {
            h1 { "Contact: " (c.name) }
            p { a href=(format!("/console/cases/{case}")) { "Back to the case" } }
            form method="post" action=(at) {
                input type="hidden" name="csrf" value=(session.csrf);
                label for="name" { "Name" }
                input type="text" id="name" name="name" value=(c.name) required size="40";
                label for="mobile" { "Mobile (empty removes it)" }
                input type="text" id="mobile" name="mobile" inputmode="tel" value=(c.mobile.clone().unwrap_or_default());
                label { input type="checkbox" name="smsOptIn" value="true" checked[c.sms_opt_in]; " They agreed to texts" }
                label for="email" { "Email (empty removes it)" }
                input type="text" id="email" name="email" inputmode="email" size="40" value=(c.email.clone().unwrap_or_default());
                label { input type="checkbox" name="emailOptIn" value="true" checked[c.email_opt_in]; " Email them" }
                label { input type="checkbox" name="ongoing" value="true" checked[c.ongoing]; " Keep for the customer's future cases (ongoing)" }
                p { button type="submit" { "Save contact" } }
            }
            @if !others.is_empty() {
                h2 { "The same person entered twice?" }
                form method="post" action=(format!("{at}/merge")) {
                    input type="hidden" name="csrf" value=(session.csrf);
                    label for="into" { "Merge " (c.name) " into" }
                    select id="into" name="into" { @for o in others { option value=(o.id) { (o.name) @if let Some(m) = &o.mobile { " · " (m) } } } }
                    p.meta { "Its cases move over to the one kept; for texts and for email, the stricter of the two consents stands." }
                    p { button type="submit" { "Merge" } }
                }
            }
            h2 { "Delete" }
            form method="post" action=(format!("{at}/delete")) {
                input type="hidden" name="csrf" value=(session.csrf);
                p.meta { (c.name) " stops hearing of every case." }
                button type="submit" { "Delete " (c.name) }
            }
        },
    )
}
