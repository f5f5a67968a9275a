//! Lambda entry point of `contacts-api`: the table and the events topic, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        &casebridge_lambda::functions::CONTACTS_API,
        contacts_api::router,
    )
    .await
}
