//! Lambda entry point of `thread-export`: its router behind lambda_http.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(|mut app| {
        app.transcripts = std::sync::Arc::new(casebridge_transcripts_pdf::PdfTranscripts);
        thread_export::router(app)
    })
    .await
}
