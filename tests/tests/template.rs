//! `template.yaml` is valid (cfn-lint, offline) and agrees with the code: its HTTP events are
//! exactly the routes the functions' routers declare (and `openapi.json` documents), on the
//! function that serves them, with the JWT authorizer exactly where the route declares the
//! bearer scheme; each events subscription's filter policy lists exactly the event kinds
//! its handler takes. `openapi.json` is the document the routers generate.

use std::collections::{BTreeMap, BTreeSet};
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

#[test]
fn http_functions_answer_within_api_gateways_integration_limit() {
    let t = template_json();
    let default = t["Globals"]["Function"]["Timeout"].as_u64().unwrap();
    for (name, props) in functions(&t) {
        if event_types(&props).iter().any(|e| e == "HttpApi") {
            let timeout = props["Timeout"].as_u64().unwrap_or(default);
            assert!(
                timeout <= 29,
                "{name} may run {timeout} s behind a 30 s API"
            );
        }
    }
}

#[test]
fn every_asynchronous_function_has_somewhere_for_failures_to_go() {
    let t = template_json();
    for (name, props) in functions(&t) {
        if event_types(&props).iter().any(|e| e == "SNS") {
            let on_failure =
                !props["EventInvokeConfig"]["DestinationConfig"]["OnFailure"].is_null();
            let dead_letters = !props["DeadLetterQueue"].is_null();
            assert!(
                on_failure || dead_letters,
                "{name} drops events that fail its retries"
            );
        }
    }
    // and each such queue is read by a function and alarmed on
    let text = template_text();
    for queue in [
        "ProkeepDeliveryDeadLetters",
        "CaseNotifyFailures",
        "SmsInboundFailures",
        "EmailFeedbackFailures",
    ] {
        let readers = functions(&t)
            .iter()
            .filter(|(_, p)| {
                p["Events"].as_object().is_some_and(|e| {
                    e.values()
                        .any(|v| v["Properties"]["Queue"]["Fn::GetAtt"][0] == queue)
                })
            })
            .count();
        assert_eq!(readers, 1, "{queue} has no consumer");
        assert!(
            text.contains(&format!("!GetAtt {queue}.QueueName")),
            "{queue} has no alarm"
        );
    }
}

#[test]
fn topics_are_encrypted_with_the_key_alarms_and_sms_may_use() {
    let t = template_json();
    let resources = t["Resources"].as_object().unwrap();
    for (name, r) in resources {
        if r["Type"] == "AWS::SNS::Topic" {
            assert_eq!(
                r["Properties"]["KmsMasterKeyId"],
                serde_json::json!({"Ref": "TopicsKey"}),
                "{name}"
            );
        }
    }
    let policy = serde_json::to_string(&resources["TopicsKey"]["Properties"]["KeyPolicy"]).unwrap();
    assert!(
        policy.contains("cloudwatch.amazonaws.com") && policy.contains("sms-voice.amazonaws.com")
    );
    let two_way = serde_json::to_string(&resources["TwoWaySmsTopicPolicy"]).unwrap();
    assert!(two_way.contains("sms-voice.amazonaws.com") && two_way.contains("sns:Publish"));
}

