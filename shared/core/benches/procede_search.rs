//! Procede search over 100,000 DMS records: `cargo bench -p casebridge-core --bench procede_search`
//! (pass a record count to change it). Prints p50 / p95 / max per search over a mix of
//! queries (one word, several words, accents, phone digits, city), and the index build time.

use std::time::Instant;

use casebridge_core::procede::{DmsCustomer, Prepared, Query, SearchField};

const FIRST: &[&str] = &[
    "John", "Maria", "José", "Ana", "Dale", "Wes", "Tonya", "Ray", "Luis", "Kim", "Earl", "Zoë",
];
const LAST: &[&str] = &[
    "Miller", "García", "Nguyen", "Okafor", "Schultz", "Ramírez", "O'Brien", "Johnson", "Deere",
    "Begay",
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
];

fn records(n: usize) -> Vec<DmsCustomer> {
    let mut seed = 7u64;
    let mut next = |m: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % m
    };
    (0..n)
        .map(|i| {
            let name = match next(3) {
                0 => format!("{} {}", LAST[next(LAST.len())], WHAT[next(WHAT.len())]),
                1 => format!("{} {} {}", FIRST[next(FIRST.len())], LAST[next(LAST.len())], WHAT[next(WHAT.len())]),
                _ => format!("{} {} - {}", LAST[next(LAST.len())], WHAT[next(WHAT.len())], CITIES[next(CITIES.len())]),
            };
            serde_json::from_value(serde_json::json!({
                "procedeId": format!("PRC-{i}"), "name": name, "customerNumber": format!("C{}", 100000 + i),
                "phone": format!("({}) 555-{:04}", 200 + next(700), next(10000)), "city": CITIES[next(CITIES.len())]
            }))
            .expect("bench record")
        })
        .collect()
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let start = Instant::now();
    let set = Prepared::new(records(n));
    let build_ms = start.elapsed().as_secs_f64() * 1000.0;
    let queries = [
        (SearchField::Name, "John"),
        (SearchField::Name, "John Denver"),
        (SearchField::Name, "jose"),
        (SearchField::Name, "garcia tow"),
        (SearchField::Name, "o'brien freight dallas"),
        (SearchField::Name, "zz"),
        (SearchField::Phone, "555-01"),
        (SearchField::City, "little ro"),
        (SearchField::CustomerNumber, "C1000"),
    ];
    let mut times = Vec::new();
    let mut hits = 0;
    for round in 0..30 {
        for (field, q) in queries {
            let t = Instant::now();
            let query = Query::parse(field, q).expect("valid query");
            let found = set.search(&query);
            let page: Vec<&DmsCustomer> = found.iter().take(25).map(|&i| &set.records[i]).collect();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                hits += page.len();
            }
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "procede search over {n} records: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} searches; index built in {build_ms:.0} ms; {hits} hits on the first page of round 1)",
        pct(0.50),
        pct(0.95),
        times[times.len() - 1],
        times.len()
    );
}
