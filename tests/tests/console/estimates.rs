//! The approval seed from the advisor's side: a contact added and invited from the case
//! page, an estimate typed in, Request for Approval sent to them; the customer decides on
//! their page, and the advisor sees it on the case page.

use super::*;
use casebridge_testkit::fixtures::mobile_link_token;
use casebridge_testkit::post_form;

/// Given Jo (primary contact, texts agreed) on the case, and an estimate of `line` (kind,
/// description, quantity, price) typed on the case page: the estimate's id and Jo's.
async fn jo_and_an_estimate(
    b: &TestBackend,
    case: &str,
    me: &str,
    line: [&str; 4],
) -> (String, String) {
    let page_path = format!("/console/cases/{case}");
    let added = send_form(
        &b.app,
        me,
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
    let [kind, description, quantity, price] = line;
    let typed = send_form(
        &b.app,
        me,
        &page_path,
        &format!("{page_path}/estimates"),
        &[
            ("kind-0", kind),
            ("description-0", description),
            ("quantity-0", quantity),
            ("price-0", price),
            ("kind-1", "labor"),
            ("description-1", ""),
            ("quantity-1", ""),
            ("price-1", ""),
        ],
    )
    .await;
    assert_eq!(typed.status(), 303, "{}", typed.text());
    let page = send(console(&b.app), get(&page_path, me)).await.text();
    let jo = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (value_of(&page, "estimateId"), jo)
}

/// Request for Approval of `estimate`, asking Jo only.
async fn ask(b: &TestBackend, me: &str, page_path: &str, estimate: &str, jo: &str) {
    let action = format!("{page_path}/quick-actions");
    let fields = [
        ("estimateId", estimate),
        ("contact", jo),
        ("action", "request_approval"),
    ];
    let asked = send_form(&b.app, me, page_path, &action, &fields).await;
    assert_eq!(asked.status(), 303, "{}", asked.text());
}

#[tokio::test]
async fn an_estimate_sent_for_approval_from_the_case_page_shows_the_customers_decision() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    // Given Jo, the primary contact; when the advisor types two hours of brake work at $600
    let (estimate, jo) =
        jo_and_an_estimate(&b, &case, &me, ["labor", "Brake job", "2", "600"]).await;
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Brake job") && page.contains("$1,200.00"),
        "{page}"
    );
    // And sends it for approval to Jo
    ask(&b, &me, &page_path, &estimate, &jo).await;
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

#[tokio::test]
async fn the_advisor_records_a_decline_the_customer_gave_on_the_phone_with_its_reason() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    // Given an estimate sent for approval to Jo
    let (estimate, jo) =
        jo_and_an_estimate(&b, &case, &me, ["part", "Air filter", "1", "42.50"]).await;
    ask(&b, &me, &page_path, &estimate, &jo).await;
    // When Jo declines the filter on the phone and the advisor records it, with why
    let quote = api_get(&b.app, &format!("/v1/cases/{case}/estimates/{estimate}")).await;
    let line = quote["lines"][0]["id"].as_str().unwrap().to_string();
    let recorded = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/estimates/{estimate}/decisions"),
        &[
            ("version", "1"),
            (&format!("line-{line}"), "decline"),
            (
                &format!("reason-{line}"),
                "Jo on the phone: replaced it last month",
            ),
            ("approver", "Jo Fleet"),
        ],
    )
    .await;
    assert_eq!(recorded.status(), 303, "{}", recorded.text());
    // Then the case page shows it declined, with the reason
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Declined (Jo on the phone: replaced it last month)"),
        "{page}"
    );
}
