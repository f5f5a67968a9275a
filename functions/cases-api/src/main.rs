//! Lambda entry point of `cases-api`: the table, the events topic and download links to the
//! attachments bucket, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.blobs = aws.download_links();
            // An estimate version as a PDF.
            app.transcripts =
                std::sync::Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config());
            app
        },
        cases_api::router,
    )
    .await
}
