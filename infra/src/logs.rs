//! Logs of the local binaries: JSON lines on stderr, level from `RUST_LOG` (default `info`),
//! one span per request (request id, route, dealer) as in Lambda.

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
