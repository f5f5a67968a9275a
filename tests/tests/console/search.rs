//! SEARCH as the seeds walk it: a Procede customer searched ("John"), added from the
//! prefilled New Customer page (CREATE), then changed in the DMS and brought up to date
//! from Edit Customer (SAVE); and a New Customer page whose DMS record changed meanwhile.

use super::*;

fn dms(phone_of_p1: &str) -> serde_json::Value {
    json!([
        {"procedeId": "P1", "name": "John Deere", "customerNumber": "C-1", "phone": phone_of_p1, "city": "Des Moines"},
        {"procedeId": "P2", "name": "Johnson Tires", "customerNumber": "C-2", "phone": "(303) 555-0100", "city": "Denver"},
    ])
}

fn write_dms(b: &TestBackend, v: &serde_json::Value) {
    std::fs::write(&b.procede_file, serde_json::to_vec(v).unwrap()).unwrap();
}

#[tokio::test]
async fn an_advisor_adds_a_procede_customer_and_later_saves_what_changed_in_the_dms() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    procede_search_on(&b.app).await;
    write_dms(&b, &dms("(515) 555-0199"));
    let me = sign_in(&b.app, "advisor", "d1").await;
    // When the advisor searches Procede by name for "John"
    let found = send(console(&b.app), get("/console/search?by=name&q=John", &me))
        .await
        .text();
    assert!(
        found.contains("John Deere") && found.contains("Johnson Tires"),
        "{found}"
    );
    assert!(
        found.contains("href=\"/console/procede/P1/new\""),
        "Add Customer for P1: {found}"
    );
    // And opens Add Customer: the New Customer page, filled in, read-only, with the note
    let new = send(console(&b.app), get("/console/procede/P1/new", &me)).await;
    assert_eq!(new.status(), 200);
    let page = new.text();
    assert!(
        page.contains("New Customer")
            && page.contains("Do NOT modify")
            && page.contains("(515) 555-0199"),
        "{page}"
    );
    assert!(page.contains("readonly"), "{page}");
    let version = value_of(&page, "dmsVersion");
    // When they click CREATE
    let created = send(
        console(&b.app),
        post(
            "/console/procede/P1/new",
            &me,
            &[("csrf", &csrf_of(&page)), ("dmsVersion", &version)],
        ),
    )
    .await;
    assert_eq!(created.status(), 303, "{}", created.text());
    let customer = location(&created);
    // Then the customer's page shows it as Procede's, and SEARCH now offers Edit Customer
    let shown = send(console(&b.app), get(&customer, &me)).await.text();
    assert!(
        shown.contains("John Deere") && shown.contains("From Procede"),
        "{shown}"
    );
    let again = send(console(&b.app), get("/console/search?by=name&q=John", &me))
        .await
        .text();
    assert!(
        again.contains("Edit Customer") && again.contains(&format!("{customer}/edit")),
        "{again}"
    );
    assert!(
        again.contains(&format!("href=\"{customer}\"")),
        "listed among Case customers: {again}"
    );
    // When the advisor opens a case for John Deere on unit JD-9 from the customer's page
    let opened = send_form(
        &b.app,
        &me,
        &customer,
        &format!("{customer}/cases"),
        &[
            ("unitNumber", "JD-9"),
            ("vin", ""),
            ("make", "Peterbilt"),
            ("model", ""),
        ],
    )
    .await;
    assert_eq!(opened.status(), 303, "{}", opened.text());
    // Then the case carries the DMS customer, and the customer's page lists the unit
    let case_page = send(console(&b.app), get(&location(&opened), &me))
        .await
        .text();
    assert!(
        case_page.contains("John Deere") && case_page.contains("Unit JD-9"),
        "{case_page}"
    );
    assert!(send(console(&b.app), get(&customer, &me))
        .await
        .text()
        .contains("Unit JD-9"));
    // When the DMS record changes and the advisor opens Edit Customer
    write_dms(&b, &dms("(515) 555-0142"));
    let edit = send(console(&b.app), get(&format!("{customer}/edit"), &me))
        .await
        .text();
    assert!(
        edit.contains("What changed in Procede") && edit.contains("(515) 555-0142"),
        "{edit}"
    );
    // And clicks SAVE, Then the customer has the DMS's new phone
    let saved = send(
        console(&b.app),
        post(
            &format!("{customer}/edit"),
            &me,
            &[
                ("csrf", &csrf_of(&edit)),
                ("dmsVersion", &value_of(&edit, "dmsVersion")),
            ],
        ),
    )
    .await;
    assert_eq!(saved.status(), 303, "{}", saved.text());
    let shown = send(console(&b.app), get(&customer, &me)).await.text();
    assert!(shown.contains("(515) 555-0142"), "{shown}");
}

#[tokio::test]
async fn a_new_customer_page_whose_dms_record_changed_meanwhile_is_refused_with_a_409_page() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    procede_search_on(&b.app).await;
    write_dms(&b, &dms("(515) 555-0199"));
    let me = sign_in(&b.app, "advisor", "d1").await;
    let page = send(console(&b.app), get("/console/procede/P1/new", &me))
        .await
        .text();
    write_dms(&b, &dms("(515) 555-0100"));
    let r = send(
        console(&b.app),
        post(
            "/console/procede/P1/new",
            &me,
            &[
                ("csrf", &csrf_of(&page)),
                ("dmsVersion", &value_of(&page, "dmsVersion")),
            ],
        ),
    )
    .await;
    assert_eq!(r.status(), 409);
    assert!(r.text().contains("changed"), "{}", r.text());
    // And nothing was added
    let listed = api_get(&b.app, "/v1/customers").await;
    assert_eq!(listed["items"], json!([]));
}
