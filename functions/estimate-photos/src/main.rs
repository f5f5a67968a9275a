//! Lambda entry point of `estimate-photos`: the table and the attachments bucket (upload
//! links, the check of a photo still waiting, removal), behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::ESTIMATE_PHOTOS,
        estimate_photos::router,
    )
    .await
}
