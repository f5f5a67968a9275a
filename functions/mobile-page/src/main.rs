//! Lambda entry point of `mobile-page`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(mobile_page::router).await
}
