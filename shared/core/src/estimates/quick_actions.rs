//! Quick Actions: the buttons on a case that move it on and tell the customer. "Request for
//! Approval" also freezes the estimate's version the customer is asked about.

use crate::ids::EstimateId;
use serde::Deserialize;

use crate::auth::Caller;
use crate::cases::{self, Case, CaseStatus};
use crate::error::{Error, FieldError, Result};
use crate::ids::CaseId;
use crate::App;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuickAction {
    RequestApproval,
    CheckIn,
    AssetReady,
    AssetInService,
}

impl QuickAction {
    fn status(self) -> CaseStatus {
        match self {
            QuickAction::RequestApproval => CaseStatus::RequestForApproval,
            QuickAction::CheckIn => CaseStatus::CheckIn,
            QuickAction::AssetReady => CaseStatus::AssetReady,
            QuickAction::AssetInService => CaseStatus::AssetInService,
        }
    }
}

/// `POST /v1/cases/{caseId}/quick-actions`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QuickActionRequest {
    pub action: QuickAction,
    /// The estimate to approve (`request_approval` only).
    #[serde(default)]
    #[schema(value_type = Option<String>)]
    pub estimate_id: Option<EstimateId>,
    /// Who of the case's recipients hears of it (default: every recipient); for
    /// `request_approval`, who is asked to decide. Each id counts once.
    #[serde(default, deserialize_with = "crate::json::distinct_lines_opt")]
    #[schema(min_items = 1, max_items = 20)]
    pub contact_ids: Option<Vec<String>>,
}

/// Everyone who hears of the case is asked, unless the advisor chose; the version records
/// who, so only they decide it from their links.
async fn asked(
    app: &App,
    caller: &Caller,
    case: &Case,
    chosen: Option<&[String]>,
) -> Result<Vec<cases::Author>> {
    let asked: Vec<cases::Author> = crate::contacts::recipients(app, &caller.dealer, &case.id)
        .await?
        .into_iter()
        .filter(|c| chosen.is_none_or(|ids| ids.iter().any(|id| c.id == *id)))
        .map(|c| cases::Author {
            id: Some(c.id.to_string()),
            name: c.name,
        })
        .collect();
    if asked.is_empty() {
        return Err(Error::invalid(vec![FieldError::new(
            "contactIds",
            format!(
                "case {} has nobody to ask: invite a contact, or enter one as primary or driver",
                case.label()
            ),
        )]));
    }
    Ok(asked)
}

/// Runs a Quick Action: for "request approval", the estimate's current lines are frozen as
/// the version the customer decides on, then the case moves. Both steps are idempotent, so
/// a retried action (a timeout, a second click) changes nothing more.
pub async fn run(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    req: QuickActionRequest,
) -> Result<Case> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    if let Some(ids) = &req.contact_ids {
        crate::contacts::check_recipients(app, &caller.dealer, &case, ids).await?;
    }
    match req.action {
        QuickAction::RequestApproval => {
            let Some(estimate_id) = req.estimate_id.as_ref() else {
                return Err(Error::invalid(vec![FieldError::new(
                    "estimateId",
                    "name the estimate the customer is to approve",
                )]));
            };
            let asked = asked(app, caller, &case, req.contact_ids.as_deref()).await?;
            super::send(app, caller, &case.id, estimate_id, &asked).await?;
            // estimate.sent texts the chosen contacts (also when the case is in Request for
            // Approval already and a revised version goes out); the status change texts nobody.
            return cases::change_status_notifying(
                app,
                caller,
                &case.id,
                req.action.status(),
                Some(Vec::new()),
            )
            .await;
        }
        _ if req.estimate_id.is_some() => {
            return Err(Error::invalid(vec![FieldError::new(
                "estimateId",
                "only request_approval takes an estimate",
            )]))
        }
        _ => {}
    }
    cases::change_status_notifying(app, caller, &case.id, req.action.status(), req.contact_ids)
        .await
}