#[test]
fn no_secret_value_is_in_the_template_or_an_environment() {
    let t = template_json();
    assert!(
        t["Parameters"]["LinkSecret"].is_null(),
        "the link key is a secret, not a parameter"
    );
    for (name, props) in functions(&t)
        .into_iter()
        .chain([("Globals".to_string(), t["Globals"]["Function"].clone())])
    {
        if let Some(vars) = props["Environment"]["Variables"].as_object() {
            for key in vars.keys() {
                let fine =
                    !key.contains("SECRET") || key.ends_with("_ARN") || key.ends_with("_PREFIX");
                assert!(fine, "{name} has {key} in its environment");
            }
        }
        // Secrets Manager reads are limited to the dealers' secrets and the link key.
        let policies = serde_json::to_string(&props["Policies"]).unwrap_or_default();
        if policies.contains("secretsmanager:") {
            assert!(
                !policies.contains("secretsmanager:*") && !policies.contains("secret:*"),
                "{name}: {policies}"
            );
        }
    }
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

/// Each HTTP function crate and the routes its router declares.
fn function_documents() -> Vec<(&'static str, utoipa::openapi::OpenApi)> {
    use casebridge_http::openapi::complete;
    vec![
        ("cases-api", complete(cases_api::routes().into_openapi())),
        (
            "thread-export",
            complete(thread_export::routes().into_openapi()),
        ),
        (
            "thread-close",
            complete(thread_close::routes().into_openapi()),
        ),
        (
            "parts-escalation",
            complete(parts_escalation::routes().into_openapi()),
        ),
        (
            "prokeep-callback",
            complete(prokeep_callback::routes().into_openapi()),
        ),
        (
            "procede-lookup",
            complete(procede_lookup::routes().into_openapi()),
        ),
        (
            "contacts-api",
            complete(contacts_api::routes().into_openapi()),
        ),
        (
            "mobile-page",
            complete(mobile_page::routes().into_openapi()),
        ),
        ("admin-api", complete(admin_api::routes().into_openapi())),
    ]
}

#[test]
fn every_template_route_is_served_by_its_function_and_no_other() {
    let declared: BTreeSet<(String, String, String)> = template_http_events()
        .into_iter()
        .map(|e| (e.function, e.method, e.path))
        .collect();
    let served: BTreeSet<(String, String, String)> = function_documents()
        .iter()
        .flat_map(|(function, doc)| {
            casebridge_http::openapi::operations(doc)
                .into_iter()
                .map(move |(m, p)| (logical_id(function), m, p))
        })
        .collect();
    assert!(!declared.is_empty());
    assert_eq!(declared, served, "template.yaml and the routers disagree");
}

/// Each function's serving router (built without its documentation) answers every route
/// its documented routes declare, and nothing routes to a 404 or 405 that the document has.
#[tokio::test]
async fn every_documented_route_is_served_by_the_functions_router() {
    let b = casebridge_testkit::TestBackend::embedded();
    let routers: Vec<(&str, axum::Router)> = vec![
        ("cases-api", cases_api::router(b.app.clone())),
        ("thread-export", thread_export::router(b.app.clone())),
        ("thread-close", thread_close::router(b.app.clone())),
        ("parts-escalation", parts_escalation::router(b.app.clone())),
        ("prokeep-callback", prokeep_callback::router(b.app.clone())),
        ("procede-lookup", procede_lookup::router(b.app.clone())),
        ("contacts-api", contacts_api::router(b.app.clone())),
        ("mobile-page", mobile_page::router(b.app.clone())),
        ("admin-api", admin_api::router(b.app.clone())),
    ];
    let docs = function_documents();
    for ((name, router), (doc_name, doc)) in routers.into_iter().zip(docs) {
        assert_eq!(name, doc_name);
        for (method, path) in casebridge_http::openapi::operations(&doc) {
            let concrete: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "x1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let reply = casebridge_testkit::send(
                router.clone(),
                casebridge_testkit::request(&method, &concrete, None),
            )
            .await;
            // Routing misses answer problem+json saying "route …"; a handler may answer a page
            // (the mobile routes), which means it was reached.
            let status = reply.status().as_u16();
            let body: serde_json::Value =
                serde_json::from_slice(&reply.body).unwrap_or(serde_json::Value::Null);
            let unrouted = status == 405
                || (status == 404 && body["detail"].as_str().unwrap_or("").starts_with("route "));
            assert!(
                !unrouted,
                "{name}: {method} {path} is not served: {status} {body}"
            );
        }
    }
}

#[test]
fn the_jwt_authorizer_guards_exactly_the_routes_that_declare_a_bearer_token() {
    let doc = casebridge_infra::server::openapi();
    for e in template_http_events() {
        let security = casebridge_http::openapi::security_of(&doc, &e.method, &e.path);
        let bearer = security
            .as_ref()
            .is_some_and(|s| s.iter().any(|n| n == casebridge_http::openapi::BEARER));
        assert_eq!(
            !e.open,
            bearer,
            "{} {}: the template's authorizer and the route's declared security disagree ({security:?})",
            e.method,
            e.path
        );
    }
}

