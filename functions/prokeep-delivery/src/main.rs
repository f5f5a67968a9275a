//! `prokeep-delivery`: on `parts.escalated` / `parts.reminder` (events topic, filtered),
//! posts the request to the group's Prokeep inbox. Transient failures fail the invocation
//! so Lambda retries; past the retries the event goes to the dead-letter queue.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_sns(|app, event| async move {
        casebridge::parts::deliver(&app, &event).await
    })
    .await
}
