//! Lambda entry point of `estimate-pdf`: the table, the mobile-link key and the PDF
//! renderer, behind its router. The one function besides the transcripts' that links the
//! renderer, so the pages and the cases API stay small.

use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.links = aws.links();
            app.transcripts = Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config());
            app
        },
        estimate_pdf::router,
    )
    .await
}
