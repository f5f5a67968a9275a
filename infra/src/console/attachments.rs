//! The case page's attachments: the calls `PATCH /v1/cases/{caseId}/attachments/{id}` and
//! `GET …/content` make.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::cases::{self};
use casebridge_core::ids::{AttachmentId, CaseId};
use casebridge_core::Error;

use super::{ConsoleState, Refused, Session, SignedForm};

fn ids(case_id: &str, attachment_id: &str) -> Result<(CaseId, AttachmentId), Error> {
    Ok((CaseId::parse(case_id)?, AttachmentId::parse(attachment_id)?))
}

/// `GET /console/cases/{caseId}/attachments/{attachmentId}/content`: to its download link.
pub async fn open(
    State(s): State<ConsoleState>,
    session: Session,
    Path((case_id, attachment_id)): Path<(String, String)>,
) -> Result<Redirect, Refused> {
    let (case_id, attachment_id) = ids(&case_id, &attachment_id)?;
    let url =
        cases::attachment_download_url(&s.app, &session.caller, &case_id, &attachment_id).await?;
    Ok(Redirect::to(&url))
}

/// `POST /console/cases/{caseId}/attachments/{attachmentId}/visibility`.
pub async fn set_visibility(
    State(s): State<ConsoleState>,
    Path((case_id, attachment_id)): Path<(String, String)>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let (case_id, attachment_id) = ids(&case_id, &attachment_id)?;
    let visibility = super::words::visibility(form.get("visibility"))?;
    cases::set_attachment_visibility(
        &s.app,
        &session.caller,
        &case_id,
        &attachment_id,
        visibility,
    )
    .await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}
