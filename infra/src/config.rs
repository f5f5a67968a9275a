//! What the local server and the dev CLI read from their environment.

use std::path::PathBuf;

use casebridge_core::config::{optional, ConfigError};

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
