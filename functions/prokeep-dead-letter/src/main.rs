//! `prokeep-dead-letter`: consumes the delivery's dead-letter queue and shows each failed
//! delivery on its case, so nothing fails silently.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_dead_letters(
        &casebridge_lambda::functions::PROKEEP_DEAD_LETTER,
        |app, event, reason| async move {
            casebridge_core::parts::delivery_gave_up(&app, &event, &reason).await
        },
    )
    .await
}
