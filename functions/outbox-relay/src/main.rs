//! `outbox-relay` (every minute): publishes events whose request died between commit and
//! publish.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_schedule(casebridge_lambda::store_and_events, |app| async move {
        let published = casebridge_core::events::relay(&app).await?;
        Ok(serde_json::json!({ "published": published }))
    })
    .await
}
