//! `template.yaml` is valid (cfn-lint, offline) and declares exactly the routes the
//! functions — and so the local server — answer.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cfn_lint() -> PathBuf {
    std::env::var("CASEBRIDGE_CFN_LINT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            let venv = root().join(".tools/venv/bin/cfn-lint");
            if venv.exists() {
                venv
            } else {
                PathBuf::from("cfn-lint")
            }
        })
}

#[test]
fn cfn_lint_reports_no_errors_or_warnings() {
    let exe = cfn_lint();
    let out = Command::new(&exe)
        .arg(root().join("template.yaml"))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); run bash infra/scripts/test.sh, which installs it",
                exe.display()
            )
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("cfn-lint: exit {:?}\n{report}", out.status.code());
    assert!(out.status.success(), "cfn-lint found problems:\n{report}");
}

/// (function logical id, method, path) of every HttpApi event, read from the template text.
fn template_routes() -> BTreeSet<(String, String, String)> {
    let text = std::fs::read_to_string(root().join("template.yaml")).unwrap();
    let mut routes = BTreeSet::new();
    let (mut function, mut method) = (String::new(), None::<String>);
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if indent == 2 && t.ends_with(':') {
            function = t.trim_end_matches(':').to_string();
        } else if let Some(m) = t.strip_prefix("Method: ") {
            method = Some(m.to_string());
        } else if let Some(p) = t.strip_prefix("Path: ") {
            let m = method
                .take()
                .expect("Method comes before Path in each HttpApi event");
            routes.insert((function.clone(), m, p.to_string()));
        }
    }
    routes
}

fn logical_id(function: &str) -> String {
    // cases-api -> CasesApiFunction
    let mut id: String = function
        .split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect();
    id.push_str("Function");
    id
}

#[test]
fn every_template_route_is_served_locally_by_its_function_and_no_other() {
    let declared = template_routes();
    let served: BTreeSet<(String, String, String)> = casebridge_infra::server::FUNCTIONS
        .iter()
        .flat_map(|f| {
            f.routes
                .iter()
                .map(move |(m, p)| (logical_id(f.function), m.to_string(), p.to_string()))
        })
        .collect();
    assert!(!declared.is_empty());
    assert_eq!(
        declared, served,
        "template.yaml and the local server disagree"
    );
}
