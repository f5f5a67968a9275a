//! Lambda entry point of `procede-lookup`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(procede_lookup::router).await
}
