//! Case's own customers: listed, searched, owning their assets; Procede previews show the
//! form before the confirm.

use super::*;

async fn case_customers_are_listed_and_searched_and_own_their_assets(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given two customers typed into Case and one added from Procede
    for body in [
        json!({"name": "Johnson Tires", "city": "Denver"}),
        json!({"name": "José's Trucking", "city": "Dallas", "customerNumber": "C-88"}),
    ] {
        let (s, c) = user(&b.app, "POST", "/v1/customers", Some(body), D1_ADVISOR).await;
        assert_eq!(s, 201, "{c}");
    }
    std::fs::write(
        &b.procede_file,
        serde_json::to_vec(&json!([{"procedeId": "P9", "name": "Prairie Haulers", "city": "Tulsa", "customerNumber": "C-9"}])).unwrap(),
    )
    .unwrap();
    procede_search_on(&b.app).await;
    let (s, added) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P9"})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{added}");
    // When an advisor lists and searches the customers
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (s, all) = user(&b.app, "GET", "/v1/customers", None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{all}");
    let mut got = names(&all);
    got.sort();
    assert_eq!(
        got,
        vec!["Johnson Tires", "José's Trucking", "Prairie Haulers"]
    );
    // Then every word must start a word of the name, number or city (accents ignored)
    for (q, want) in [
        ("jose", vec!["José's Trucking"]),
        ("dal", vec!["José's Trucking"]),
        ("tul hau", vec!["Prairie Haulers"]),
        ("c-9", vec!["Prairie Haulers"]),
        ("ohnson", vec![]),
    ] {
        let (s, hits) = user(
            &b.app,
            "GET",
            &format!("/v1/customers?q={}", q.replace(' ', "+")),
            None,
            D1_ADVISOR,
        )
        .await;
        assert_eq!(s, 200, "{hits}");
        assert_eq!(names(&hits), want, "{q}");
    }
    let procede = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Prairie Haulers")
        .unwrap();
    assert_eq!(
        (procede["source"].as_str(), procede["readOnly"].as_bool()),
        (Some("procede"), Some(true))
    );
    // one page at a time
    let (_, first) = user(&b.app, "GET", "/v1/customers?limit=2", None, D1_ADVISOR).await;
    assert_eq!(first["items"].as_array().unwrap().len(), 2);
    let next = first["nextPage"].as_str().unwrap();
    let (_, second) = user(
        &b.app,
        "GET",
        &format!("/v1/customers?limit=2&page={next}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    // Another dealer sees none of them
    let (_, theirs) = user(
        &b.app,
        "GET",
        "/v1/customers",
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(theirs["items"], json!([]));
    // Cases on a customer link its asset: the same VIN twice is one asset with both cases
    let johnson = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Johnson Tires")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut case_ids = Vec::new();
    for (unit, vin) in [
        ("T-101", "1XKYD49X0MJ441256"),
        ("T-101B", "1XKYD49X0MJ441256"),
        ("T-7", "3AKJHHDR5KSKE1234"),
    ] {
        let (s, c) = user(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Johnson Tires", "id": johnson},
            "asset": {"unitNumber": unit, "vin": vin, "make": "Kenworth"}})),
            D1_ADVISOR,
        )
        .await;
        assert_eq!(s, 201, "{c}");
        case_ids.push(c["id"].as_str().unwrap().to_string());
    }
    let (s, assets) = user(
        &b.app,
        "GET",
        &format!("/v1/customers/{johnson}/assets"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{assets}");
    let assets = assets["items"].as_array().unwrap();
    assert_eq!(assets.len(), 2, "{assets:?}");
    let twice = assets
        .iter()
        .find(|a| a["vin"] == "1XKYD49X0MJ441256")
        .unwrap();
    assert_eq!(twice["caseIds"], json!([case_ids[0], case_ids[1]]));
    assert_eq!(
        twice["unitNumber"], "T-101B",
        "the latest case says the unit number now"
    );
    // And a case on a customer that is not the dealer's is refused
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "X", "id": "cust-nope"}, "asset": {"unitNumber": "T-1"}})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 422, "{p}");
}

async fn procede_previews_show_the_form_before_the_confirm(b: TestBackend) {
    seed_dealers(&b.app).await;
    let write_dms = |name: &str, city: &str| {
        std::fs::write(
            &b.procede_file,
            serde_json::to_vec(&json!([{"procedeId": "P1", "name": name, "customerNumber": "C-1", "phone": "(214) 555-0123", "city": city, "state": "TX"}])).unwrap(),
        )
        .unwrap();
    };
    write_dms("Prairie Haulers", "Tulsa");
    user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"procedeSearchEnabled": true})),
        ("d1", "dealer_admin", None),
    )
    .await;
    // When the advisor opens the DMS customer: the New Customer form, prefilled, nothing written
    let (s, preview) = user(&b.app, "GET", "/v1/procede/customers/P1", None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{preview}");
    assert_eq!(preview["form"]["name"], "Prairie Haulers");
    assert_eq!(preview["form"]["city"], "Tulsa");
    assert!(preview.get("customerId").is_none());
    let (_, listed) = user(&b.app, "GET", "/v1/customers", None, D1_ADVISOR).await;
    assert_eq!(listed["items"], json!([]), "a preview writes nothing");
    // The record changes in Procede before the confirm: the confirm is refused
    write_dms("Prairie Haulers LLC", "Tulsa");
    let stale = preview["dmsVersion"].as_str().unwrap().to_string();
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P1", "dmsVersion": stale})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    // reviewed again, it is confirmed
    let (_, preview) = user(&b.app, "GET", "/v1/procede/customers/P1", None, D1_ADVISOR).await;
    let (s, added) = user(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P1", "dmsVersion": preview["dmsVersion"]})),
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{added}");
    assert_eq!(added["name"], "Prairie Haulers LLC");
    let id = added["id"].as_str().unwrap().to_string();
    // The Edit Customer form after a change in Procede: the changes, nothing written yet
    write_dms("Prairie Haulers LLC", "Oklahoma City");
    let refresh = format!("/v1/customers/{id}/refresh-from-procede");
    let (s, edit) = user(&b.app, "GET", &refresh, None, D1_ADVISOR).await;
    assert_eq!(s, 200, "{edit}");
    assert_eq!(edit["form"]["city"], "Oklahoma City");
    assert_eq!(edit["customer"]["city"], "Tulsa");
    assert_eq!(
        edit["changes"],
        json!([{"field": "city", "old": "Tulsa", "new": "Oklahoma City"}])
    );
    let (_, still) = user(
        &b.app,
        "GET",
        &format!("/v1/customers/{id}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(still["city"], "Tulsa");
    // A confirm of a stale preview is refused; of the current one, applied
    let version = edit["dmsVersion"].as_str().unwrap().to_string();
    write_dms("Prairie Haulers LLC", "Norman");
    let (s, p) = user(
        &b.app,
        "POST",
        &format!("{refresh}?dmsVersion={version}"),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (_, edit) = user(&b.app, "GET", &refresh, None, D1_ADVISOR).await;
    let (s, done) = user(
        &b.app,
        "POST",
        &format!(
            "{refresh}?dmsVersion={}",
            edit["dmsVersion"].as_str().unwrap()
        ),
        None,
        D1_ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{done}");
    assert_eq!(done["customer"]["city"], "Norman");
}

casebridge_testkit::on_every_backend!(
    case_customers_are_listed_and_searched_and_own_their_assets,
    procede_previews_show_the_form_before_the_confirm,
);
