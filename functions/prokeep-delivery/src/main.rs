//! `prokeep-delivery`: on `parts.escalated` / `parts.reminder` (events topic, filtered),
//! posts the request to the group's Prokeep inbox. Transient failures fail the invocation
//! so Lambda retries; past the retries the event goes to the dead-letter queue.

use casebridge_core::parts;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_events(
        parts::DELIVERY_HANDLES,
        &casebridge_lambda::functions::PROKEEP_DELIVERY,
        |app, event, budget| async move { parts::deliver(&app, &event, budget).await },
    )
    .await
}
