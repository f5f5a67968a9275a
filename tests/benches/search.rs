//! Searches at a large dealer, through the routes the local server serves (in process, on
//! the embedded backend), with the read units each first page would cost on DynamoDB:
//!
//!   cargo bench -p casebridge-e2e --bench search [-- N]      (N records; default 100,000)
//!
//! Seeds N Case customers of one dealer (a few hundred shared first and last names, so a
//! word is as common as in a real customer list, and five rare names), and a DMS file of N
//! records; then runs each query 30 times and prints, per query, p50 / p95, the first page's
//! size, how many match in all, and the first page's read units; then p95 over all.

use std::time::Instant;

use casebridge_testkit::cost::Meter;
use casebridge_testkit::{
    api, as_user, parts, procede_search_on, request, seed_dealers, send, TestBackend,
};
use serde_json::json;

const ADVISOR: (&str, &str, Option<&str>) = ("d1", "advisor", None);
const FIRST: &[&str] = &[
    "John", "Maria", "José", "Ana", "Dale", "Wes", "Tonya", "Ray", "Luis", "Kim", "Earl", "Zoë",
    "Carlos", "Linda", "Pete", "Grace", "Hank", "Rosa", "Vic", "Nora",
];
const LAST: &[&str] = &[
    "Miller", "García", "Nguyen", "Okafor", "Schultz", "Ramírez", "O'Brien", "Johnson", "Deere",
    "Begay", "Smith", "Brown", "Davis", "Lopez", "Wilson", "Anderson", "Thomas", "Moore", "Martin",
    "Jackson", "Lee", "Perez", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young",
    "King", "Wright", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
    "Roberts",
];
const WHAT: &[&str] = &[
    "Trucking",
    "Freight",
    "Logistics",
    "Haulers",
    "Transport",
    "Tires",
    "Farms",
    "Towing",
    "Express",
    "Carriers",
    "Fleet",
    "Supply",
];
const CITIES: &[&str] = &[
    "Dallas",
    "Denver",
    "Tulsa",
    "Wichita",
    "Omaha",
    "Amarillo",
    "Little Rock",
    "Des Moines",
    "Lubbock",
    "Abilene",
    "Enid",
    "Salina",
    "Joplin",
    "Topeka",
    "Waco",
    "Tyler",
];
const RARE: &[&str] = &[
    "Zyzzyva Haulers",
    "Quetzal Freight",
    "Xochitl Farms",
    "Ubaldo Towing",
    "Yarrow Fleet",
];

/// The `i`th record: name, customer number, phone, city (the same for the DMS file).
fn record(i: usize, next: &mut impl FnMut(usize) -> usize) -> (String, String, String, String) {
    let name = match next(3) {
        0 => format!("{} {}", LAST[next(LAST.len())], WHAT[next(WHAT.len())]),
        1 => format!(
            "{} {} {}",
            FIRST[next(FIRST.len())],
            LAST[next(LAST.len())],
            WHAT[next(WHAT.len())]
        ),
        _ => format!("{} {}", FIRST[next(FIRST.len())], LAST[next(LAST.len())]),
    };
    let phone = format!("({}) 555-{:04}", 200 + next(700), next(10_000));
    (
        name,
        format!("C{}", 100_000 + i),
        phone,
        CITIES[next(CITIES.len())].to_string(),
    )
}

fn rng() -> impl FnMut(usize) -> usize {
    let mut seed = 7u64;
    move |m| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    }
}