#[test]
fn openapi_json_is_the_document_the_routers_declare() {
    let generated = casebridge_http::openapi::to_file(&casebridge_infra::server::openapi());
    let path = root().join("openapi.json");
    if std::env::var_os("CASEBRIDGE_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "openapi.json is not what the routers declare; regenerate it with \
         `cargo run -q -p casebridge-infra --bin casebridge -- openapi > openapi.json`"
    );
    let doc: serde_json::Value = serde_json::from_str(&checked_in).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

#[test]
fn openapi_json_documents_exactly_the_template_routes() {
    let doc = casebridge_infra::server::openapi();
    let documented: BTreeSet<(String, String)> = casebridge_http::openapi::operations(&doc)
        .into_iter()
        .collect();
    let declared: BTreeSet<(String, String)> = template_http_events()
        .into_iter()
        .map(|e| (e.method, e.path))
        .collect();
    assert_eq!(documented, declared);
}

/// (function logical id, event types) of every SNS subscription with a filter policy.
fn filter_policies() -> BTreeMap<String, BTreeSet<String>> {
    let text = template_text();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (mut function, mut in_types) = (String::new(), false);
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        if indent == 2 && t.ends_with(':') {
            function = t.trim_end_matches(':').to_string();
            in_types = false;
        } else if t == "type:" {
            in_types = true;
            out.entry(function.clone()).or_default();
        } else if in_types {
            match t.strip_prefix("- ") {
                Some(kind) => {
                    out.entry(function.clone())
                        .or_default()
                        .insert(kind.to_string());
                }
                None => in_types = false,
            }
        }
    }
    out
}

#[test]
fn each_subscription_filters_exactly_the_events_its_handler_takes() {
    use casebridge_core::events::EventKind;
    let names = |kinds: &[EventKind]| -> BTreeSet<String> {
        kinds.iter().map(|k| k.as_str().to_string()).collect()
    };
    let expected: BTreeMap<String, BTreeSet<String>> = [
        (
            "CaseNotifyFunction".to_string(),
            names(casebridge_core::notifications::NOTIFY_HANDLES),
        ),
        (
            "ProkeepDeliveryFunction".to_string(),
            names(casebridge_core::parts::DELIVERY_HANDLES),
        ),
    ]
    .into_iter()
    .collect();
    let known: BTreeSet<String> = names(EventKind::ALL);
    let policies = filter_policies();
    for (function, kinds) in &policies {
        let unknown: Vec<&String> = kinds.difference(&known).collect();
        assert!(
            unknown.is_empty(),
            "{function} filters on unknown event types {unknown:?}"
        );
    }
    assert_eq!(policies, expected);
}

#[test]
fn the_documented_case_status_filter_is_every_case_status() {
    // The filter's pattern is written out in the route's declaration; it must name exactly
    // the statuses a case can be in.
    let doc: serde_json::Value = serde_json::from_str(&casebridge_http::openapi::to_file(
        &casebridge_infra::server::openapi(),
    ))
    .unwrap();
    let params = doc["paths"]["/v1/cases"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let status = params.iter().find(|p| p["name"] == "status").unwrap();
    let pattern = status["schema"]["pattern"].as_str().unwrap();
    let listed: BTreeSet<&str> = pattern
        .trim_start_matches("^(")
        .trim_end_matches(")?$")
        .split('|')
        .collect();
    // Every status, and `active` (every status but closed; issue 21)
    let statuses: BTreeSet<&str> = casebridge_core::cases::CaseStatus::ALL
        .iter()
        .map(|s| s.as_str())
        .chain(["active"])
        .collect();
    assert_eq!(listed, statuses);
}

#[test]
fn the_readme_prints_the_permissions_table_the_code_enforces() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table = casebridge_core::auth::permissions::table_markdown();
    assert!(
        readme.contains(&table),
        "README.md must carry the permissions table as the code has it:\n{table}"
    );
}
