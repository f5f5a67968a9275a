//! Typed configuration, read once at start. A missing or malformed variable stops the
//! process with the variable's name; secrets are never printed.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("environment variable {name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

fn required(name: &'static str) -> Result<String, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError::Missing(name)),
    }
}

fn optional(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// What a Lambda function needs in AWS (set by `template.yaml`).
#[derive(Debug, Clone)]
pub struct AwsConfig {
    /// `CASEBRIDGE_TABLE`: the single DynamoDB table.
    pub table_name: String,
    /// `CASEBRIDGE_BUCKET`: the versioned bucket for attachments.
    pub bucket_name: String,
    /// `CASEBRIDGE_EVENTS_TOPIC_ARN`: where domain events are published.
    pub events_topic_arn: String,
    /// `CASEBRIDGE_PROKEEP_BASE_URL`: Prokeep's REST API (only the delivery function needs it).
    pub prokeep_base_url: Option<String>,
    /// `CASEBRIDGE_PROCEDE_BASE_URL`: the Procede DMS API (only `procede-lookup` needs it).
    pub procede_base_url: Option<String>,
    /// `CASEBRIDGE_SECRETS_PREFIX`: where the dealers' secrets are in Secrets Manager
    /// (`<prefix>/dealers/<dealer>`); set by the template to the stack's name.
    pub secrets_prefix: String,
    /// `CASEBRIDGE_LINK_SECRET_ARN`: the Secrets Manager secret that signs the links in texts
    /// (only `case-notify`, `sms-inbound` and the mobile page read it).
    pub link_secret_arn: Option<String>,
    /// `CASEBRIDGE_MOBILE_BASE_URL`: where those links point (the HTTP API's URL).
    pub mobile_base_url: Option<String>,
    /// `CASEBRIDGE_SES_CONFIGURATION_SET`: the SES configuration set emails are sent with
    /// (its event destination reports deliveries, bounces and complaints; `case-notify` only).
    pub ses_configuration_set: Option<String>,
}

impl AwsConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        Ok(AwsConfig {
            table_name: required("CASEBRIDGE_TABLE")?,
            bucket_name: required("CASEBRIDGE_BUCKET")?,
            events_topic_arn: required("CASEBRIDGE_EVENTS_TOPIC_ARN")?,
            prokeep_base_url: optional("CASEBRIDGE_PROKEEP_BASE_URL"),
            procede_base_url: optional("CASEBRIDGE_PROCEDE_BASE_URL"),
            secrets_prefix: optional("CASEBRIDGE_SECRETS_PREFIX")
                .unwrap_or_else(|| "casebridge".into()),
            link_secret_arn: optional("CASEBRIDGE_LINK_SECRET_ARN"),
            mobile_base_url: optional("CASEBRIDGE_MOBILE_BASE_URL"),
            ses_configuration_set: optional("CASEBRIDGE_SES_CONFIGURATION_SET"),
        })
    }
}

/// What the local server and the dev CLI share.
#[derive(Debug, Clone)]
pub struct LocalConfig {
    /// `PORT`, default 3000.
    pub port: u16,
    /// `CASEBRIDGE_DATA_DIR`, default `./.casebridge`.
    pub data_dir: PathBuf,
    /// `CASEBRIDGE_PROCEDE_FILE`: the local DMS file; default `infra/procede-sample.json`
    /// (the server falls back to the copy compiled into it when that path does not exist).
    pub procede_file: PathBuf,
}

pub const DEFAULT_PROCEDE_FILE: &str = "infra/procede-sample.json";

pub const DEFAULT_PORT: u16 = 3000;
pub const DEFAULT_DATA_DIR: &str = ".casebridge";

impl LocalConfig {
    pub fn from_env() -> Result<Self, ConfigError> {
        let port = match optional("PORT") {
            None => DEFAULT_PORT,
            Some(p) => p.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "PORT",
                reason: format!("{p:?} is not a port number"),
            })?,
        };
        let data_dir = optional("CASEBRIDGE_DATA_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
        let procede_file = optional("CASEBRIDGE_PROCEDE_FILE")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_PROCEDE_FILE));
        Ok(LocalConfig {
            port,
            data_dir,
            procede_file,
        })
    }
}

/// `CASEBRIDGE_FONTS_DIR`: where the transcript renderer finds its fallback faces (Noto Sans
/// SC, Noto Sans KR, Noto Emoji). In AWS the template points it at the fonts layer
/// (`/opt/fonts`); locally it defaults to where `infra/scripts/tools.sh` puts them, looked for
/// from the working directory up (tests, benches and fuzz targets run in a crate's folder).
pub fn transcript_fonts_dir() -> PathBuf {
    if let Some(dir) = optional("CASEBRIDGE_FONTS_DIR") {
        return PathBuf::from(dir);
    }
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            cwd.ancestors()
                .map(|dir| dir.join(DEFAULT_FONTS_DIR))
                .find(|candidate| candidate.is_dir())
        })
        .unwrap_or_else(|| PathBuf::from(DEFAULT_FONTS_DIR))
}

pub const DEFAULT_FONTS_DIR: &str = ".tools/transcript-fonts/fonts";

/// `CASEBRIDGE_SMS_UNREACHABLE`: numbers (E.164, comma-separated) the local SMS recorder
/// refuses as a carrier refuses a number it cannot reach — to try a failed text locally.
pub fn local_sms_unreachable() -> Vec<String> {
    optional("CASEBRIDGE_SMS_UNREACHABLE")
        .unwrap_or_default()
        .split(',')
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}
