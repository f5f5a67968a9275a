//! Each SNS subscription filters exactly the events its handler takes; the documented
//! status filter is every case status.

use super::*;

/// (function logical id, event types) of every SNS subscription with a filter policy: the
/// `type` lists, block or inline, of the policy and of each of its `$or` branches.
fn filter_policies() -> BTreeMap<String, BTreeSet<String>> {
    let text = template_text();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let (mut function, mut in_types) = (String::new(), false);
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let t = line.trim();
        let key = t.strip_prefix("- ").unwrap_or(t);
        if indent == 2 && t.ends_with(':') {
            function = t.trim_end_matches(':').to_string();
            in_types = false;
        } else if let Some(types) = key.strip_prefix("type:") {
            let kinds = out.entry(function.clone()).or_default();
            let inline = types.trim().trim_start_matches('[').trim_end_matches(']');
            kinds.extend(
                inline
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_string),
            );
            in_types = inline.is_empty();
        } else if in_types {
            match t.strip_prefix("- ") {
                Some(kind) if !kind.contains(':') => {
                    out.entry(function.clone())
                        .or_default()
                        .insert(kind.to_string());
                }
                _ => in_types = false,
            }
        }
    }
    out
}

/// Case-notify acts on a note only when customers see it: its subscription lets an internal
/// note through to no one.
#[test]
fn an_internal_note_never_invokes_case_notify() {
    let text = template_text();
    let at = text.find("  CaseNotifyFunction:").unwrap();
    let policy = &text[at..][..text[at..].find("CaseNotifyLogs").unwrap()];
    assert!(
        policy.contains("- type: [note.created]\n                  visibility: [external]"),
        "{policy}"
    );
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
