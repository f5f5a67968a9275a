//! Load against the local server (`bench/load.sh` starts it, runs this, stops it): clients
//! mixing an advisor's reads and writes of cases, notes and estimates, Case customer searches
//! and the customer's page, for a bounded time. Then every note a client was told was created
//! is looked for. Prints requests/s, p50 / p99 per route and the errors, as JSON and a table.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};

#[derive(Parser)]
struct Args {
    /// The local server (loopback only).
    #[arg(long)]
    base: String,
    /// A bearer token of an advisor of the dealer.
    #[arg(long)]
    token: String,
    /// The local server's SMS recorder (where the approval texts' links are read).
    #[arg(long)]
    sms_outbox: std::path::PathBuf,
    #[arg(long, default_value_t = 32)]
    clients: usize,
    #[arg(long, default_value_t = 60)]
    seconds: u64,
    #[arg(long, default_value_t = 20)]
    cases: usize,
}

/// One case the clients work on.
#[derive(Clone)]
struct Fixture {
    case: String,
    estimate: String,
    link: String,
}

struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let url = format!("{}{path}", self.base);
        let mut req = self
            .http
            .request(method.parse().expect("method"), url)
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(b);
        }
        match req.send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                let bytes = r.bytes().await.unwrap_or_default();
                (
                    status,
                    serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                )
            }
            Err(_) => (0, Value::Null),
        }
    }

    async fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (s, v) = self.send(method, path, body.as_ref()).await;
        assert!((200..300).contains(&s), "{method} {path}: {s} {v}");
        v
    }
}

const NAMES: [&str; 5] = [
    "Johnson Tires",
    "Denver Logistics",
    "Acme Haulage",
    "Rio Freight",
    "Lone Star Fleet",
];

/// `args.cases` cases, each with a contact asked to approve its estimate, and the links the
/// approval texts carried.
async fn fixtures(c: &Client, args: &Args) -> Vec<Fixture> {
    let mut made = Vec::new();
    for i in 0..args.cases {
        made.push(case_awaiting_approval(c, i).await);
    }
    let links = approval_links(&args.sms_outbox, made.len()).await;
    for (f, link) in made.iter_mut().zip(links.iter().cycle()) {
        f.link = link.clone();
    }
    made
}

/// A case with a contact asked to approve its estimate (its link comes by text).
async fn case_awaiting_approval(c: &Client, i: usize) -> Fixture {
    let case = c
        .must(
            "POST",
            "/v1/cases",
            Some(
                json!({"customer": {"name": format!("{} {i}", NAMES[i % NAMES.len()])},
            "asset": {"unitNumber": format!("T-{i}")}}),
            ),
        )
        .await["id"]
        .as_str()
        .expect("case id")
        .to_string();
    let contact = c
        .must(
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Jo Fleet",
            "mobile": format!("+1214555{:04}", 1000 + i), "smsOptIn": true})),
        )
        .await["id"]
        .clone();
    c.must(
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": contact})),
    )
    .await;
    let estimate = c
        .must("POST", &format!("/v1/cases/{case}/estimates"), Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2.0, "unitPriceCents": 60000}]})))
        .await["id"]
        .as_str()
        .expect("estimate id")
        .to_string();
    c.must(
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({
        "action": "request_approval", "estimateId": estimate, "contactIds": [contact]})),
    )
    .await;
    Fixture {
        case,
        estimate,
        link: String::new(),
    }
}

