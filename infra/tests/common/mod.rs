//! What the binaries' tests share: the two binaries, a fresh data folder, the CLI run with
//! it, and `casebridge-local` started on a free port (and killed by its PID when dropped).
#![allow(dead_code)] // each test binary uses its own subset

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const CLI: &str = env!("CARGO_BIN_EXE_casebridge");
pub const SERVER: &str = env!("CARGO_BIN_EXE_casebridge-local");

pub fn data_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("casebridge-bin-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn cli(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(CLI)
        .args(args)
        .env("CASEBRIDGE_DATA_DIR", dir)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// The server process; killed by its PID when dropped.
pub struct LocalServer {
    pub child: Child,
    pub url: String,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_server(dir: &Path) -> LocalServer {
    start_server_with(dir, &[])
}

pub fn start_server_with(dir: &Path, env: &[(&str, &Path)]) -> LocalServer {
    let (child, port) = casebridge_testkit::servers::spawn_on_own_port(
        Command::new(SERVER)
            .envs(env.iter().copied())
            .env("PORT", "0")
            .env("CASEBRIDGE_DATA_DIR", dir)
            .stdout(Stdio::null()),
        "listening on",
        Duration::from_secs(20),
    )
    .unwrap_or_else(|e| panic!("cannot start casebridge-local: {e}"));
    LocalServer {
        child,
        url: format!("http://127.0.0.1:{port}"),
    }
}
