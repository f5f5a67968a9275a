//! `parts-reminder` (every minute): re-sends, once, escalations nobody claimed in time, and
//! reminds customers of approval requests nobody answered (the dealer's hours, twice at most).

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_schedule(
        &casebridge_lambda::functions::PARTS_REMINDER,
        |app| async move {
            let sent = casebridge_core::parts::send_reminders(&app).await?;
            let approvals = casebridge_core::estimates::send_approval_reminders(&app).await?;
            Ok(serde_json::json!({ "reminded": sent, "approvalsReminded": approvals }))
        },
    )
    .await
}
