//! Lambda entry point of `estimate-photos`: the table and the attachments bucket (upload
//! links, the check of a photo still waiting, removal), behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.blobs = aws.blobs();
            app
        },
        estimate_photos::router,
    )
    .await
}
