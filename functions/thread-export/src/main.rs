//! Lambda entry point of `thread-export`: the table, the events topic, the bucket, the
//! dealers' secrets (connector signatures) and the PDF renderer, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::THREAD_EXPORT,
        thread_export::router,
    )
    .await
}
