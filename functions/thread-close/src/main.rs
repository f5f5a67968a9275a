//! Lambda entry point of `thread-close`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(|mut app| {
        app.transcripts = std::sync::Arc::new(casebridge_transcripts_pdf::PdfTranscripts);
        thread_close::router(app)
    })
    .await
}
