//! The case page's contacts: the calls `POST /v1/cases/{caseId}/contacts` and
//! `POST /v1/cases/{caseId}/invitations` make.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::contacts::{self, CaseRole, ContactFields};
use casebridge_core::estimates::{self, QuickAction, QuickActionRequest};
use casebridge_core::ids::{CaseId, ContactId, EstimateId};
use casebridge_core::Error;
use casebridge_http::forms::FormFields;

use super::{ConsoleState, Refused, SignedForm};

/// A text field as the API takes it: left out when empty.
fn given(form: &FormFields, name: &str) -> Option<String> {
    Some(form.get(name).trim().to_string()).filter(|v| !v.is_empty())
}

fn role(raw: &str) -> Result<CaseRole, Error> {
    match raw {
        "primary" => Ok(CaseRole::Primary),
        "driver" => Ok(CaseRole::Driver),
        "other" | "" => Ok(CaseRole::Other),
        _ => Err(Error::bad_field("caseRole", "primary, driver or other")),
    }
}

/// `POST /console/cases/{caseId}/contacts`: a checkbox left unticked is `false`.
pub async fn create(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let ticked = |name: &str| Some(form.get(name) == "true");
    let fields = ContactFields {
        name: given(&form, "name"),
        mobile: given(&form, "mobile"),
        email: given(&form, "email"),
        sms_opt_in: ticked("smsOptIn"),
        email_opt_in: ticked("emailOptIn"),
        ongoing: ticked("ongoing"),
        language: None,
        case_role: Some(role(form.get("caseRole"))?),
    };
    contacts::create_for_case(&s.app, &session.caller, &case_id, fields).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}

/// `POST /console/cases/{caseId}/invitations`: the contact hears of the case from now on.
pub async fn invite(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let contact = ContactId::parse(form.get("contactId"))?;
    contacts::invite(&s.app, &session.caller, &case_id, &contact).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}

/// `POST /console/cases/{caseId}/quick-actions`: the case moves and the ticked recipients
/// hear of it (for Request for Approval: are asked to decide the estimate), as
/// `POST /v1/cases/{caseId}/quick-actions` does.
pub async fn quick_action(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let action = match form.get("action") {
        "check_in" => QuickAction::CheckIn,
        "asset_in_service" => QuickAction::AssetInService,
        "asset_ready" => QuickAction::AssetReady,
        "request_approval" => QuickAction::RequestApproval,
        _ => {
            let actions = "check_in, asset_in_service, asset_ready or request_approval";
            return Err(Error::bad_field("action", actions).into());
        }
    };
    let estimate_id = match form.get("estimateId") {
        "" => None,
        id => Some(EstimateId::parse(id)?),
    };
    let chosen: Vec<String> = form
        .all("contact")
        .into_iter()
        .map(str::to_string)
        .collect();
    let request = QuickActionRequest {
        action,
        estimate_id,
        // No recipient on the case: nobody to choose, and nobody hears of it.
        contact_ids: (!chosen.is_empty()).then_some(chosen),
    };
    estimates::quick_action(&s.app, &session.caller, &case_id, request).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}
