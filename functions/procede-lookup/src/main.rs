//! Lambda entry point of `procede-lookup`: the table, the events topic and the Procede DMS, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::PROCEDE_LOOKUP,
        procede_lookup::router,
    )
    .await
}
