//! Lambda entry point of `prokeep-callback`: the table and the events topic, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        casebridge_lambda::store_and_events,
        prokeep_callback::router,
    )
    .await
}
