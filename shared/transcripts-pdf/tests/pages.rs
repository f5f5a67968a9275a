//! A long thread is drawn a page at a time; every page still says which page it is of how
//! many, and every message is there.

mod common;

use common::{pdftotext, render, thread};

#[test]
fn every_page_of_a_long_transcript_says_its_number_and_the_total() {
    // Given a thread long enough for many pages
    let bodies: Vec<String> = (0..400)
        .map(|i| format!("Message {i}: the turbo actuator is on order, ETA Friday, unit T-101."))
        .collect();
    let bodies: Vec<&str> = bodies.iter().map(String::as_str).collect();
    // When its transcript is rendered
    let text = pdftotext(&render(&thread(&bodies)));
    // Then every footer says "Page n of m" with the same m, n running 1..=m
    let footers: Vec<(usize, usize)> = text
        .lines()
        .filter_map(|l| {
            let (_, page) = l.split_once("· Page ")?;
            let (n, m) = page.split_once(" of ")?;
            Some((n.trim().parse().ok()?, m.trim().parse().ok()?))
        })
        .collect();
    let total = footers.len();
    assert!(total > 10, "{total} pages");
    let expected: Vec<(usize, usize)> = (1..=total).map(|n| (n, total)).collect();
    assert_eq!(footers, expected);
    // and every message is in it
    for i in 0..400 {
        assert!(
            text.contains(&format!("Message {i}: ")),
            "message {i} is missing"
        );
    }
}
