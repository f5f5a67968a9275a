//! Cold start of every function: process start to first event answered, against a loopback
//! stand-in of the Lambda Runtime API, median of 20 runs; once for an event answered without
//! I/O and once for one that reads DynamoDB (moto on 127.0.0.1; the mobile page also reads
//! its link key from Secrets Manager, once, on that first request).
//!
//! `bash bench/cold-start.sh` builds the functions with the `lambda` profile for this machine
//! and runs this with `CASEBRIDGE_FUNCTIONS_DIR` pointing at them. Options: `-- RUNS`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use casebridge_testkit::runtime_api::RuntimeApi;
use casebridge_testkit::{create_resources, Moto};
use serde_json::{json, Value};

/// An API Gateway HTTP API (v2) event.
fn http_event(method: &str, path: &str, claims: Option<Value>, headers: Value) -> String {
    let mut ctx = json!({
        "accountId": "123456789012", "apiId": "api", "domainName": "api.example.test",
        "domainPrefix": "api", "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
            "sourceIp": "127.0.0.1", "userAgent": "cold-start"},
        "requestId": "r1", "routeKey": format!("{method} {path}"), "stage": "$default",
        "time": "25/Nov/2026:10:00:00 +0000", "timeEpoch": 1795424400000i64
    });
    if let Some(c) = claims {
        ctx["authorizer"] = json!({"jwt": {"claims": c, "scopes": null}});
    }
    json!({"version": "2.0", "routeKey": format!("{method} {path}"), "rawPath": path,
        "rawQueryString": "", "headers": headers, "requestContext": ctx, "isBase64Encoded": false})
    .to_string()
}

fn advisor() -> Value {
    json!({"sub": "u1", "dealer_id": "d1", "role": "advisor"})
}

fn sns_event(message: &str) -> String {
    json!({"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
        "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:t:s",
        "Sns": {"Type": "Notification", "MessageId": "m1", "TopicArn": "arn:aws:sns:us-east-1:123456789012:t",
            "Subject": null, "Message": message, "Timestamp": "2026-11-25T10:00:00.000Z",
            "SignatureVersion": "1", "Signature": "x", "SigningCertUrl": "https://example.test/c.pem",
            "UnsubscribeUrl": "https://example.test/u", "MessageAttributes": {}}}]})
    .to_string()
}

fn domain_event(kind: &str, data: Value) -> String {
    json!({"id": "e1", "type": kind, "dealerId": "d1", "caseId": "c1",
        "occurredAt": "2026-11-25T10:00:00Z", "data": data})
    .to_string()
}

fn note_event() -> String {
    domain_event(
        "note.created",
        json!({"id": "n1", "caseId": "c1", "text": "hi", "visibility": "external",
            "source": "case", "author": {"name": "Ann"}, "createdAt": "2026-11-25T10:00:00Z"}),
    )
}

const LINK_SECRET: &str = "cold-start-link-secret-of-32-characters";

/// A mobile link token that passes the signature check (and is then looked up).
async fn signed_link() -> String {
    use casebridge_core::ports::LinkSigner;
    casebridge_core::ports::MobileLinks::new(LINK_SECRET.as_bytes().to_vec(), "")
        .token(&[7u8; 16])
        .await
        .unwrap_or_default()
}

