//! Logs: JSON lines through tracing-subscriber, level from `RUST_LOG` (default `info`).
//! In Lambda the runtime opens one span per invocation carrying the request id.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // A second init (tests) is harmless; ignore it.
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
