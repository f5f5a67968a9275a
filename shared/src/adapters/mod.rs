//! Adapters: the ports on real technology, one file each.
//!
//! | port          | AWS                      | embedded (local server, tests)      |
//! |---------------|--------------------------|-------------------------------------|
//! | item store    | [`dynamodb::DynamoStore`]| [`sqlite::SqliteStore`]             |
//! | blob store    | [`s3::S3Blobs`]          | [`local_blobs::LocalBlobs`]         |
//! | event bus     | [`sns::SnsEvents`]       | [`in_process::InProcessBus`] + outbox |
//! | Procede DMS   | [`procede_http::ProcedeHttp`] | [`procede_file::ProcedeFile`] |
//! | SMS sender    | [`sns_sms::SnsSms`]      | [`sms_local::RecordingSms`]         |
//! | Prokeep inbox | [`prokeep_rest::ProkeepRest`] | [`prokeep_local::RecordingProkeep`] |

pub mod dynamodb;
pub mod in_process;
pub mod jsonl;
pub mod local_blobs;
pub mod procede_file;
pub mod procede_http;
pub mod prokeep_local;
pub mod prokeep_rest;
pub mod s3;
pub mod sms_local;
pub mod sns;
pub mod sns_sms;
pub mod sqlite;

use std::sync::Arc;

use crate::config::AwsConfig;
use crate::ports::{Clock, SystemClock, UuidV7Ids};
use crate::App;

/// Installs aws-lc-rs (which the AWS SDK already links) as the process's rustls crypto
/// provider, which reqwest needs before it builds a client. Safe to call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// The AWS SDK configuration from the environment (credentials, region, and
/// `AWS_ENDPOINT_URL` when pointed at a local AWS-protocol server).
pub async fn aws_sdk_config() -> aws_config::SdkConfig {
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

impl App {
    /// Production wiring: DynamoDB, S3 and SNS.
    pub fn on_aws(clients: &AwsClients, config: &AwsConfig) -> App {
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
                Some(s) => crate::sms::links::MobileLinks::new(
                    s.clone().into_bytes(),
                    config.mobile_base_url.clone().unwrap_or_default(),
                ),
                None => crate::sms::links::MobileLinks::unconfigured(),
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
        }
    }
}
