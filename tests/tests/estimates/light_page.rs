//! The page stays light: a ten-line estimate's view, HTML and its inline CSS and script, is
//! under 40 KB, and asks nothing of another origin.

use super::*;

async fn a_ten_line_estimate_page_is_under_40_kb_and_self_contained(b: TestBackend) {
    // Given an estimate of ten lines with long descriptions, part numbers and two jobs
    let (case, jo) = case_with_contact(&b).await;
    let lines: Vec<Value> = (0..10)
        .map(|i| {
            let mut l = line(
                if i % 2 == 0 { "part" } else { "labor" },
                &format!(
                    "Line {i}: replace the {} with a heavy-duty one, torque to spec",
                    "x".repeat(40)
                ),
                2.0,
                12345 + i,
            );
            l["partNumber"] = json!(format!("PN-{i:06}"));
            l["taxable"] = json!(true);
            l["group"] = json!(if i < 5 { "Front axle" } else { "Rear axle" });
            l
        })
        .collect();
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": lines, "shopSuppliesCents": 2500, "taxCents": 1000})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let id = est["id"].as_str().unwrap();
    ask_approval(&b, &case, id, &jo).await;
    // When Jo opens it
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let r = common::send_to_api(
        &b.app,
        casebridge_testkit::request("GET", &format!("/m/{token}/estimates/{id}"), None),
    )
    .await;
    let page = r.text();
    // Then the whole page is under 40 KB (it prints its size for the README's figure)
    println!("ten-line estimate page: {} bytes", page.len());
    assert_eq!(
        page.matches("name=\"line-").count(),
        30,
        "ten lines, three choices each"
    );
    assert!(page.len() < 40 * 1024, "{} bytes", page.len());
    // And nothing on it is fetched from another origin: no external script, style, image or
    // font, and the policy allows only the page's own
    for fetched in ["src=\"http", "<link ", "url(http", "@import", "srcset="] {
        assert!(!page.contains(fetched), "{fetched:?} on the page");
    }
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") || csp.contains("default-src 'self'"),
        "{csp}"
    );
}

casebridge_testkit::on_every_backend!(a_ten_line_estimate_page_is_under_40_kb_and_self_contained,);
