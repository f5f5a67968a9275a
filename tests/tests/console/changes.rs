//! What an advisor changes after the fact: a contact edited, merged into the same person
//! entered twice, deleted; an estimate revised (only the changed line asked again), its
//! history and version PDF read; and a revision typed on a page the customer's decision
//! overtook, refused with the estimate as it is now (409).

use super::*;

async fn add_contact(app: &App, me: &str, case: &str, name: &str, mobile: &str) {
    let page = format!("/console/cases/{case}");
    let added = send_form(
        app,
        me,
        &page,
        &format!("{page}/contacts"),
        &[
            ("name", name),
            ("mobile", mobile),
            ("smsOptIn", "true"),
            ("caseRole", "primary"),
        ],
    )
    .await;
    assert_eq!(added.status(), 303, "{}", added.text());
}

async fn contact_id(app: &App, case: &str, name: &str) -> String {
    let all = api_get(app, &format!("/v1/cases/{case}/contacts")).await;
    all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_advisor_edits_a_contact_merges_a_duplicate_into_it_and_deletes_another() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    add_contact(&b.app, &me, &case, "Jo Fleet", "214-555-0100").await;
    add_contact(&b.app, &me, &case, "Jo F.", "214-555-0199").await;
    add_contact(&b.app, &me, &case, "Sam Driver", "214-555-0111").await;
    let jo = contact_id(&b.app, &case, "Jo Fleet").await;
    let page = format!("/console/cases/{case}/contacts/{jo}");
    // When the advisor corrects Jo's email on the contact's page
    let saved = send_form(
        &b.app,
        &me,
        &page,
        &page,
        &[
            ("name", "Jo Fleet"),
            ("mobile", "+12145550100"),
            ("smsOptIn", "true"),
            ("email", "jo@fleet.example"),
            ("emailOptIn", "true"),
        ],
    )
    .await;
    assert_eq!(saved.status(), 303, "{}", saved.text());
    let contacts = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await;
    assert!(
        contacts.to_string().contains("jo@fleet.example"),
        "{contacts}"
    );
    // When "Jo F." is merged into Jo Fleet, Then one Jo is left
    let dup = contact_id(&b.app, &case, "Jo F.").await;
    let dup_page = format!("/console/cases/{case}/contacts/{dup}");
    assert!(send(console(&b.app), get(&dup_page, &me))
        .await
        .text()
        .contains("Merge Jo F. into"));
    let merged = send_form(
        &b.app,
        &me,
        &dup_page,
        &format!("{dup_page}/merge"),
        &[("into", &jo)],
    )
    .await;
    assert_eq!(merged.status(), 303, "{}", merged.text());
    // When Sam is deleted
    let sam = contact_id(&b.app, &case, "Sam Driver").await;
    let sam_page = format!("/console/cases/{case}/contacts/{sam}");
    let deleted = send_form(&b.app, &me, &sam_page, &format!("{sam_page}/delete"), &[]).await;
    assert_eq!(deleted.status(), 303, "{}", deleted.text());
    // Then the case lists Jo Fleet only
    let names: Vec<String> = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, vec!["Jo Fleet".to_string()]);
    // And another dealer's advisor cannot open Jo's page (404)
    let other = sign_in(&b.app, "advisor", "d2").await;
    assert_eq!(
        send(console(&b.app), get(&page, &other)).await.status(),
        404
    );
}

async fn an_estimate_asked_of_jo(b: &TestBackend, case: &str, me: &str) -> String {
    let page = format!("/console/cases/{case}");
    add_contact(&b.app, me, case, "Jo Fleet", "214-555-0100").await;
    let typed = send_form(
        &b.app,
        me,
        &page,
        &format!("{page}/estimates"),
        &[
            ("kind-0", "labor"),
            ("description-0", "Brake job"),
            ("quantity-0", "2"),
            ("price-0", "150"),
            ("kind-1", "part"),
            ("description-1", "Brake pads"),
            ("quantity-1", "1"),
            ("price-1", "90"),
        ],
    )
    .await;
    assert_eq!(typed.status(), 303);
    let estimate = value_of(
        &send(console(&b.app), get(&page, me)).await.text(),
        "estimateId",
    );
    let jo = contact_id(&b.app, case, "Jo Fleet").await;
    let asked = send_form(
        &b.app,
        me,
        &page,
        &format!("{page}/quick-actions"),
        &[
            ("estimateId", &estimate),
            ("contact", &jo),
            ("action", "request_approval"),
        ],
    )
    .await;
    assert_eq!(asked.status(), 303, "{}", asked.text());
    estimate
}

