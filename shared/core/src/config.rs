//! Reading configuration from the environment, once at start: the one error type and the
//! two readers every process uses. What each process reads lives with it: the Lambda
//! functions' in `casebridge-aws` (`AwsConfig`), the local server's in `casebridge-infra`
//! (`LocalConfig`), the fonts directory in `casebridge-transcripts-pdf`. A missing or
//! malformed variable stops the process with the variable's name; secrets are never printed.

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("environment variable {0} is not set")]
    Missing(&'static str),
    #[error("environment variable {name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// A variable that must be set (and not blank).
pub fn required(name: &'static str) -> Result<String, ConfigError> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ConfigError::Missing(name)),
    }
}

/// A variable that may be set; blank counts as not set.
pub fn optional(name: &'static str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}
