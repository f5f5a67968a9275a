//! The case page's status change and Prokeep escalation: the calls `POST /v1/cases/{caseId}/
//! status` and `POST /v1/cases/{caseId}/parts-escalations` make.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::cases::{self, CaseStatus};
use casebridge_core::ids::CaseId;
use casebridge_core::parts::{self, NewEscalation, PartLine};
use casebridge_core::Error;
use casebridge_http::forms::FormFields;

use super::parts_pages::LINES;
use super::{ConsoleState, Refused, SignedForm};

/// `POST /console/cases/{caseId}/status`.
pub async fn change_status(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let status = CaseStatus::parse(form.get("status"), "status")?;
    cases::change_status(&s.app, &session.caller, &case_id, status).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}

/// The parts lines filled in (`part-<i>`, `description-<i>`, `quantity-<i>`); a quantity
/// that is not a whole number is refused naming its line.
fn lines(form: &FormFields) -> Result<Vec<PartLine>, Error> {
    let mut lines = Vec::new();
    for i in 0..LINES {
        let part = form.get(&format!("part-{i}")).trim();
        if part.is_empty() {
            continue;
        }
        let raw = form.get(&format!("quantity-{i}")).trim();
        let quantity = match raw {
            "" => 1,
            n => n.parse().map_err(|_| {
                let why = format!("line {}: {n:?} is not a whole number", i + 1);
                Error::bad_field(&format!("quantity-{i}"), why)
            })?,
        };
        lines.push(PartLine {
            part_number: part.to_string(),
            description: form.get(&format!("description-{i}")).trim().to_string(),
            quantity,
        });
    }
    Ok(lines)
}

/// `POST /console/cases/{caseId}/parts-escalations`: the request goes to the Prokeep group.
pub async fn escalate(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let note = Some(form.get("note").trim().to_string()).filter(|n| !n.is_empty());
    let new = NewEscalation {
        group_id: form.get("group").to_string(),
        lines: lines(&form)?,
        note,
    };
    parts::escalate(&s.app, &session.caller, &case_id, new).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}
