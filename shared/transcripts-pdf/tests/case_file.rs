//! The transcript as it sits in a case file (issue 21): who is staff and who the customer at
//! a glance, every participant's phone and email, the channels the messages came by, a last
//! line saying the transcript is whole, and a footer that stays inside the page.

mod common;

use casebridge_core::transcripts::{Message, Participant};

/// An SMS thread between a customer and an advisor, whose last message came by email.
fn mixed_thread() -> casebridge_core::transcripts::ThreadSnapshot {
    let mut t = common::thread(&["Is the truck ready?", "Yes, at 4", "Thanks, see you"]);
    t.participants = vec![
        Participant {
            id: "c".into(),
            name: "Jo Fleet".into(),
            role: "customer".into(),
            phone: Some("+12145550123".into()),
            email: Some("jo@fleet.example".into()),
        },
        Participant {
            id: "a".into(),
            name: "Ann Advisor".into(),
            role: "staff".into(),
            phone: None,
            email: Some("ann@dealer.example".into()),
        },
    ];
    t.messages[1].sender_id = "a".into();
    t.messages[2] = Message {
        channel: Some("email".into()),
        ..t.messages[2].clone()
    };
    t
}

#[test]
fn a_reader_tells_staff_from_the_customer_and_sees_every_way_to_reach_them() {
    let text = common::pdftotext(&common::render(&mixed_thread()));
    // Roles on every sender line (readable in black and white)
    assert!(text.contains("Jo Fleet (customer) ·"), "{text}");
    assert!(text.contains("Ann Advisor (staff) ·"), "{text}");
    // Phones and emails beside each other (the participants line wraps)
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Jo Fleet (customer, +12145550123, jo@fleet.example)"),
        "{text}"
    );
    assert!(
        flat.contains("Ann Advisor (staff, ann@dealer.example)"),
        "{text}"
    );
    // The thread's channel does not claim the email message
    assert!(text.contains("channels sms, email"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.contains("Jo Fleet (customer)") && l.ends_with("· email")),
        "{text}"
    );
    // The last line says the transcript is whole
    assert!(
        text.contains("End of transcript \u{2014} 3 messages"),
        "{text}"
    );
}

#[test]
fn the_footer_shows_the_start_of_the_hash_and_the_document_keeps_it_whole() {
    let t = mixed_thread();
    let pdf = common::render(&t);
    let text = common::pdftotext(&pdf);
    let hash = t.content_hash();
    assert!(
        text.contains(&format!("content SHA-256 {}\u{2026}", &hash[..16])),
        "{text}"
    );
    // The whole value is the document's Subject (pdfinfo shows it)
    let path = std::env::temp_dir().join(format!("casebridge-hash-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains(&format!("content SHA-256 {hash}")), "{info}");
    // Every footer line ends inside the right margin (612 pt wide, 54 pt margins)
    let bbox = bboxes(&pdf);
    let right_edge = bbox
        .iter()
        .filter(|(word, _)| {
            word.contains("SHA-256") || word.contains("document") || word.contains("properties)")
        })
        .map(|(_, x_max)| *x_max)
        .fold(0.0_f32, f32::max);
    assert!(
        right_edge > 0.0 && right_edge <= 612.0 - 54.0,
        "footer reaches {right_edge} pt"
    );
}

/// Every word of the first page with the right edge of its box, as pdftotext reads them.
fn bboxes(pdf: &[u8]) -> Vec<(String, f32)> {
    let path = std::env::temp_dir().join(format!("casebridge-bbox-{}.pdf", std::process::id()));
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let html = String::from_utf8_lossy(&out.stdout).to_string();
    html.lines()
        .filter(|l| l.contains("<word"))
        .filter_map(|l| {
            let x_max: f32 = l.split("xMax=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let word = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((word, x_max))
        })
        .collect()
}