async fn seed(b: &TestBackend, n: usize) {
    seed_dealers(&b.app).await;
    procede_search_on(&b.app).await;
    let mut next = rng();
    let mut dms = Vec::with_capacity(n);
    let started = Instant::now();
    let routes = api(&b.app);
    for i in 0..n {
        let (mut name, number, phone, city) = record(i, &mut next);
        // The rare names, one in each fifth of the list.
        let fifth = (n / RARE.len()).max(1);
        if i % fifth == fifth / 2 && i / fifth < RARE.len() {
            name = RARE[i / fifth].to_string();
        }
        let body = json!({"name": name, "customerNumber": number, "phones": [phone], "city": city});
        let (dealer, role, oem) = ADVISOR;
        let post = as_user(
            request("POST", "/v1/customers", Some(&body)),
            dealer,
            role,
            oem,
        );
        let (s, v) = parts(&send(routes.clone(), post).await);
        assert_eq!(s, 201, "{v}");
        if (i + 1) % 10_000 == 0 {
            eprintln!(
                "{} customers in {:.0} s",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
        dms.push(
            json!({"procedeId": format!("PRC-{i}"), "name": name, "customerNumber": number,
            "phone": phone, "city": city}),
        );
    }
    std::fs::write(&b.procede_file, serde_json::to_vec(&dms).expect("dms")).expect("dms file");
    eprintln!(
        "seeded {n} Case customers and {n} DMS records in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// An advisor's GET through `routes` (built once, as the server builds them once).
async fn get(routes: &axum::Router, path: &str) -> (u16, serde_json::Value) {
    let (dealer, role, oem) = ADVISOR;
    parts(
        &send(
            routes.clone(),
            as_user(request("GET", path, None), dealer, role, oem),
        )
        .await,
    )
}

/// Every match of a query, counted by paging through (not timed).
async fn matches(routes: &axum::Router, path: &str) -> usize {
    let (mut n, mut page) = (0, String::new());
    loop {
        let (_, v) = get(routes, &format!("{path}&limit=100{page}")).await;
        n += v["items"].as_array().map_or(0, Vec::len);
        match v["nextPage"].as_str() {
            Some(next) => page = format!("&page={next}"),
            None => return n,
        }
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let b = TestBackend::embedded();
    seed(&b, n).await;
    let mut app = b.app.clone();
    let meter = Meter::wrap(&mut app);
    let (routes, plain) = (api(&app), api(&b.app));
    let q = |s: &str| s.replace(' ', "+");
    let mut paths: Vec<String> = [
        "zyzzyva",
        "quetzal fr",
        "trucking",
        "miller",
        "mil",
        "john miller",
        "garcia freight",
        "little rock",
        "555-0142",
        "C100042",
    ]
    .iter()
    .map(|s| format!("/v1/customers?q={}", q(s)))
    .collect();
    for (by, s) in [
        ("name", "John"),
        ("name", "garcia tow"),
        ("name", "zyzzyva"),
        ("phone", "555-01"),
        ("city", "little ro"),
        ("customer_number", "C1000"),
    ] {
        paths.push(format!("/v1/procede/customers?by={by}&q={}", q(s)));
    }
    let mut all = Vec::new();
    println!("| search | p50 ms | p95 ms | first page | matches | read units (first page) |\n|---|---:|---:|---:|---:|---:|");
    for path in &paths {
        let mut times = Vec::new();
        let (first, units);
        // Read units from one metered call; times without the meter (it sizes every item).
        meter.reset();
        let (s, v) = get(&routes, path).await;
        assert_eq!(s, 200, "{path}: {v}");
        (first, units) = (
            v["items"].as_array().map_or(0, Vec::len),
            meter.take().read_units,
        );
        for _ in 0..30 {
            let t = Instant::now();
            let (s, _) = get(&plain, path).await;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(s, 200, "{path}");
        }
        let total = if path.starts_with("/v1/customers") {
            matches(&plain, path).await.to_string()
        } else {
            "—".into()
        };
        times.sort_by(f64::total_cmp);
        println!(
            "| `{path}` | {:.2} | {:.2} | {first} | {total} | {units} |",
            pct(&times, 0.5),
            pct(&times, 0.95)
        );
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{} searches over {n} records: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        all.len(),
        pct(&all, 0.5),
        pct(&all, 0.95),
        all[all.len() - 1]
    );
}
