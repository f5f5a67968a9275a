//! Quick Actions: the buttons on a case that move it on and tell the customer. "Request for
//! Approval" also freezes the estimate's version the customer is asked about.

use serde::Deserialize;

use crate::auth::Caller;
use crate::cases::{self, Case, CaseStatus};
use crate::error::{Error, FieldError, Result};
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
    pub estimate_id: Option<String>,
    /// The invited contacts to ask (`request_approval` only).
    #[serde(default)]
    #[schema(max_items = 20)]
    pub contact_ids: Vec<String>,
}

/// Runs a Quick Action: for "request approval", the estimate's current lines are frozen as
/// the version the customer decides on, then the case moves. Both steps are idempotent, so
/// a retried action (a timeout, a second click) changes nothing more.
pub async fn run(
    app: &App,
    caller: &Caller,
    case_id: &str,
    req: QuickActionRequest,
) -> Result<Case> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    match req.action {
        QuickAction::RequestApproval => {
            let Some(estimate_id) = req.estimate_id.as_deref() else {
                return Err(Error::invalid(vec![FieldError::new(
                    "estimateId",
                    "name the estimate the customer is to approve",
                )]));
            };
            check_contacts(app, caller, &case, &req.contact_ids).await?;
            super::send(app, caller, &case.id, estimate_id, &req.contact_ids).await?;
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
        _ if req.estimate_id.is_some() || !req.contact_ids.is_empty() => {
            return Err(Error::invalid(vec![FieldError::new(
                "estimateId",
                "only request_approval takes an estimate and contacts",
            )]))
        }
        _ => {}
    }
    cases::change_status(app, caller, &case.id, req.action.status()).await
}

/// The contacts asked must be invited to the case.
async fn check_contacts(app: &App, caller: &Caller, case: &Case, ids: &[String]) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::invalid(vec![FieldError::new(
            "contactIds",
            "choose at least one invited contact to ask",
        )]));
    }
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let invited = crate::dealers::is_safe_id(id)
            && crate::contacts::is_invited(app, &caller.dealer, &case.id, id).await?;
        if !invited {
            errors.push(FieldError::new(
                format!("contactIds[{i}]"),
                format!("{id:?} is not invited to case {}", case.label()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(errors))
    }
}
