//! Lambda entry point of `contacts-api`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(contacts_api::router).await
}
