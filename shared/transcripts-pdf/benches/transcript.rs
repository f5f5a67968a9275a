//! Transcript rendering speed and memory: `cargo bench -p casebridge-transcripts-pdf --bench transcript`
//! (release profile). Pass message counts to choose sizes, e.g. `-- 10000`; add
//! `every-script` for messages mixing Chinese, Korean, Arabic, Hebrew, Hindi, Thai and emoji
//! with English (the shaping path; the fallback faces must be in CASEBRIDGE_FONTS_DIR).
//! Prints the median and best render time and the process's peak RSS (VmHWM).

use std::time::Instant;

use casebridge_core::transcripts::TranscriptInfo;
use casebridge_core::transcripts::{Message, Participant, ThreadSnapshot, ThreadState};
use casebridge_transcripts_pdf::PdfTranscripts;

const WORDS: &[&str] = &[
    "truck",
    "turbo",
    "actuator",
    "José’s",
    "“ready”",
    "brake",
    "Ελληνικά",
    "Русский",
    "hose",
    "parts",
    "ETA",
    "Friday",
    "unit",
    "T-101",
    "the",
    "and",
    "is",
    "on",
    "we",
    "you",
    "please",
];

/// Words of the every-script thread: a message has words of English and of one other script.
const SCRIPTS: &[&[&str]] = &[
    &["你好", "卡车", "什么时候", "修好", "谢谢"],
    &["트럭", "언제", "준비돼요", "감사합니다"],
    &["شاحنتي", "جاهزة", "شكرا", "لك", "غدا"],
    &["המשאית", "שלי", "מוכנה", "תודה"],
    &["ट्रक", "कब", "तैयार", "होगा", "धन्यवाद"],
    &["รถบรรทุก", "พร้อม", "เมื่อไหร่", "ขอบคุณ"],
    &["🚚", "👍", "✅", "🔧", "👍🏽", "❤️"],
];

fn thread(n: usize, every_script: bool) -> ThreadSnapshot {
    let mut seed = 42u64;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let messages = (0..n)
        .map(|i| {
            let len = 5 + next() % 60;
            let other = SCRIPTS[i % SCRIPTS.len()];
            let body: Vec<&str> = (0..len)
                .map(|_| match next() % 3 {
                    0 if every_script => other[next() % other.len()],
                    _ => WORDS[next() % WORDS.len()],
                })
                .collect();
            Message {
                id: format!("m{i}"),
                sender_id: if i % 2 == 0 { "c".into() } else { "a".into() },
                sent_at: format!(
                    "2026-11-{:02}T{:02}:{:02}:00-06:00",
                    1 + (i / 1440) % 28,
                    (i / 60) % 24,
                    i % 60
                ),
                body: body.join(" "),
                channel: None,
                attachments: vec![],
            }
        })
        .collect();
    ThreadSnapshot {
        channel: "sms".into(),
        reference: Some("PK-1".into()),
        subject: None,
        state: ThreadState::Closed,
        participants: vec![
            Participant {
                id: "c".into(),
                name: "José Ramírez".into(),
                role: "customer".into(),
                phone: None,
                email: None,
            },
            Participant {
                id: "a".into(),
                name: "Dana Ortiz".into(),
                role: "advisor".into(),
                phone: None,
                email: None,
            },
        ],
        messages,
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let every_script = args.iter().any(|a| a == "every-script");
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let renderer = PdfTranscripts::from_config();
    for n in sizes {
        let snapshot = thread(n, every_script);
        let info = TranscriptInfo {
            dealer: "Demo Truck Center Dallas (demo-dealer-1)".into(),
            case: "demo-dealer-1-case-1".into(),
            customer: "Johnson Tires".into(),
            asset: "unit T-101, VIN 1XKYD49X0MJ441256, Kenworth T680".into(),
            thread_id: "bench".into(),
            time_zone: "America/Chicago".into(),
            is_final: true,
            generated_at: jiff::Timestamp::now(),
            content_hash: snapshot.content_hash(),
        };
        let runs = if n <= 2_000 { 20 } else { 3 };
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let messages = snapshot.validate().expect("valid bench thread");
            let pdf = renderer
                .render(&info, &snapshot, &messages)
                .expect("renders");
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            size = pdf.len();
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "transcript {n:>6} messages{}: median {:>7.1} ms, best {:>7.1} ms, {:>6} KB, peak RSS so far {:.1} MB",
            if every_script { " (every script)" } else { "" },
            times[times.len() / 2],
            times[0],
            size / 1024,
            peak_rss_mb()
        );
    }
}
