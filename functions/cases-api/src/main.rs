//! Lambda entry point of `cases-api`: the table, the events topic and download links to the
//! attachments bucket, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(&casebridge_lambda::functions::CASES_API, cases_api::router)
        .await
}
