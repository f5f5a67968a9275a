//! Dealers' secrets locally: one JSON file per dealer under `<data>/secrets/dealers/`, the
//! folder mode 700 and each file mode 600, written whole (a new file renamed over the old),
//! so no other user of the machine reads them and no reader sees half a file.

use std::path::PathBuf;

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{DealerSecrets, SecretStore, StoreError};

pub struct FileSecrets {
    dir: PathBuf,
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("local secrets: {}", e.kind()))
}

impl FileSecrets {
    /// Secrets under `root` (the data folder's `secrets/`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FileSecrets {
            dir: root.into().join("dealers"),
        }
    }

    fn file(&self, dealer: &DealerId) -> PathBuf {
        // Dealer ids are [A-Za-z0-9_-]: safe as a file name.
        self.dir.join(format!("{dealer}.json"))
    }
}

#[cfg(unix)]
fn restrict(path: &std::path::Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_: &std::path::Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

#[async_trait]
impl SecretStore for FileSecrets {
    async fn dealer(&self, dealer: &DealerId) -> Result<DealerSecrets, StoreError> {
        match tokio::fs::read_to_string(self.file(dealer)).await {
            Ok(json) => DealerSecrets::from_document(&json),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(DealerSecrets::default()),
            Err(e) => Err(io(e)),
        }
    }

    async fn put_dealer(
        &self,
        dealer: &DealerId,
        secrets: &DealerSecrets,
    ) -> Result<(), StoreError> {
        let (dir, file) = (self.dir.clone(), self.file(dealer));
        let document = secrets.to_document();
        tokio::task::spawn_blocking(move || -> std::io::Result<()> {
            use std::io::Write;
            std::fs::create_dir_all(&dir)?;
            restrict(&dir, 0o700)?;
            if let Some(parent) = dir.parent() {
                restrict(parent, 0o700)?;
            }
            let tmp = file.with_extension(format!("json.{}", uuid::Uuid::new_v4().simple()));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut f = options.open(&tmp)?;
            f.write_all(document.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &file)
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("local secrets: {e}")))?
        .map_err(io)
    }
}
