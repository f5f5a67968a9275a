//! The template's functions: within API Gateway's limits, somewhere for every failure to
//! go, encrypted topics, no secret value anywhere.

use super::*;

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
        // An EventBridge rule's target retries, then dead-letters (photo-check).
        for (event, e) in props["Events"].as_object().into_iter().flatten() {
            if e["Type"] == "EventBridgeRule" {
                assert!(
                    !e["Properties"]["DeadLetterConfig"].is_null(),
                    "{name}'s {event} drops events that fail its retries"
                );
            }
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

/// Every function the template deploys is in the wiring table its `main.rs` reads, and
/// only those that render PDFs link the PDF stack.
#[test]
fn every_deployed_function_declares_the_ports_it_wires() {
    use casebridge_core::ports::{functions as wiring, Port};
    let deployed: BTreeSet<String> = functions(&template_json())
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let table: BTreeSet<String> = wiring::ALL.iter().map(|f| logical_id(f.name)).collect();
    assert_eq!(
        deployed, table,
        "template.yaml and the wiring table disagree"
    );
    for f in wiring::ALL {
        let manifest =
            std::fs::read_to_string(root().join("functions").join(f.name).join("Cargo.toml"))
                .unwrap_or_else(|e| panic!("{}: {e}", f.name));
        let links_pdf = manifest.contains("casebridge-lambda/transcripts");
        assert_eq!(
            links_pdf,
            f.ports.contains(&Port::Transcripts),
            "{}: the `transcripts` feature goes with the transcripts port",
            f.name
        );
    }
}

/// AWS's recommended alarms cover every function (failed-invocation rate, p99 duration,
/// throttles), every queue (its oldest failure) and the HTTP API, and the dashboard shows
/// them: `infra/scripts/alarms.py` writes them from the template, so a function or queue
/// added without running it fails here.
#[test]
fn the_recommended_alarms_cover_every_function_and_queue() {
    let python = cfn_lint().parent().unwrap().join("python");
    let check = Command::new(&python)
        .arg(root().join("infra/scripts/alarms.py"))
        .arg("--check")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} ({e})", python.display()));
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let t = template_json();
    let resources = t["Resources"].as_object().unwrap();
    let alarm = |name: &str| {
        let a = &resources.get(name).unwrap_or_else(|| panic!("no {name}"))["Properties"];
        assert_eq!(
            (
                &a["EvaluationPeriods"],
                &a["DatapointsToAlarm"],
                &a["TreatMissingData"]
            ),
            (
                &serde_json::json!(3),
                &serde_json::json!(2),
                &serde_json::json!("notBreaching")
            ),
            "{name}"
        );
        a.clone()
    };
    for (id, props) in functions(&t) {
        let stem = id.trim_end_matches("Function");
        let rate = alarm(&format!("{stem}ErrorRateAlarm"));
        assert!(rate["Metrics"][2]["Expression"]
            .as_str()
            .unwrap()
            .contains("errors / MAX([errors, invocations])"));
        let timeout_ms = props["Timeout"].as_u64().unwrap_or(15) * 1000;
        let duration = alarm(&format!("{stem}DurationAlarm"));
        assert_eq!(duration["ExtendedStatistic"], "p99");
        assert!(duration["Threshold"].as_u64().unwrap() < timeout_ms, "{id}");
        alarm(&format!("{stem}ThrottlesAlarm"));
    }
    for (id, r) in resources {
        if r["Type"] == "AWS::SQS::Queue" {
            let oldest = alarm(&format!("{id}OldestAlarm"));
            assert_eq!(oldest["MetricName"], "ApproximateAgeOfOldestMessage");
        }
    }
    alarm("HttpApi5xxRateAlarm");
    alarm("HttpApiLatencyAlarm");
    let dashboard = resources["OperationsDashboard"]["Properties"]["DashboardBody"].to_string();
    for shown in [
        "TextsFailed",
        "EmailsFailed",
        "PdfRenderTime",
        "DeadLettered",
        "5xx",
    ] {
        assert!(
            dashboard.contains(shown),
            "the dashboard does not show {shown}"
        );
    }
}
