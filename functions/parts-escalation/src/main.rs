//! Lambda entry point of `parts-escalation`: the table and the events topic, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::PARTS_ESCALATION,
        parts_escalation::router,
    )
    .await
}
