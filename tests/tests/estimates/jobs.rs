//! Lines grouped by job ("Front brake job"), shown together with the job's total, on the
//! page and in the PDF; the group is how a line is shown, not what is asked.

use super::*;
use casebridge_testkit::pdf_text;

async fn a_jobs_lines_show_together_with_its_total(b: TestBackend) {
    // Given an estimate whose pads and rotors are the front brake job, and wipers on their own
    let (case, jo) = case_with_contact(&b).await;
    let job = |mut l: Value| {
        l["group"] = json!("Front brake job");
        l
    };
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            job(line("part", "Brake pads", 1.0, 18000)),
            line("part", "Wipers", 2.0, 1500),
            job(line("labor", "Fit pads and rotors", 2.0, 15000)),
            job(line("part", "Rotors", 2.0, 22000))
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    assert_eq!(est["lines"][0]["group"], "Front brake job");
    assert!(est["lines"][1].get("group").is_none());
    let id = est["id"].as_str().unwrap().to_string();
    ask_approval(&b, &case, &id, &jo).await;
    // When Jo opens the estimate
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let (_, page) = open(&b, &format!("/m/{token}/estimates/{id}")).await;
    // Then the job's three lines are under its name and total ($180 + $300 + $440), once,
    // and the wipers after them on their own
    assert_eq!(
        page.matches("<h2>Front brake job \u{2014} $920.00</h2>")
            .count(),
        1,
        "{page}"
    );
    let at = |what: &str| {
        page.find(what)
            .unwrap_or_else(|| panic!("{what} in {page}"))
    };
    assert!(at("Front brake job \u{2014}") < at("Brake pads \u{2014}"));
    assert!(at("Fit pads and rotors \u{2014}") < at("Rotors \u{2014} $440.00"));
    assert!(at("Rotors \u{2014} $440.00") < at("Wipers \u{2014}"));
    // And the PDF reads the same
    let r = common::send_to_api(
        &b.app,
        casebridge_testkit::request(
            "GET",
            &format!("/m/{token}/estimates/{id}/versions/1/pdf"),
            None,
        ),
    )
    .await;
    assert!(pdf_text(&r.body).contains("Front brake job \u{2014} $920.00"));
    // And a job name over 100 characters is refused by name
    let long = json!({"lines": [{"kind": "part", "description": "Pads", "quantity": 1,
        "unitPriceCents": 100, "group": "j".repeat(101)}]});
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(long),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "lines[0].group");
}

casebridge_testkit::on_every_backend!(a_jobs_lines_show_together_with_its_total,);
