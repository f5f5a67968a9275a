//! The Procede DMS locally: a JSON array of customer records in a file
//! (`CASEBRIDGE_PROCEDE_FILE`), re-read whenever the file changes.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use async_trait::async_trait;

use casebridge_core::ports::{ProcedeAccount, ProcedeDms, ProcedeError};
use casebridge_core::procede::{DmsCustomer, Prepared, Query};

/// The file's modification time and length when it was read, and what it held.
type Loaded = (Option<SystemTime>, u64, Arc<Prepared>);

pub struct ProcedeFile {
    path: PathBuf,
    /// Used when the file does not exist (the sample compiled into the local server).
    fallback: Option<&'static [u8]>,
    loaded: Mutex<Option<Loaded>>,
}

impl ProcedeFile {
    pub fn new(path: impl Into<PathBuf>, fallback: Option<&'static [u8]>) -> Self {
        ProcedeFile {
            path: path.into(),
            fallback,
            loaded: Mutex::new(None),
        }
    }

    fn current(&self) -> Result<Arc<Prepared>, ProcedeError> {
        let meta = std::fs::metadata(&self.path).ok();
        let stamp = (
            meta.as_ref().and_then(|m| m.modified().ok()),
            meta.as_ref().map_or(0, |m| m.len()),
        );
        let mut loaded = self.loaded.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((modified, len, set)) = loaded.as_ref() {
            if (*modified, *len) == stamp {
                return Ok(set.clone());
            }
        }
        let bytes = match (std::fs::read(&self.path), self.fallback) {
            (Ok(b), _) => b,
            (Err(_), Some(sample)) if meta.is_none() => sample.to_vec(),
            (Err(e), _) => {
                return Err(ProcedeError::Unavailable(format!(
                    "DMS file {}: {e}",
                    self.path.display()
                )))
            }
        };
        let records: Vec<DmsCustomer> = serde_json::from_slice(&bytes).map_err(|e| {
            ProcedeError::Unavailable(format!(
                "DMS file {} is not a JSON array of customers: {e}",
                self.path.display()
            ))
        })?;
        let set = Arc::new(Prepared::new(records));
        *loaded = Some((stamp.0, stamp.1, set.clone()));
        Ok(set)
    }
}

#[async_trait]
impl ProcedeDms for ProcedeFile {
    async fn candidates(
        &self,
        _account: &ProcedeAccount,
        _query: &Query,
    ) -> Result<Arc<Prepared>, ProcedeError> {
        self.current()
    }

    async fn customer(
        &self,
        _account: &ProcedeAccount,
        procede_id: &str,
    ) -> Result<Option<DmsCustomer>, ProcedeError> {
        Ok(self.current()?.get(procede_id).cloned())
    }
}
