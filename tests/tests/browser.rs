//! The mobile Case in a real browser: an advisor builds an estimate on the local server and
//! asks a contact to approve it with the Quick Action; the contact's text carries a link,
//! which Chromium opens at phone size (390×844, Playwright, `tests/browser/mobile_case.py`):
//! the contact reads the notes, replies, approves, defers and declines a line each, and sees
//! the history, with axe-core finding nothing serious or critical on any page. Then the
//! advisor sees it all, revises one line, and only that line is asked again.
//!
//! `CASEBRIDGE_BROWSER_PYTHON` names the Python that has Playwright and axe
//! (`infra/scripts/test.sh` installs them and Debian's chromium); `CASEBRIDGE_SCREENSHOT`
//! saves the page's screenshot there (the README's is `tests/browser/mobile-case.png`).

mod common;

use std::path::PathBuf;

use casebridge_core::auth::Role;
use casebridge_infra::local::sms_outbox;
use reqwest::Method;
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

struct Advisor {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Advisor {
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }
}

/// The last link texted to `mobile`, once case-notify has sent it.
async fn link_texted_to(dir: &std::path::Path, mobile: &str) -> String {
    for _ in 0..100 {
        let texts = std::fs::read_to_string(sms_outbox(dir)).unwrap_or_default();
        let link = texts
            .lines()
            .rev()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|t| t["to"] == mobile && t["body"].as_str().unwrap_or("").contains("approval"))
            .filter_map(|t| {
                let body = t["body"].as_str()?.to_string();
                let at = body.find("http://")?;
                Some(body[at..].split_whitespace().next()?.to_string())
            })
            .next();
        if let Some(link) = link {
            return link;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("no text with a link reached {mobile}")
}

/// An 8×8 rust-red PNG: a photo Chromium draws.
const TYRE_PNG: [u8; 74] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b, 0x6d, 0x29,
    0xdc, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0xd8, 0x62, 0x23, 0x87,
    0x15, 0x31, 0x0c, 0x2d, 0x09, 0x00, 0x85, 0xce, 0x43, 0x81, 0x2e, 0xe5, 0x43, 0x85, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_manager_decides_an_estimate_on_a_phone() {
    // Given the local server with the demo data and an advisor of demo-dealer-1
    let common::DemoServer {
        dir,
        server: srv,
        token,
    } = common::demo_server("browser", Role::Advisor, "ann", "Ann Advisor").await;
    let ann = Advisor {
        http: casebridge_testkit::http_client(),
        base: srv.base_url.clone(),
        token,
    };

    // And a case with Jo Fleet invited and an external note
    let (s, case) = ann
        .call(
            Method::POST,
            "/v1/cases",
            Some(json!({"customer": {"name": "Jo Fleet Inc"}, "asset": {"unitNumber": "T-680"}})),
        )
        .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let mobile = "+12145550142";
    let (s, jo) = ann
        .call(
            Method::POST,
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Jo Fleet", "mobile": mobile, "smsOptIn": true})),
        )
        .await;
    assert_eq!(s, 201, "{jo}");
    let jo = jo["id"].as_str().unwrap().to_string();
    ann.call(
        Method::POST,
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": jo})),
    )
    .await;
    // (Bob, the driver, is invited too, but is not the one who approves)
    let bob_mobile = "+12145550143";
    let (_, bob) = ann
        .call(
            Method::POST,
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Bob Driver", "mobile": bob_mobile, "smsOptIn": true})),
        )
        .await;
    ann.call(
        Method::POST,
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": bob["id"]})),
    )
    .await;
    ann.call(
        Method::POST,
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Parts arrived, the brake job can start", "visibility": "external"})),
    )
    .await;

    // When Ann builds an estimate and asks Jo to approve it
    let (s, est) = ann.call(Method::POST, &format!("/v1/cases/{case}/estimates"), Some(json!({"lines": [
        {"kind": "labor", "description": "Brake job, front axle", "quantity": 2, "unitPriceCents": 60000},
        {"kind": "part", "description": "Tyres, steer axle", "quantity": 2, "unitPriceCents": 45000, "taxable": true},
        {"kind": "part", "description": "Wiper blades", "quantity": 2, "unitPriceCents": 1500, "taxable": true}
    ], "shopSuppliesCents": 2500, "taxCents": 7650}))).await;
    assert_eq!(s, 201, "{est}");
    let estimate = est["id"].as_str().unwrap().to_string();
    // With the technician's photo of the tyres (an 8×8 PNG, sent to its upload link)
    let (s, upload) = ann
        .call(
            Method::POST,
            &format!(
                "/v1/cases/{case}/estimates/{estimate}/lines/{}/photos",
                est["lines"][1]["id"].as_str().unwrap()
            ),
            Some(json!({"caption": "Bulge on the left steer tyre"})),
        )
        .await;
    assert_eq!(s, 201, "{upload}");
    let put = ann
        .http
        .put(upload["uploadUrl"].as_str().unwrap())
        .header("content-type", "image/png")
        .body(TYRE_PNG.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status().as_u16(), 200);
    let (s, moved) = ann
        .call(
            Method::POST,
            &format!("/v1/cases/{case}/quick-actions"),
            Some(json!({"action": "request_approval", "estimateId": estimate, "contactIds": [jo]})),
        )
        .await;
    assert_eq!(s, 200, "{moved}");

    // Then Jo's text carries a link (Bob, not asked, gets none), and on a phone Jo reads,
    // replies and decides
    let link = link_texted_to(&dir, mobile).await;
    let outbox = std::fs::read_to_string(sms_outbox(&dir)).unwrap();
    assert!(
        outbox.lines().any(|l| l.contains(mobile)
            && l.contains("#1004")
            && l.contains("estimate for $2,231.50 is ready for your approval.")),
        "{outbox}"
    );
    assert!(
        !outbox
            .lines()
            .any(|l| l.contains(bob_mobile) && l.contains("approval")),
        "{outbox}"
    );
    let screenshot = std::env::var("CASEBRIDGE_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| dir.join("mobile-case.png"));
    run_browser(&[
        root().join("tests/browser/mobile_case.py").into_os_string(),
        link.clone().into(),
        screenshot.clone().into_os_string(),
    ])
    .await;
    assert!(
        std::fs::metadata(&screenshot).unwrap().len() > 10_000,
        "no screenshot"
    );

    // And Ann sees Jo's decisions from the phone, the reply, and the approved total
    let base = format!("/v1/cases/{case}/estimates/{estimate}");
    let (_, history) = ann
        .call(Method::GET, &format!("{base}/history"), None)
        .await;
    let decisions = history["decisions"].as_array().unwrap();
    let mut said: Vec<(&str, &str)> = decisions
        .iter()
        .map(|d| {
            (
                d["status"].as_str().unwrap(),
                d["channel"].as_str().unwrap(),
            )
        })
        .collect();
    // (Lines chosen one by one are recorded before those "approve all" covers.)
    said.sort();
    assert_eq!(
        said,
        [
            ("approved", "mobile"),
            ("declined", "mobile"),
            ("deferred", "mobile")
        ]
    );
    assert!(decisions.iter().all(|d| d["userAgent"]
        .as_str()
        .is_some_and(|u| u.contains("Chrome"))));
    assert!(
        decisions
            .iter()
            .all(|d| d["authorisation"]["approver"] == "Jo Fleet"
                && d["authorisation"]["poNumber"] == "PO-4471"
                && d["authorisation"]["statement"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("I authorise Demo Truck Center Dallas"))),
        "{history}"
    );
    let (_, notes) = ann
        .call(Method::GET, &format!("/v1/cases/{case}/notes"), None)
        .await;
    let texts: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert!(
        texts.contains(&"Thanks, go ahead with the brakes"),
        "{notes}"
    );
    assert!(
        texts.contains(
            &"Jo Fleet approved 1 line, deferred 1, declined 1 \u{2014} $1,225.00 approved; PO PO-4471"
        ),
        "{notes}"
    );

    // When Ann revises the tyre price and asks again, only the tyres are asked about
    let (_, current) = ann.call(Method::GET, &base, None).await;
    let mut lines: Vec<Value> = current["lines"].as_array().unwrap().iter().map(|l| json!({
        "id": l["id"], "kind": l["kind"], "description": l["description"], "quantity": l["quantity"],
        "unitPriceCents": l["unitPriceCents"], "taxable": l["taxable"]})).collect();
    lines[1]["unitPriceCents"] = json!(42000);
    let (s, _) = ann
        .call(
            Method::PUT,
            &base,
            Some(json!({"lines": lines, "shopSuppliesCents": 2500, "taxCents": 7200})),
        )
        .await;
    assert_eq!(s, 200);
    ann.call(
        Method::POST,
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": estimate, "contactIds": [jo]})),
    )
    .await;
    let (_, history) = ann
        .call(Method::GET, &format!("{base}/history"), None)
        .await;
    assert_eq!(
        history["versions"][1]["askedLineIds"],
        json!([current["lines"][1]["id"]])
    );
    // And Jo is texted about version 2
    let mut asked_again = false;
    for _ in 0..100 {
        let outbox = std::fs::read_to_string(sms_outbox(&dir)).unwrap_or_default();
        asked_again = outbox
            .lines()
            .any(|l| l.contains(mobile) && l.contains("estimate version 2"));
        if asked_again {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(asked_again, "Jo was not asked about version 2");
    srv.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// The four seed workflows, walked in the reference console by clicking (Playwright,
/// `tests/browser/console_walks.py`, Chromium at 1280×800 and the customer's phone), with
/// axe-core finding no violation on any page. `CASEBRIDGE_SCREENSHOT_DIR` keeps the case
/// page, SEARCH and the counter's inbox (the README's are in `tests/browser/`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_seed_workflows_are_walked_in_the_console_by_clicking() {
    use casebridge_infra::{demo, local, server};
    // Given the local server with the demo data, over a DMS file the walk may change
    let dir = std::env::temp_dir().join(format!("casebridge-walks-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let env = local::LocalEnv::open_at(&dir, "http://127.0.0.1:9").unwrap();
    demo::seed(&env.app).await.unwrap();
    drop(env);
    let dms = dir.join("procede.json");
    std::fs::copy(root().join("infra/procede-sample.json"), &dms).unwrap();
    let srv = server::spawn_over_dms(&dir, &dms).await.unwrap();
    let shots = std::env::var("CASEBRIDGE_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| dir.clone());
    // When a person walks each workflow in Chromium
    let report = run_browser(&[
        root()
            .join("tests/browser/console_walks.py")
            .into_os_string(),
        srv.base_url.clone().into(),
        dir.clone().into_os_string(),
        dms.into_os_string(),
        shots.clone().into_os_string(),
    ])
    .await;
    // Then every step did what the seed says, and the screenshots are there
    for shot in [
        "console-case.png",
        "console-search.png",
        "console-inbox.png",
    ] {
        let size = std::fs::metadata(shots.join(shot)).map_or(0, |m| m.len());
        assert!(size > 10_000, "no {shot}:\n{report}");
    }
    srv.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the browser Python with `args`; its output, after asserting it succeeded.
async fn run_browser(args: &[std::ffi::OsString]) -> String {
    let python = std::env::var("CASEBRIDGE_BROWSER_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join(".tools/browser-venv/bin/python"));
    let out = tokio::process::Command::new(&python)
        .args(args)
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} ({e}); run bash infra/scripts/test.sh, which installs it",
                python.display()
            )
        });
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{report}");
    assert!(out.status.success(), "the browser run failed:\n{report}");
    report
}
