//! A customer writes in their own script, and the transcript prints it as itself: text that
//! `pdftotext` gives back, not `[U+…]`.

mod common;

use common::{pdftotext, render, thread};

#[test]
fn messages_in_chinese_arabic_and_emoji_print_as_text_a_reader_gets_back() {
    // Given a thread where the customer writes in many scripts
    let bodies = [
        "你好，我的卡车什么时候修好？",
        "شاحنتي جاهزة؟ شكرا لك",
        "Great, on my way 🚚 👍 ✅ 😀",
        "트럭 언제 준비돼요?",
        "トラックの修理はいつ終わりますか。",
        "המשאית שלי מוכנה? תודה",
        "ट्रक कब तैयार होगा?",
        "ਟਰੱਕ ਕਦੋਂ ਤਿਆਰ ਹੋਵੇਗਾ?",
        "รถบรรทุกพร้อมเมื่อไหร่",
        "መኪናዬ መቼ ዝግጁ ይሆናል?",
        "ট্রাক কখন তৈরি হবে?",
        "ટ્રક ક્યારે તૈયાર થશે?",
        "லாரி எப்போது தயாராகும்?",
        "ట్రక్ ఎప్పుడు సిద్ధంగా ఉంటుంది?",
        "ಟ್ರಕ್ ಯಾವಾಗ ಸಿದ್ಧವಾಗುತ್ತದೆ?",
        "ട്രക്ക് എപ്പോൾ തയ്യാറാകും?",
        "ට්‍රක් එක කවදා සූදානම් වේද?",
        "ລົດບັນທຸກພ້ອມເມື່ອໃດ",
        "ထရပ်ကား ဘယ်တော့ အဆင်သင့်ဖြစ်မလဲ",
        "ឡានដឹកទំនិញរួចរាល់នៅពេលណា",
        "José’s “quotes” Ελληνικά Русский",
    ];
    // When its transcript is rendered
    let text = pdftotext(&render(&thread(&bodies)));
    // Then every message reads back as it was written, in reading order
    for body in bodies {
        assert!(text.contains(body), "{body:?} missing from:\n{text}");
    }
    // and nothing was replaced
    assert!(!text.contains("[U+"), "{text}");
    // An Arabic comma inside a line: pdftotext reads it back in two runs (so it does from
    // Chromium's PDF of the same line), so this one is checked word by word.
    let comma = pdftotext(&render(&thread(&["شكرا، أنا في الطريق"])));
    for word in ["شكرا", "،", "أنا", "في", "الطريق"] {
        assert!(comma.contains(word), "{word:?} missing from:\n{comma}");
    }
    assert!(text.contains("王芳"), "the sender's name prints: {text}");
}

#[test]
fn a_right_to_left_message_is_drawn_from_the_right_with_its_letters_joined() {
    // Given an Arabic message and an English one
    let pdf = render(&thread(&["شكرا", "thanks"]));
    // When a reader's viewer lays the text out (pdftotext's bounding boxes)
    let path = std::env::temp_dir().join(format!("casebridge-rtl-{}.pdf", std::process::id()));
    std::fs::write(&path, &pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let html = String::from_utf8(out.stdout).unwrap();
    // pdftotext lists a right-to-left word's letters as they sit on the page.
    let x_of = |word: &str| -> (f32, f32) {
        let visual: String = word.chars().rev().collect();
        let line = html
            .lines()
            .find(|l| {
                l.ends_with(&format!(">{word}</word>")) || l.ends_with(&format!(">{visual}</word>"))
            })
            .unwrap_or_else(|| panic!("{word} not in:\n{html}"));
        let attr = |name: &str| -> f32 {
            let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            line[at..].split('"').next().unwrap().parse().unwrap()
        };
        (attr("xMin"), attr("xMax"))
    };
    // Then the Arabic word ends at the right margin and the English one starts at the left
    let (_, arabic_right) = x_of("شكرا");
    let (english_left, _) = x_of("thanks");
    assert!(arabic_right > 550.0, "Arabic ends at {arabic_right}");
    assert!(english_left < 80.0, "English starts at {english_left}");
    // and its letters are joined: the word is narrower than its four letters set apart
    let font = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/fonts/DejaVuSans.ttf"
    ))
    .unwrap();
    let face = ttf_parser::Face::parse(&font, 0).unwrap();
    let apart: f32 = "شكرا"
        .chars()
        .map(|c| {
            let g = face.glyph_index(c).unwrap();
            face.glyph_hor_advance(g).unwrap() as f32 * 10.0 / face.units_per_em() as f32
        })
        .sum();
    let (l, r) = x_of("شكرا");
    assert!(r - l < apart - 1.0, "joined {} wide, apart {apart}", r - l);
}

#[test]
fn a_bidi_override_is_shown_and_never_obeyed_now_that_lines_are_reordered() {
    // Given a message that tries to disguise a file name with a right-to-left override
    let bodies = [
        "invoice \u{202E}fdp.exe\u{202C} attached",
        "שלום \u{2066}abc\u{2069} תודה",
    ];
    // When its transcript is rendered
    let text = pdftotext(&render(&thread(&bodies)));
    // Then the override and the isolate are printed as what they are, and the letters keep
    // their order
    assert!(
        text.contains("invoice [U+202E]fdp.exe[U+202C] attached"),
        "{text}"
    );
    // (inside a right-to-left paragraph the marker's first bracket is a neutral the bidi
    // algorithm sets on the Hebrew side, so pdftotext reads it elsewhere)
    assert!(text.contains("U+2066]abc[U+2069]"), "{text}");
}
