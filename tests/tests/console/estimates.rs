//! The approval seed from the advisor's side: a contact added and invited from the case
//! page, an estimate typed in, Request for Approval sent to them; the customer decides on
//! their page, and the advisor sees it on the case page.

use super::*;
use casebridge_testkit::fixtures::mobile_link_token;
use casebridge_testkit::post_form;

#[tokio::test]
async fn an_estimate_sent_for_approval_from_the_case_page_shows_the_customers_decision() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    // Given Jo, the primary contact, who agreed to texts
    let added = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/contacts"),
        &[
            ("name", "Jo Fleet"),
            ("mobile", "214-555-0100"),
            ("smsOptIn", "true"),
            ("caseRole", "primary"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303, "{}", added.text());
    // When the advisor types an estimate: two hours of brake work at $600
    let typed = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/estimates"),
        &[
            ("kind-0", "labor"),
            ("description-0", "Brake job"),
            ("quantity-0", "2"),
            ("price-0", "600"),
            ("kind-1", "labor"),
            ("description-1", ""),
            ("quantity-1", ""),
            ("price-1", ""),
        ],
    )
    .await;
    assert_eq!(typed.status(), 303, "{}", typed.text());
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Brake job") && page.contains("$1,200.00"),
        "{page}"
    );
    let estimate = value_of(&page, "estimateId");
    let jo = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // And sends it for approval to Jo
    let asked = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/quick-actions"),
        &[
            ("estimateId", &estimate),
            ("contact", &jo),
            ("action", "request_approval"),
        ],
    )
    .await;
    assert_eq!(asked.status(), 303, "{}", asked.text());
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("<strong>Request for Approval</strong>")
            && page.contains("Waiting for the customer"),
        "{page}"
    );
    assert!(
        page.contains("Version 1 sent by Demo advisor") && page.contains("to Jo Fleet"),
        "{page}"
    );
    // When Jo approves everything on their page
    let token = mobile_link_token(&b.app, &case, &jo).await;
    let (s, _) = post_form(
        &b.app,
        &format!("/m/{token}/estimates/{estimate}/decisions"),
        "version=1&all=approve",
    )
    .await;
    assert_eq!(s, 200);
    // Then the advisor sees the line approved and the approved total
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Approved") && page.contains("approved $1,200.00"),
        "{page}"
    );
}

#[tokio::test]
async fn an_estimate_line_with_a_price_that_is_not_an_amount_is_refused_naming_its_line() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    let r = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/estimates"),
        &[
            ("kind-0", "part"),
            ("description-0", "Air filter"),
            ("quantity-0", "1"),
            ("price-0", "forty"),
        ],
    )
    .await;
    assert_eq!(r.status(), 400);
    assert!(
        r.text().contains("line 1") && r.text().contains("price in dollars"),
        "{}",
        r.text()
    );
    assert_eq!(
        api_get(&b.app, &format!("/v1/cases/{case}/estimates")).await["items"],
        json!([])
    );
}
