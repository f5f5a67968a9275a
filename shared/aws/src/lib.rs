//! casebridge's ports on AWS and on the partners' HTTP APIs, one file per technology.
//!
//! | port          | adapter                                   |
//! |---------------|-------------------------------------------|
//! | item store    | [`dynamodb::DynamoStore`]                 |
//! | blob store    | [`s3::S3Blobs`]                           |
//! | event bus     | [`sns::SnsEvents`]                        |
//! | SMS sender    | [`sns_sms::SnsSms`]                       |
//! | Prokeep inbox | [`prokeep_rest::ProkeepRest`]             |
//! | Procede DMS   | [`procede_http::ProcedeHttp`]             |
//!
//! The embedded counterparts are in `casebridge-embedded`; one conformance suite holds the
//! two to the same behaviour.

pub mod dynamodb;
pub mod procede_http;
pub mod prokeep_rest;
pub mod s3;
pub mod sns;
pub mod sns_sms;

use std::sync::Arc;

use casebridge_core::config::AwsConfig;
use casebridge_core::ports::{Clock, NoTranscripts, SystemClock, UuidV7Ids};
use casebridge_core::sms::links::MobileLinks;
use casebridge_core::App;

/// Installs aws-lc-rs (which the AWS SDK already links) as the process's rustls crypto
/// provider, which reqwest needs before it builds a client. Safe to call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// The AWS SDK configuration from the environment (credentials, region, and
/// `AWS_ENDPOINT_URL` when pointed at a local AWS-protocol server).
pub async fn sdk_config() -> aws_config::SdkConfig {
    aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await
}

/// The three AWS clients, built once from one SDK config.
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sns: aws_sdk_sns::Client,
}

impl AwsClients {
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        // Path-style addressing works with every S3-compatible endpoint, AWS included.
        let s3 = aws_sdk_s3::config::Builder::from(sdk)
            .force_path_style(sdk.endpoint_url().is_some())
            .build();
        AwsClients {
            dynamodb: aws_sdk_dynamodb::Client::new(sdk),
            s3: aws_sdk_s3::Client::from_conf(s3),
            sns: aws_sdk_sns::Client::new(sdk),
        }
    }
}

/// Production wiring: DynamoDB, S3 and SNS, the partners over HTTP where configured. The
/// transcript renderer is not wired here: the two transcript functions add it.
pub fn app(clients: &AwsClients, config: &AwsConfig) -> App {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    App {
        store: Arc::new(dynamodb::DynamoStore::new(
            clients.dynamodb.clone(),
            &config.table_name,
            clock.clone(),
        )),
        blobs: Arc::new(s3::S3Blobs::new(clients.s3.clone(), &config.bucket_name)),
        events: Arc::new(sns::SnsEvents::new(
            clients.sns.clone(),
            &config.events_topic_arn,
        )),
        clock,
        ids: Arc::new(UuidV7Ids),
        prokeep: match &config.prokeep_base_url {
            Some(url) => {
                match prokeep_rest::ProkeepRest::new(url, std::time::Duration::from_secs(10)) {
                    Ok(p) => Arc::new(p),
                    Err(_) => Arc::new(prokeep_rest::ProkeepNotConfigured),
                }
            }
            None => Arc::new(prokeep_rest::ProkeepNotConfigured),
        },
        sms: Arc::new(sns_sms::SnsSms::new(clients.sns.clone())),
        links: Arc::new(match &config.link_secret {
            Some(s) => MobileLinks::new(
                s.clone().into_bytes(),
                config.mobile_base_url.clone().unwrap_or_default(),
            ),
            None => MobileLinks::unconfigured(),
        }),
        procede: match &config.procede_base_url {
            Some(url) => {
                match procede_http::ProcedeHttp::new(url, std::time::Duration::from_secs(5)) {
                    Ok(p) => Arc::new(p),
                    Err(_) => Arc::new(procede_http::ProcedeNotConfigured),
                }
            }
            None => Arc::new(procede_http::ProcedeNotConfigured),
        },
        transcripts: Arc::new(NoTranscripts),
    }
}

/// The production App from the function's environment (fails naming a missing variable).
pub async fn app_from_env() -> Result<App, casebridge_core::config::ConfigError> {
    let config = AwsConfig::from_env()?;
    Ok(app(&AwsClients::new(&sdk_config().await), &config))
}
