//! Lambda entry point of `mobile-page`: the table and the mobile-link key, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.links = aws.links();
            // An estimate version as a PDF.
            app.transcripts =
                std::sync::Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config());
            app
        },
        mobile_page::router,
    )
    .await
}
