//! `photo-check`: EventBridge tells it of every object S3 created under an estimate photo's
//! key (the advisor's `PUT` on an upload link). Each is checked once — size, declared type,
//! first bytes — and shown to the customer or refused; a second upload on the same link
//! is ignored.

use casebridge_core::estimates;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_created_objects(
        &casebridge_lambda::functions::PHOTO_CHECK,
        |app, key| async move {
            let checked = estimates::check_upload(&app, &key).await?;
            tracing::info!(key = %key, checked = ?checked, "estimate photo checked");
            Ok(())
        },
    )
    .await
}
