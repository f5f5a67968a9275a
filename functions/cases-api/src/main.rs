//! Lambda entry point of `cases-api`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(cases_api::router).await
}
