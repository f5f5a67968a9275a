//! Lambda entry point of `parts-escalation`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(parts_escalation::router).await
}
