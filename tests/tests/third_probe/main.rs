//! The third probe's findings (issue 20), one scenario each: who may decide an estimate, what
//! reaches an email header, what the decision's audit trusts, lists and bodies that slipped
//! past their limits, tokens for dealers that do not exist, and the local server's own edges
//! (its stand-in routes, slow clients). Storage-touching ones run on both backends.

#[path = "../common/mod.rs"]
mod common;

use base64::Engine;
use casebridge_infra::local::{local_route_token, local_secret, LOCAL_TOKEN_HEADER};
use casebridge_infra::server;
use casebridge_testkit::{as_user, parts, raw_request, request, seed_dealers, TestBackend};
use common::{advisor, api, assert_refused, user};
use serde_json::json;
use sha2::Digest;

mod deciding;
mod input;
mod local_routes;

const JO: &str = "+12145550123";

const DAVE: &str = "+12145550124";

/// A d1 case whose primary contact is Jo and whose driver is Dave (both recipients), and an
/// estimate of two lines; answers (case, Jo, Dave, estimate, line ids).
async fn case_with_jo_dave_and_an_estimate(
    b: &TestBackend,
) -> (String, String, String, String, Vec<String>) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({
            "customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-680"},
            "contacts": [
                {"name": "Jo Fleet", "mobile": JO, "smsOptIn": true, "caseRole": "primary"},
                {"name": "Dave Driver", "mobile": DAVE, "smsOptIn": true, "caseRole": "driver"},
            ],
        })),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let id = |i: usize| case["contacts"][i]["id"].as_str().unwrap().to_string();
    let (jo, dave) = (id(0), id(1));
    let case = case["id"].as_str().unwrap().to_string();
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000},
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500},
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let lines = est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (
        case,
        jo,
        dave,
        est["id"].as_str().unwrap().to_string(),
        lines,
    )
}

async fn link(b: &TestBackend, case: &str, contact: &str) -> String {
    casebridge_testkit::fixtures::mobile_link_token(&b.app, case, contact).await
}

/// A form post from the page, from `ip` as the gateway saw it, claiming another address in
/// `X-Forwarded-For`.
async fn post_form(b: &TestBackend, path: &str, body: &str, ip: &str) -> (u16, String) {
    let mut req = casebridge_testkit::form_request(path, body);
    req.headers_mut()
        .insert("x-forwarded-for", "203.0.113.66".parse().unwrap());
    req.headers_mut()
        .insert("user-agent", "Mobile Safari".parse().unwrap());
    req.extensions_mut()
        .insert(casebridge_http::ClientIp(ip.to_string()));
    let r = casebridge_testkit::send(api(&b.app), req).await;
    (r.status().as_u16(), r.text())
}

async fn get_page(b: &TestBackend, token: &str) -> String {
    let r =
        casebridge_testkit::send(api(&b.app), request("GET", &format!("/m/{token}"), None)).await;
    assert_eq!(r.status(), 200);
    r.text()
}