/// (function, event answered without I/O, event that reads DynamoDB).
fn cases(link: &str) -> Vec<(&'static str, Option<String>, String)> {
    let no_headers = json!({});
    let dealer_header = json!({"x-casebridge-dealer": "d1", "x-casebridge-signature": "t=1,v1=00"});
    let http = |f: &'static str, method: &str, path: &str| {
        (
            f,
            Some(http_event(method, path, None, no_headers.clone())),
            http_event(method, path, Some(advisor()), no_headers.clone()),
        )
    };
    let connector = |f: &'static str, path: &str| {
        (
            f,
            Some(http_event("POST", path, None, no_headers.clone())),
            http_event("POST", path, None, dealer_header.clone()),
        )
    };
    let sqs = |body: String| {
        json!({"Records": [{"messageId": "q1", "receiptHandle": "h", "body": body,
            "attributes": {}, "messageAttributes": {}, "md5OfBody": "x",
            "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:q",
            "awsRegion": "us-east-1"}]})
        .to_string()
    };
    vec![
        http("cases-api", "GET", "/v1/cases/c1"),
        connector("thread-export", "/v1/prokeep/threads/t1/attachments"),
        connector("thread-close", "/v1/prokeep/threads/t1/close"),
        http("parts-escalation", "GET", "/v1/cases/c1/parts-requests"),
        connector("prokeep-callback", "/v1/prokeep/parts-requests/r1/events"),
        http("procede-lookup", "GET", "/v1/customers/cu1"),
        http("contacts-api", "GET", "/v1/cases/c1/contacts"),
        // The dealer is read before the role is refused.
        http("admin-api", "GET", "/v1/dealers/d1/connector-secrets"),
        (
            "mobile-page",
            Some(http_event("GET", "/m/forged", None, no_headers.clone())),
            // A link signed with the function's key: the page looks it up.
            http_event("GET", &format!("/m/{link}"), None, no_headers.clone()),
        ),
        (
            "case-notify",
            Some(sns_event(&domain_event("case.created", json!({})))),
            sns_event(&note_event()),
        ),
        (
            "prokeep-delivery",
            Some(sns_event(&note_event())),
            sns_event(&domain_event("parts.escalated", json!({"requestId": "r1"}))),
        ),
        (
            "prokeep-dead-letter",
            Some(sqs("not an SNS event".into())),
            sqs(sns_event(&domain_event(
                "parts.escalated",
                json!({"requestId": "r1"}),
            ))),
        ),
        (
            "sms-inbound",
            Some(sns_event("not a two-way SMS payload")),
            sns_event(
                &json!({"originationNumber": "+12145550101", "destinationNumber": "+12145550000",
                "messageBody": "hi", "inboundMessageId": "i1"})
                .to_string(),
            ),
        ),
        (
            "email-feedback",
            Some(sns_event("not an SES report")),
            sns_event(
                &json!({"eventType": "Delivery", "mail": {"messageId": "ses-1"},
                "delivery": {"recipients": ["jo@fleet.example"]}})
                .to_string(),
            ),
        ),
        (
            "delivery-failures",
            Some(sqs("not an on-failure record".into())),
            // case-notify gave up on a note: its sends are looked up (the case is unknown).
            sqs(json!({"requestContext": {"condition": "RetriesExhausted"},
                "requestPayload": serde_json::from_str::<Value>(&sns_event(&note_event())).unwrap_or_default(),
                "responsePayload": {"errorMessage": "SNS throttled"}})
            .to_string()),
        ),
        (
            "parts-reminder",
            None,
            json!({"source": "aws.scheduler"}).to_string(),
        ),
        (
            "outbox-relay",
            None,
            json!({"source": "aws.scheduler"}).to_string(),
        ),
    ]
}

async fn one_run(
    exe: &PathBuf,
    event: &str,
    moto: &Moto,
    topic: &str,
    link_secret_arn: &str,
) -> Result<Duration, String> {
    let api = RuntimeApi::start(event.to_string())
        .await
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut child = Command::new(exe)
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", api.addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "cold-start")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_FORMAT", "JSON")
        .env("AWS_LAMBDA_LOG_LEVEL", "ERROR")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("CASEBRIDGE_TABLE", "casebridge")
        .env("CASEBRIDGE_BUCKET", "casebridge-attachments")
        .env("CASEBRIDGE_EVENTS_TOPIC_ARN", topic)
        .env("CASEBRIDGE_LINK_SECRET_ARN", link_secret_arn)
        .env("CASEBRIDGE_SECRETS_PREFIX", "cold-start")
        .env("CASEBRIDGE_MOBILE_BASE_URL", "https://api.example.test")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    let answer = api.answer(Duration::from_secs(20)).await;
    let _ = child.kill();
    let _ = child.wait();
    match answer {
        Some(a) if a.kind == "init-error" => Err(format!("init error: {}", a.body)),
        Some(a) => Ok(a.at - start),
        None => Err("no answer within 20 s".into()),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(20);
    let dir = PathBuf::from(
        std::env::var("CASEBRIDGE_FUNCTIONS_DIR")
            .unwrap_or_else(|_| "target/x86_64-unknown-linux-gnu/lambda".into()),
    );
    let moto = Moto::start();
    let clients = moto.clients().await;
    let res = create_resources(&clients).await;
    let link_secret_arn = aws_sdk_secretsmanager::Client::new(&moto.sdk_config().await)
        .create_secret()
        .name("cold-start/link")
        .secret_string(LINK_SECRET)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e:?}"))
        .arn
        .unwrap_or_default();
    let link = signed_link().await;
    println!("cold start, process start to first event answered, median of {runs} runs");
    println!(
        "{:<22} {:>16} {:>18}",
        "function", "without I/O", "reads DynamoDB"
    );
    for (function, quiet, io) in cases(&link) {
        let exe = dir.join(function);
        let mut cells = Vec::new();
        for event in [quiet.as_deref(), Some(io.as_str())] {
            let Some(event) = event else {
                cells.push("—".to_string());
                continue;
            };
            let mut times = Vec::new();
            for _ in 0..runs {
                match one_run(&exe, event, &moto, &res.topic_arn, &link_secret_arn).await {
                    Ok(t) => times.push(t),
                    Err(e) => {
                        eprintln!("{function}: {e}");
                        break;
                    }
                }
            }
            cells.push(if times.len() == runs {
                ms(median(times))
            } else {
                "failed".into()
            });
        }
        println!("{:<22} {:>16} {:>18}", function, cells[0], cells[1]);
    }
}
