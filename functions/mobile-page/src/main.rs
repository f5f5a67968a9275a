//! Lambda entry point of `mobile-page`: the table and the mobile-link key, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.links = aws.links();
            app
        },
        mobile_page::router,
    )
    .await
}