/// The customer's links in the texts recorded so far, once there are `wanted` (case-notify
/// runs beside the request) or 30 s have passed.
async fn approval_links(sms_outbox: &std::path::Path, wanted: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let texts = std::fs::read_to_string(sms_outbox).unwrap_or_default();
        let links: Vec<String> = texts
            .lines()
            .filter_map(|l| l.split("/m/").nth(1))
            .map(|t| {
                format!(
                    "/m/{}",
                    t.split(|c: char| c == '"' || c.is_whitespace())
                        .next()
                        .unwrap_or("")
                )
            })
            .collect();
        if links.len() >= wanted || Instant::now() > deadline {
            assert!(
                !links.is_empty(),
                "no approval text reached {}",
                sms_outbox.display()
            );
            return links;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// What the clients saw: latencies per route, errors, and the notes they were told exist.
#[derive(Default)]
struct Seen {
    latencies: BTreeMap<&'static str, Vec<f64>>,
    errors: BTreeMap<String, usize>,
    notes: Vec<(String, String)>,
}

async fn one_request(c: &Client, f: &Fixture, n: u64) -> (&'static str, u16, Option<String>) {
    let pick = fastrand::u32(0..100);
    let (route, method, path, body) = match pick {
        0..25 => (
            "GET /v1/cases/{caseId}",
            "GET",
            format!("/v1/cases/{}", f.case),
            None,
        ),
        25..40 => (
            "GET /v1/cases/{caseId}/notes",
            "GET",
            format!("/v1/cases/{}/notes", f.case),
            None,
        ),
        40..55 => (
            "POST /v1/cases/{caseId}/notes",
            "POST",
            format!("/v1/cases/{}/notes", f.case),
            Some(json!({"text": format!("Load note {n}")})),
        ),
        55..65 => (
            "GET /v1/cases?status=open",
            "GET",
            "/v1/cases?status=open".into(),
            None,
        ),
        65..75 => (
            "GET /v1/customers?q=",
            "GET",
            format!(
                "/v1/customers?q={}",
                NAMES[n as usize % NAMES.len()]
                    .split(' ')
                    .next()
                    .unwrap_or("")
            ),
            None,
        ),
        75..85 => (
            "GET /v1/cases/{caseId}/estimates/{estimateId}",
            "GET",
            format!("/v1/cases/{}/estimates/{}", f.case, f.estimate),
            None,
        ),
        _ => ("GET /m/{token}", "GET", f.link.clone(), None),
    };
    let (status, v) = c.send(method, &path, body.as_ref()).await;
    let created =
        (method == "POST" && status == 201).then(|| v["id"].as_str().unwrap_or("").to_string());
    (route, status, created)
}

async fn run(c: Arc<Client>, fixtures: Arc<Vec<Fixture>>, until: Instant, seen: Arc<Mutex<Seen>>) {
    let mut n = 0u64;
    while Instant::now() < until {
        n += 1;
        let f = &fixtures[fastrand::usize(..fixtures.len())];
        let started = Instant::now();
        let (route, status, created) = one_request(&c, f, n).await;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let mut s = seen.lock().unwrap_or_else(|e| e.into_inner());
        s.latencies.entry(route).or_default().push(ms);
        if !(200..300).contains(&status) {
            *s.errors.entry(format!("{route} {status}")).or_default() += 1;
        }
        if let Some(id) = created {
            s.notes.push((f.case.clone(), id));
        }
    }
}

/// Every note answered 201 is in its case's notes after the run.
async fn lost_notes(c: &Client, notes: &[(String, String)], fixtures: &[Fixture]) -> usize {
    let mut present = std::collections::BTreeSet::new();
    for f in fixtures {
        let mut page: Option<String> = None;
        loop {
            let path = match &page {
                Some(p) => format!("/v1/cases/{}/notes?limit=100&page={p}", f.case),
                None => format!("/v1/cases/{}/notes?limit=100", f.case),
            };
            let v = c.must("GET", &path, None).await;
            for n in v["items"].as_array().into_iter().flatten() {
                present.insert(n["id"].as_str().unwrap_or("").to_string());
            }
            match v["nextPage"].as_str() {
                Some(p) => page = Some(p.to_string()),
                None => break,
            }
        }
    }
    notes.iter().filter(|(_, id)| !present.contains(id)).count()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    assert!(args.base.starts_with("http://127.0.0.1:"), "loopback only");
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(args.clients)
        .build()
        .expect("client");
    let c = Arc::new(Client {
        http,
        base: args.base.clone(),
        token: args.token.clone(),
    });
    let fixtures = Arc::new(fixtures(&c, &args).await);
    let seen = Arc::new(Mutex::new(Seen::default()));
    let started = Instant::now();
    let until = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.clients)
        .map(|_| tokio::spawn(run(c.clone(), fixtures.clone(), until, seen.clone())))
        .collect();
    for t in tasks {
        t.await.expect("client task");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let seen = std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()));
    let lost = lost_notes(&c, &seen.notes, &fixtures).await;
    let total: usize = seen.latencies.values().map(Vec::len).sum();
    let mut routes = Vec::new();
    println!("| route | requests | p50 ms | p99 ms |\n|---|---:|---:|---:|");
    for (route, mut ms) in seen.latencies {
        ms.sort_by(f64::total_cmp);
        let (p50, p99) = (percentile(&ms, 0.5), percentile(&ms, 0.99));
        println!("| {route} | {} | {p50:.1} | {p99:.1} |", ms.len());
        routes.push(json!({"route": route, "requests": ms.len(), "p50Ms": p50, "p99Ms": p99}));
    }
    let errors: usize = seen.errors.values().sum();
    println!(
        "{total} requests in {elapsed:.1} s from {} clients: {:.0} requests/s; errors {errors} {:?}; \
         notes created {}, lost {lost}",
        args.clients,
        total as f64 / elapsed,
        seen.errors,
        seen.notes.len()
    );
    let report = json!({"clients": args.clients, "seconds": elapsed, "requests": total,
        "requestsPerSecond": total as f64 / elapsed, "errors": seen.errors, "notesCreated": seen.notes.len(),
        "notesLost": lost, "routes": routes});
    println!("{report}");
    if errors > 0 || lost > 0 {
        std::process::exit(1);
    }
}
