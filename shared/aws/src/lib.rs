//! casebridge's ports on AWS and on the partners' HTTP APIs, one file per technology.
//!
//! | port          | adapter                                   |
//! |---------------|-------------------------------------------|
//! | item store    | [`dynamodb::DynamoStore`]                 |
//! | blob store    | [`s3::S3Blobs`]; download links alone: [`s3_links::S3Links`] |
//! | event bus     | [`sns::SnsEvents`]                        |
//! | SMS sender    | [`sns_sms::SnsSms`]                       |
//! | email sender  | [`ses_email::SesEmail`]                   |
//! | Prokeep inbox | [`prokeep_rest::ProkeepRest`]             |
//! | Procede DMS   | [`procede_http::ProcedeHttp`]             |
//!
//! The embedded counterparts are in `casebridge-embedded`; one conformance suite holds the
//! two to the same behaviour. [`Aws`] is what a function's `main.rs` wires from.

pub mod config;
pub mod dynamodb;
pub mod procede_http;
pub mod prokeep_rest;
pub mod s3;
pub mod s3_links;
pub mod secrets_manager;
pub mod ses_email;
pub mod sns;
pub mod sns_sms;

use std::sync::Arc;

use casebridge_core::ports::MobileLinks;
use casebridge_core::ports::{
    BlobStore, Clock, EmailSender, ProcedeDms, ProkeepApi, SecretStore, SmsSender, SystemClock,
    Unwired, UuidV7Ids,
};
use casebridge_core::App;
use config::AwsConfig;

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

/// What a Lambda function's `main.rs` wires its App from: the SDK configuration and the
/// typed config, read once. [`Aws::app`] wires the ports every function uses (the table and
/// the events topic); a function adds the others it needs ([`Aws::blobs`], [`Aws::sms`], [`Aws::email`],
/// [`Aws::email`], [`Aws::prokeep`], [`Aws::procede`], [`Aws::links`]), so it neither links nor starts the
/// clients it does not use.
pub struct Aws {
    pub sdk: aws_config::SdkConfig,
    pub config: AwsConfig,
    pub clock: Arc<dyn Clock>,
}

impl Aws {
    /// Reads the environment once; a missing variable fails naming it.
    pub async fn from_env() -> Result<Aws, casebridge_core::config::ConfigError> {
        let config = AwsConfig::from_env()?;
        Ok(Aws {
            sdk: sdk_config().await,
            config,
            clock: Arc::new(SystemClock),
        })
    }

    /// DynamoDB and the events topic; every other port unwired.
    pub fn app(&self) -> App {
        App {
            store: Arc::new(dynamodb::DynamoStore::new(
                aws_sdk_dynamodb::Client::new(&self.sdk),
                &self.config.table_name,
                self.clock.clone(),
            )),
            blobs: Arc::new(Unwired),
            events: Arc::new(sns::SnsEvents::new(
                aws_sdk_sns::Client::new(&self.sdk),
                &self.config.events_topic_arn,
            )),
            clock: self.clock.clone(),
            ids: Arc::new(UuidV7Ids),
            prokeep: Arc::new(Unwired),
            procede: Arc::new(Unwired),
            sms: Arc::new(Unwired),
            email: Arc::new(Unwired),
            links: Arc::new(MobileLinks::unconfigured()),
            secrets: Arc::new(Unwired),
            transcripts: Arc::new(Unwired),
            onboarded: Default::default(),
        }
    }

    /// The attachments bucket (S3).
    pub fn blobs(&self) -> Arc<dyn BlobStore> {
        Arc::new(s3::S3Blobs::new(
            s3_client(&self.sdk),
            &self.config.bucket_name,
        ))
    }

    /// Download links to the attachments bucket, without the S3 client (a function that
    /// only hands out links).
    pub fn download_links(&self) -> Arc<dyn BlobStore> {
        match s3_links::S3Links::new(&self.sdk, &self.config.bucket_name) {
            Ok(links) => Arc::new(links),
            Err(e) => {
                tracing::error!(error = %e, "download links cannot be signed");
                Arc::new(Unwired)
            }
        }
    }