#[tokio::test]
async fn a_revised_line_is_asked_again_and_the_history_and_version_pdf_show_what_was_sent() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let estimate = an_estimate_asked_of_jo(&b, &case, &me).await;
    let at = format!("/console/cases/{case}/estimates/{estimate}");
    // Given the customer approved both lines, recorded by the advisor from the phone call
    let case_page = format!("/console/cases/{case}");
    let decided = send_form(
        &b.app,
        &me,
        &case_page,
        &format!("{at}/decisions"),
        &[
            ("version", "1"),
            ("all", "approve"),
            ("approver", "Jo Fleet, on the phone"),
        ],
    )
    .await;
    assert_eq!(decided.status(), 303, "{}", decided.text());
    // When the advisor raises the pads' price on the estimate's page
    let page = send(console(&b.app), get(&at, &me)).await.text();
    assert!(
        page.contains("Version 1 (PDF)") && page.contains("Approved"),
        "{page}"
    );
    let mut fields: Vec<(String, String)> = (0..4)
        .flat_map(|i| {
            ["line", "kind", "description", "quantity", "price"]
                .map(|f| (format!("{f}-{i}"), field(&page, &format!("{f}-{i}"))))
        })
        .collect();
    fields.iter_mut().find(|(k, _)| k == "price-1").unwrap().1 = "110".into();
    fields.push(("seen".into(), value_of(&page, "seen")));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let saved = send_form(&b.app, &me, &at, &at, &pairs).await;
    assert_eq!(saved.status(), 303, "{}", saved.text());
    // Then the brake job keeps its approval and the pads wait for the customer again
    let e = api_get(&b.app, &format!("/v1/cases/{case}/estimates/{estimate}")).await;
    let statuses: Vec<&str> = e["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["approval"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "requested"], "{e}");
    // And the history lists the decisions, and version 1's PDF opens
    let page = send(console(&b.app), get(&at, &me)).await.text();
    assert!(
        page.contains("Brake job: <strong>Approved</strong> by")
            && page.contains("(recorded by the dealer)"),
        "{page}"
    );
    let pdf = send(console(&b.app), get(&format!("{at}/versions/1/pdf"), &me)).await;
    assert_eq!(pdf.status(), 200);
    assert!(pdf.body.starts_with(b"%PDF"), "a PDF");
}

/// A field's value on the page, empty when the field has none.
fn field(page: &str, name: &str) -> String {
    let key = format!("name=\"{name}\"");
    let Some(at) = page.find(&key) else {
        return String::new();
    };
    let tag = &page[at..at + page[at..].find('>').unwrap()];
    if name.starts_with("kind") {
        let options = &page[at..at + page[at..].find("</select>").unwrap()];
        return options
            .split("<option value=\"")
            .skip(1)
            .find(|o| o.contains("selected"))
            .map(|o| o.split('"').next().unwrap().to_string())
            .unwrap_or_default();
    }
    tag.split("value=\"")
        .nth(1)
        .map(|v| v.split('"').next().unwrap().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_revision_typed_before_the_customer_decided_is_refused_with_the_estimate_as_it_is_now() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let estimate = an_estimate_asked_of_jo(&b, &case, &me).await;
    let at = format!("/console/cases/{case}/estimates/{estimate}");
    // Given the advisor opened the estimate's page
    let page = send(console(&b.app), get(&at, &me)).await.text();
    // And meanwhile the customer declined the pads on the phone, recorded through the API
    let e = api_get(&b.app, &format!("/v1/cases/{case}/estimates/{estimate}")).await;
    let pads = e["lines"][1]["id"].as_str().unwrap();
    let (s, v) = user(&b.app, "POST", &format!("/v1/cases/{case}/estimates/{estimate}/decisions"), Some(json!({"version": 1, "lines": [{"lineId": pads, "decision": "decline", "reason": "Too dear"}]})), ("d1", "advisor", None)).await;
    assert_eq!(s, 200, "{v}");
    // When the advisor sends the page they had, with the pads at $110
    let fields = [
        ("seen", value_of(&page, "seen")),
        ("line-0", field(&page, "line-0")),
        ("kind-0", "labor".into()),
        ("description-0", "Brake job".into()),
        ("quantity-0", "2".into()),
        ("price-0", "150".into()),
        ("line-1", field(&page, "line-1")),
        ("kind-1", "part".into()),
        ("description-1", "Brake pads".into()),
        ("quantity-1", "1".into()),
        ("price-1", "110".into()),
    ];
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = send_form(&b.app, &me, &at, &at, &pairs).await;
    // Then it is refused (409), the page shows the decline, and the price stands at $90
    assert_eq!(refused.status(), 409, "{}", refused.text());
    let text = refused.text();
    assert!(
        text.contains("changed since the form was opened") && text.contains("Declined"),
        "{text}"
    );
    let e = api_get(&b.app, &format!("/v1/cases/{case}/estimates/{estimate}")).await;
    assert_eq!(e["lines"][1]["unitPriceCents"], json!(9000), "{e}");
}
