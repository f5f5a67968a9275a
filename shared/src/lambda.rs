//! Lambda entry points: what every function's `main.rs` would otherwise repeat — logs,
//! typed config read once, the AWS clients, then the runtime loop.

use std::future::Future;

use crate::adapters::{aws_sdk_config, AwsClients};
use crate::config::AwsConfig;
use crate::http::Response;
use crate::App;

impl App {
    /// The production App from the function's environment (fails naming a missing variable).
    pub async fn from_aws_env() -> Result<App, crate::config::ConfigError> {
        let config = AwsConfig::from_env()?;
        Ok(App::on_aws(
            &AwsClients::new(&aws_sdk_config().await),
            &config,
        ))
    }
}

/// Serves an HTTP API function: every request goes to `handler` with the wired App.
pub async fn serve_http<H, F>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(App, lambda_http::Request) -> F,
    F: Future<Output = Response> + Send,
{
    crate::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_http::run(lambda_http::service_fn(|req| {
        let response = handler(app.clone(), req);
        async move { Ok::<_, std::convert::Infallible>(response.await) }
    }))
    .await
}
