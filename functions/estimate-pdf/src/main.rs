//! Lambda entry point of `estimate-pdf`: the table, the mobile-link key and the PDF
//! renderer, behind its router. The one function besides the transcripts' that links the
//! renderer, so the pages and the cases API stay small.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::ESTIMATE_PDF,
        estimate_pdf::router,
    )
    .await
}
