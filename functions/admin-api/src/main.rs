//! Lambda entry point of `admin-api`: the table, the events topic and the dealers' secrets
//! (the one HTTP function that writes them), behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(&casebridge_lambda::functions::ADMIN_API, admin_api::router)
        .await
}
