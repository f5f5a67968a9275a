//! Lambda entry point of `prokeep-callback`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(prokeep_callback::router).await
}
