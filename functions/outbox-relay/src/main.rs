//! `outbox-relay` (every minute): publishes events whose request died between commit and
//! publish.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_schedule(
        &casebridge_lambda::functions::OUTBOX_RELAY,
        |app| async move {
            let report = casebridge_core::events::relay(&app).await?;
            Ok(serde_json::to_value(report).unwrap_or_default())
        },
    )
    .await
}
