//! The embedded backend in the data folder (`CASEBRIDGE_DATA_DIR`, default `./.casebridge`):
//!
//! ```text
//! .casebridge/
//!   casebridge.sqlite3   the item store (same keys as the DynamoDB table)
//!   blobs/dealers/...    attachment files, one file per version
//!   local-secret         signs local JWTs and download links; made on first use
//!   outbox/prokeep.jsonl what would have been sent to Prokeep, one JSON object a line
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use casebridge::adapters::in_process::InProcessBus;
use casebridge::adapters::local_blobs::LocalBlobs;
use casebridge::adapters::prokeep_local::RecordingProkeep;
use casebridge::adapters::sqlite::SqliteStore;
use casebridge::config::LocalConfig;
use casebridge::ports::{Clock, SystemClock};
use casebridge::App;
use sha2::{Digest, Sha256};

pub struct LocalEnv {
    pub app: App,
    pub bus: Arc<InProcessBus>,
    pub blobs: Arc<LocalBlobs>,
    /// Verifies and signs local JWTs.
    pub jwt_secret: Vec<u8>,
    pub data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    #[error("data folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Store(#[from] casebridge::ports::StoreError),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> LocalError + '_ {
    move |source| LocalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads the local secret, creating it on first use. Two processes starting together both
/// end up with the same secret (create-new wins once, the other reads it).
pub fn local_secret(data_dir: &Path) -> Result<Vec<u8>, LocalError> {
    std::fs::create_dir_all(data_dir).map_err(io_err(data_dir))?;
    let path = data_dir.join("local-secret");
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => {
            let secret = format!(
                "{}{}",
                uuid::Uuid::new_v4().simple(),
                uuid::Uuid::new_v4().simple()
            );
            f.write_all(secret.as_bytes()).map_err(io_err(&path))?;
            Ok(secret.into_bytes())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            for _ in 0..50 {
                let s = std::fs::read(&path).map_err(io_err(&path))?;
                if !s.is_empty() {
                    return Ok(s);
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(LocalError::Io {
                path,
                source: std::io::Error::other("the secret file is empty"),
            })
        }
        Err(e) => Err(io_err(&path)(e)),
    }
}

/// What the local Prokeep adapter recorded as sent (`casebridge outbox prokeep`).
pub fn prokeep_outbox(data_dir: &Path) -> PathBuf {
    data_dir.join("outbox").join("prokeep.jsonl")
}

impl LocalEnv {
    pub fn open(config: &LocalConfig) -> Result<Self, LocalError> {
        let base_url = format!("http://127.0.0.1:{}", config.port);
        Self::open_at(&config.data_dir, &base_url)
    }

    /// `base_url` is where download links point (the local server's address).
    pub fn open_at(data_dir: &Path, base_url: &str) -> Result<Self, LocalError> {
        let jwt_secret = local_secret(data_dir)?;
        // Links get their own key, derived so one secret file serves both.
        let link_secret = Sha256::new()
            .chain_update(b"download-links\n")
            .chain_update(&jwt_secret)
            .finalize()
            .to_vec();
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let store = Arc::new(SqliteStore::open(
            &data_dir.join("casebridge.sqlite3"),
            clock.clone(),
        )?);
        let blobs = Arc::new(LocalBlobs::new(
            data_dir.join("blobs"),
            base_url,
            link_secret,
            clock.clone(),
        ));
        let bus = Arc::new(InProcessBus::new());
        let prokeep = Arc::new(RecordingProkeep::new(prokeep_outbox(data_dir)));
        let app = App::embedded(store, blobs.clone(), bus.clone(), prokeep, clock);
        Ok(LocalEnv {
            app,
            bus,
            blobs,
            jwt_secret,
            data_dir: data_dir.to_path_buf(),
        })
    }
}
