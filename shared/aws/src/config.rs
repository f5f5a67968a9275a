//! What a Lambda function reads from its environment in AWS (set by `template.yaml`).

use casebridge_core::config::{optional, required, ConfigError};

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
    /// `CASEBRIDGE_METRICS_NAMESPACE`: the CloudWatch namespace of what the functions count
    /// (the template sets `casebridge/<stack>`; `casebridge` without it).
    pub metrics_namespace: String,
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
            metrics_namespace: optional("CASEBRIDGE_METRICS_NAMESPACE")
                .unwrap_or_else(|| casebridge_core::measures::NAMESPACE.into()),
        })
    }
}
