//! Lambda entry point of `prokeep-callback`: the table, the events topic and the dealers'
//! secrets (connector signatures), behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::PROKEEP_CALLBACK,
        prokeep_callback::router,
    )
    .await
}
