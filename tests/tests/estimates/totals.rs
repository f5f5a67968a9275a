//! Totals a fleet manager can check: each line's quantity × price, the rows the total is
//! made of, tax computed from the dealer's rate on the taxable lines, and an approved amount
//! that is what will be billed.

use super::*;
use casebridge_testkit::post_form;

async fn a_dealers_tax_rate_makes_the_tax_and_the_approved_amount_is_what_will_be_billed(
    b: TestBackend,
) {
    // Given d1 computes tax at 8.25 % (its admin says so; a rate past 30 % or with four
    // decimals is refused)
    let (case, jo) = case_with_contact(&b).await;
    let admin = ("d1", "dealer_admin", None);
    for bad in [json!(31), json!(8.1234), json!(-1)] {
        let (s, p) = common::user(
            &b.app,
            "PATCH",
            "/v1/dealers/d1/settings",
            Some(json!({"taxRatePercent": bad})),
            admin,
        )
        .await;
        common::assert_refused(s, &p, 422, "taxRatePercent");
    }
    let (s, v) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"taxRatePercent": 8.25})),
        admin,
    )
    .await;
    assert_eq!((s, &v["taxRatePercent"]), (200, &json!(8.25)), "{v}");
    // When an advisor types a tax anyway, it is refused: the rate makes it
    let body = |tax: i64| {
        json!({"lines": [
            line("labor", "Brake job", 2.0, 60000),
            {"kind": "part", "description": "Tyres", "partNumber": "TY-225", "quantity": 2,
             "unitPriceCents": 45000, "taxable": true},
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500,
             "taxable": true}
        ], "shopSuppliesCents": 2500, "taxCents": tax})
    };
    let base = format!("/v1/cases/{case}/estimates");
    let (s, p) = advisor(&b.app, "POST", &base, Some(body(7650))).await;
    common::assert_refused(s, &p, 422, "taxCents");
    // Then without it, tax is 8.25 % of the taxable $930.00: $76.73
    let (s, est) = advisor(&b.app, "POST", &base, Some(body(0))).await;
    assert_eq!(s, 201, "{est}");
    let t = &est["totals"];
    assert_eq!(
        (&t["subtotalCents"], &t["taxCents"], &t["totalCents"]),
        (&json!(213000), &json!(7673), &json!(213000 + 2500 + 7673)),
        "{t}"
    );
    assert_eq!(t["taxRatePercent"], json!(8.25));
    // When Jo is asked and opens the page, each line says how its total is made, and the
    // totals say what the estimate total is made of
    let id = est["id"].as_str().unwrap();
    ask_approval(&b, &case, id, &jo).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let page = common::send_to_api(
        &b.app,
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
    )
    .await
    .text();
    for shown in [
        "<strong>Waiting for your approval</strong>",
        "2 \u{d7} $450.00 \u{b7} Part \u{b7} part no. TY-225 \u{b7} taxed",
        "2 \u{d7} $600.00 \u{b7} Labour",
        "<th scope=\"row\">Labour</th><td>$1,200.00</td>",
        "<th scope=\"row\">Parts</th><td>$930.00</td>",
        "<th scope=\"row\">Shop supplies</th><td>$25.00</td>",
        "<th scope=\"row\">Tax (8.25 %)</th><td>$76.73</td>",
        "<th scope=\"row\">Estimate total</th><td>$2,231.73</td>",
    ] {
        assert!(page.contains(shown), "{shown:?} in {page}");
    }
    // When Jo approves the tyres only
    let tyres = est["lines"][1]["id"].as_str().unwrap();
    let (s, thanks) = post_form(
        &b.app,
        &format!("/m/{token}/estimates/{id}/decisions"),
        &format!("version=1&line-{tyres}=approve"),
    )
    .await;
    // Then what will be billed is $900.00 + $25.00 supplies + 8.25 % of $900.00 = $999.25,
    // on the thank-you page and in the API
    assert_eq!(s, 200, "{thanks}");
    assert!(
        thanks.contains("Approved: <strong>$999.25</strong>"),
        "{thanks}"
    );
    let (_, est) = advisor(&b.app, "GET", &format!("{base}/{id}"), None).await;
    let t = &est["totals"];
    assert_eq!(
        (
            &t["approvedCents"],
            &t["approvedSubtotalCents"],
            &t["approvedTaxCents"]
        ),
        (&json!(99925), &json!(90000), &json!(7425)),
        "{t}"
    );
}

async fn with_a_typed_tax_the_approved_amount_says_it_is_before_tax(b: TestBackend) {
    // Given a dealer without a rate, and an estimate with a typed tax
    let (case, jo) = case_with_contact(&b).await;
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            line("labor", "Brake job", 2.0, 60000),
            line("part", "Tyres", 2.0, 45000),
        ], "shopSuppliesCents": 2500, "taxCents": 7650})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let id = est["id"].as_str().unwrap();
    let brakes = est["lines"][0]["id"].as_str().unwrap();
    ask_approval(&b, &case, id, &jo).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    // When Jo approves the brake job
    let (s, thanks) = post_form(
        &b.app,
        &format!("/m/{token}/estimates/{id}/decisions"),
        &format!("version=1&line-{brakes}=approve"),
    )
    .await;
    // Then the approved amount is the job and the supplies, and says it is before tax
    assert_eq!(s, 200, "{thanks}");
    assert!(
        thanks.contains("Approved: <strong>$1,225.00 before tax</strong>"),
        "{thanks}"
    );
}

casebridge_testkit::on_every_backend!(
    a_dealers_tax_rate_makes_the_tax_and_the_approved_amount_is_what_will_be_billed,
    with_a_typed_tax_the_approved_amount_says_it_is_before_tax,
);
