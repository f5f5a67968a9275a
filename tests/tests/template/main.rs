//! `template.yaml` is valid (cfn-lint, offline) and agrees with the code: its HTTP events are
//! exactly the routes the functions' routers declare (and `openapi.json` documents), on the
//! function that serves them, with the JWT authorizer exactly where the route declares the
//! bearer scheme; each events subscription's filter policy lists exactly the event kinds
//! its handler takes. `openapi.json` is the document the routers generate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::Command;

mod functions;
mod routes;
mod subscriptions;

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
    // With the serverless rules: on-failure destinations, redrive policies, log retention.
    let out = Command::new(&exe)
        .args(["--append-rules", "cfn_lint_serverless.rules", "--"])
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

/// The template as JSON, decoded by cfn-lint's own reader (it knows the `!Ref` tags).
fn template_json() -> serde_json::Value {
    let python = cfn_lint()
        .parent()
        .map(|bin| bin.join("python"))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("python3"));
    let out = Command::new(&python)
        .args([
            "-c",
            "import json, sys; from cfnlint.decode import decode; print(json.dumps(decode(sys.argv[1])[0]))",
        ])
        .arg(root().join("template.yaml"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e})", python.display()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn functions(t: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Serverless::Function")
        .map(|(k, r)| (k.clone(), r["Properties"].clone()))
        .collect()
}

fn event_types(props: &serde_json::Value) -> Vec<String> {
    props["Events"]
        .as_object()
        .map(|e| {
            e.values()
                .filter_map(|v| v["Type"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// One `HttpApi` event of the template.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct HttpEvent {
    function: String,
    method: String,
    path: String,
    /// `Auth: Authorizer: NONE` (no JWT authorizer on this route).
    open: bool,
}

fn template_text() -> String {
    std::fs::read_to_string(root().join("template.yaml")).unwrap()
}

/// Every HttpApi event, read from the template text (resources are indented 2, events 8).
fn template_http_events() -> Vec<HttpEvent> {
    let text = template_text();
    let mut events: Vec<HttpEvent> = Vec::new();
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
            events.push(HttpEvent {
                function: function.clone(),
                method: m,
                path: p.to_string(),
                open: false,
            });
        } else if t == "Authorizer: NONE" {
            if let Some(last) = events.last_mut() {
                last.open = true;
            }
        }
    }
    events
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

/// Each HTTP function and the routes its router declares (the local server's list).
fn function_documents() -> Vec<(&'static str, utoipa::openapi::OpenApi)> {
    casebridge_infra::server::functions()
        .into_iter()
        .map(|(function, routes)| {
            let doc = casebridge_http::openapi::complete(routes.into_openapi());
            (function.name, doc)
        })
        .collect()
}
