//! Lambda entry point of `thread-close`.

use casebridge::adapters::{aws_sdk_config, AwsClients};
use casebridge::config::AwsConfig;
use casebridge::App;

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::telemetry::init();
    let config = AwsConfig::from_env()?;
    let app = App::on_aws(&AwsClients::new(&aws_sdk_config().await), &config);
    lambda_http::run(lambda_http::service_fn(|req| {
        let app = &app;
        async move { Ok::<_, std::convert::Infallible>(thread_close::handle(app, req).await) }
    }))
    .await
}
