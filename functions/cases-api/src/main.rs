//! Lambda entry point of `cases-api`: the table, the events topic and the attachments bucket, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.blobs = aws.blobs();
            app
        },
        cases_api::router,
    )
    .await
}