    /// Texts through SNS `Publish` to a phone.
    pub fn sms(&self) -> Arc<dyn SmsSender> {
        Arc::new(sns_sms::SnsSms::new(aws_sdk_sns::Client::new(&self.sdk)))
    }

    /// Emails through SES v2, with the configuration set `CASEBRIDGE_SES_CONFIGURATION_SET`.
    pub fn email(&self) -> Arc<dyn EmailSender> {
        Arc::new(ses_email::SesEmail::new(
            aws_sdk_sesv2::Client::new(&self.sdk),
            self.config.ses_configuration_set.clone(),
        ))
    }

    /// The dealers' secrets in Secrets Manager (`CASEBRIDGE_SECRETS_PREFIX`).
    pub fn secrets(&self) -> Arc<dyn SecretStore> {
        Arc::new(secrets_manager::SecretsManagerStore::new(
            aws_sdk_secretsmanager::Client::new(&self.sdk),
            &self.config.secrets_prefix,
        ))
    }

    /// Signs and checks mobile links: the key is the `CASEBRIDGE_LINK_SECRET_ARN` secret,
    /// read once when a link is first signed or checked; links point at
    /// `CASEBRIDGE_MOBILE_BASE_URL`.
    pub fn links(&self) -> Arc<MobileLinks> {
        let base = self.config.mobile_base_url.clone().unwrap_or_default();
        let Some(arn) = self.config.link_secret_arn.clone() else {
            return Arc::new(MobileLinks::unconfigured());
        };
        let client = aws_sdk_secretsmanager::Client::new(&self.sdk);
        let fetch: casebridge_core::ports::KeyFetch = Box::new(move || {
            let (client, arn) = (client.clone(), arn.clone());
            Box::pin(async move {
                let key = secrets_manager::read_secret_string(&client, &arn).await?;
                Ok(key.into_bytes())
            })
        });
        Arc::new(MobileLinks::fetched(fetch, base))
    }

    /// Prokeep's REST API (`CASEBRIDGE_PROKEEP_BASE_URL`).
    pub fn prokeep(&self) -> Arc<dyn ProkeepApi> {
        match &self.config.prokeep_base_url {
            Some(url) => {
                match prokeep_rest::ProkeepRest::new(url, std::time::Duration::from_secs(10)) {
                    Ok(p) => Arc::new(p),
                    Err(_) => Arc::new(prokeep_rest::ProkeepNotConfigured),
                }
            }
            None => Arc::new(prokeep_rest::ProkeepNotConfigured),
        }
    }

    /// The Procede DMS API (`CASEBRIDGE_PROCEDE_BASE_URL`).
    pub fn procede(&self) -> Arc<dyn ProcedeDms> {
        match &self.config.procede_base_url {
            Some(url) => {
                match procede_http::ProcedeHttp::new(url, std::time::Duration::from_secs(5)) {
                    Ok(p) => Arc::new(p),
                    Err(_) => Arc::new(procede_http::ProcedeNotConfigured),
                }
            }
            None => Arc::new(procede_http::ProcedeNotConfigured),
        }
    }
}

/// Path-style addressing works with every S3-compatible endpoint, AWS included.
fn s3_client(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(sdk)
        .force_path_style(sdk.endpoint_url().is_some())
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// The AWS clients, built once from one SDK config (tests wire every port).
pub struct AwsClients {
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub s3: aws_sdk_s3::Client,
    pub sns: aws_sdk_sns::Client,
    pub sesv2: aws_sdk_sesv2::Client,
}

impl AwsClients {
    pub fn new(sdk: &aws_config::SdkConfig) -> Self {
        AwsClients {
            dynamodb: aws_sdk_dynamodb::Client::new(sdk),
            s3: s3_client(sdk),
            sns: aws_sdk_sns::Client::new(sdk),
            sesv2: aws_sdk_sesv2::Client::new(sdk),
        }
    }
}
