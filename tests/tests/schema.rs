//! The API against its own document: schemathesis reads `GET /openapi.json` from the local
//! server (started here on 127.0.0.1, demo data loaded) and sends what the document allows
//! and what it forbids, as a Case dealer admin and as the dealer's Prokeep connector
//! (`tests/schemathesis/hooks.py` signs the connector's requests).
//!
//! Every check schemathesis has runs (`--checks all`): no 5xx, every answer as documented
//! (status, content type, headers, body schema), invalid input refused, auth enforced,
//! deleted things gone. `tests/schemathesis/schemathesis.toml` says which answers a
//! schema-valid request may still get, and why.
//!
//! `CASEBRIDGE_SCHEMATHESIS` names the `st` executable (`infra/scripts/test.sh` installs a
//! pinned one into `.tools/schema-venv`); `CASEBRIDGE_SCHEMATHESIS_EXAMPLES` and
//! `CASEBRIDGE_SCHEMATHESIS_SEED` make a longer or a different run (`bench/schemathesis.sh`).

use std::path::PathBuf;

mod common;

use casebridge_core::auth::Role;
use casebridge_infra::{demo, server};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn schemathesis() -> PathBuf {
    std::env::var("CASEBRIDGE_SCHEMATHESIS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join(".tools/schema-venv/bin/st"))
}

fn setting(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_operation_answers_as_its_document_says() {
    // Given the local server with the demo data, a dealer admin of demo-dealer-1 and that
    // dealer's connector secret: every operation of the document
    let operations = casebridge_http::openapi::operations(&server::openapi()).len();
    run_schemathesis(Role::DealerAdmin, None, operations).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administration_routes_answer_as_documented_for_a_platform_admin() {
    // Given a platform admin (a dealer admin only reaches their 403s): the administration
    // routes, all tagged `admin`
    let admin = casebridge_http::openapi::operations(&admin_api::routes().into_openapi()).len();
    assert!(admin >= 9, "{admin}");
    run_schemathesis(Role::PlatformAdmin, Some("admin"), admin).await;
}

/// Runs schemathesis against the local server's own document as `role` (only the
/// operations tagged `tag`, if given) and checks it found nothing and reached `operations`.
async fn run_schemathesis(role: Role, tag: Option<&str>, operations: usize) {
    let common::DemoServer {
        dir,
        server: srv,
        token,
    } = common::demo_server("schema", role, "schema-user", "Dana Admin").await;

    // When schemathesis works through the operations of the document the server serves
    let exe = schemathesis();
    let mut cmd = tokio::process::Command::new(&exe);
    // schemathesis keeps what it finds in `.schemathesis/` of its working folder.
    cmd.current_dir(&dir)
        .env("PYTHONPATH", root().join("tests/schemathesis"))
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("CASEBRIDGE_CONNECTOR_DEALER", demo::DEALER_1)
        .env(
            "CASEBRIDGE_CONNECTOR_SECRET",
            demo::demo_connector_secret(demo::DEALER_1),
        )
        .arg("--config-file")
        .arg(root().join("tests/schemathesis/schemathesis.toml"))
        .args(["run", &format!("{}/openapi.json", srv.base_url)])
        .args(["--checks", "all", "--no-color", "--report-dir"])
        .arg(dir.join("report"))
        .args([
            "--max-examples",
            &setting("CASEBRIDGE_SCHEMATHESIS_EXAMPLES", "25"),
        ])
        .args(["--seed", &setting("CASEBRIDGE_SCHEMATHESIS_SEED", "1")])
        .args(["-H", &format!("Authorization: Bearer {token}")]);
    if let Some(tag) = tag {
        cmd.args(["--include-tag", tag]);
    }
    let out = cmd.output().await.unwrap_or_else(|e| {
        panic!(
            "cannot run {} ({e}); run bash infra/scripts/test.sh, which installs it",
            exe.display()
        )
    });
    srv.stop().await.unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: Vec<&str> = report
        .lines()
        .skip_while(|l| !l.contains("SUMMARY"))
        .collect();
    println!("{}", summary.join("\n"));

    // Then it finds nothing: no server error, no answer the document does not describe
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{report}"
    );
    assert!(
        report.contains(&format!("Tested: {operations}")),
        "schemathesis did not reach all {operations} operations:\n{report}"
    );
    let cases = report
        .lines()
        .find(|l| l.contains(" generated, "))
        .unwrap_or_else(|| panic!("no test case count in:\n{report}"));
    let generated: usize = cases.split_whitespace().next().unwrap().parse().unwrap();
    assert!(generated > 0, "{cases}");
    assert!(
        cases.contains(&format!("{generated} generated, {generated} passed")),
        "{cases}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
