//! Lambda entry point of `thread-close`: the table, the events topic, the bucket, the
//! dealers' secrets (connector signatures) and the PDF renderer, behind its router.

use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.blobs = aws.blobs();
            app.secrets = aws.secrets();
            app.transcripts = Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config());
            app
        },
        thread_close::router,
    )
    .await
}
