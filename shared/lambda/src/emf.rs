//! What a function counts ([`casebridge_core::measures`]), written to its log in CloudWatch's
//! Embedded Metric Format after each invocation: CloudWatch turns each line into metrics, with
//! no call to CloudWatch on the request's path. The namespace is the stack's
//! (`CASEBRIDGE_METRICS_NAMESPACE`), the dimension `Function` the function's name.

use std::sync::OnceLock;

use metrics_cloudwatch_embedded::Collector;

static COLLECTOR: OnceLock<&'static Collector> = OnceLock::new();

/// Installs the recorder once per execution environment and counts its cold start.
pub fn start(function: &str, namespace: &str) {
    let installed = metrics_cloudwatch_embedded::Builder::new()
        .cloudwatch_namespace(namespace.to_string())
        .with_dimension("Function", function.to_string())
        .init();
    match installed {
        Ok(collector) => {
            let _ = COLLECTOR.set(collector);
            casebridge_core::measures::describe();
            casebridge_core::measures::cold_start();
        }
        Err(e) => tracing::warn!(error = %e, "metrics are not recorded"),
    }
}

/// Writes what was counted since the last flush, one EMF document per line, to stdout
/// (where Lambda sends it to CloudWatch Logs).
pub fn flush() {
    if let Err(e) = flush_to(std::io::stdout().lock()) {
        tracing::warn!(error = %e, "metrics could not be written");
    }
}

/// [`flush`] into `out`.
pub fn flush_to(out: impl std::io::Write) -> std::io::Result<()> {
    match COLLECTOR.get() {
        Some(collector) => collector.flush(out),
        None => Ok(()),
    }
}

/// `call`, then [`flush`]: what one invocation counted leaves with it.
pub async fn flushed<T>(call: impl std::future::Future<Output = T>) -> T {
    let out = call.await;
    flush();
    out
}
