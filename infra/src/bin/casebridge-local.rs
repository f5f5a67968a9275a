//! `casebridge-local`: the whole product on 127.0.0.1 (`PORT`, default 3000; 0 picks one) with state in
//! `CASEBRIDGE_DATA_DIR` (default `./.casebridge`). No cloud account needed.

use std::process::ExitCode;

use casebridge_infra::config::LocalConfig;
use casebridge_infra::local::LocalEnv;
use casebridge_infra::server;

#[tokio::main]
async fn main() -> ExitCode {
    casebridge_infra::logs::init();
    let config = match LocalConfig::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("casebridge-local: {e}");
            return ExitCode::from(2);
        }
    };
    let (listener, addr) = match server::bind(config.port).await {
        Ok(bound) => bound,
        Err(e) => {
            eprintln!(
                "casebridge-local: cannot listen on 127.0.0.1:{}: {e}",
                config.port
            );
            return ExitCode::FAILURE;
        }
    };
    // Bound first, so `PORT=0` works: links in texts point at the port actually taken.
    let env = match LocalEnv::open_with(
        &config.data_dir,
        &format!("http://{addr}"),
        &config.procede_file,
    ) {
        Ok(env) => env,
        Err(e) => {
            eprintln!("casebridge-local: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "casebridge-local listening on http://{addr} (data in {})",
        config.data_dir.display()
    );
    match server::serve(listener, env, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("casebridge-local: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}
