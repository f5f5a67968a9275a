//! Lambda entry point of `mobile-page`: the table, the mobile-link key and links to the
//! estimates' photos in the attachments bucket, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::MOBILE_PAGE,
        mobile_page::router,
    )
    .await
}
