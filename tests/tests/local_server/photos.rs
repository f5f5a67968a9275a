//! An advisor's photo through the local server over real HTTP: the upload link takes a
//! photo bigger than the API's 6 MB limit, straight to the data folder, and checks it.

use super::*;

#[tokio::test]
async fn a_seven_megabyte_photo_goes_past_the_api_limit_to_its_line() {
    // Given a case with an estimate at the local server
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let http = casebridge_testkit::http_client();
    let api = |path: &str| format!("{}{path}", srv.base_url);
    let (s, case) = send(
        &http,
        reqwest::Method::POST,
        api("/v1/cases"),
        Some(&advisor),
        Some(json!({"customer": {"name": "Jo Fleet Inc"}, "asset": {"unitNumber": "T-7"}})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{case}");
    let case = case["id"].as_str().unwrap();
    let (s, est) = send(
        &http,
        reqwest::Method::POST,
        api(&format!("/v1/cases/{case}/estimates")),
        Some(&advisor),
        Some(
            json!({"lines": [{"kind": "part", "description": "Steer tyre", "quantity": 2,
            "unitPriceCents": 45000}]}),
        ),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{est}");
    let photos = api(&format!(
        "/v1/cases/{case}/estimates/{}/lines/{}/photos",
        est["id"].as_str().unwrap(),
        est["lines"][0]["id"].as_str().unwrap()
    ));
    // When the advisor asks for an upload link and PUTs a 7 MB JPEG to it
    let (s, upload) = send(
        &http,
        reqwest::Method::POST,
        photos.clone(),
        Some(&advisor),
        Some(json!({"caption": "Bulge on the left steer tyre"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{upload}");
    let link = upload["uploadUrl"].as_str().unwrap().to_string();
    assert!(link.starts_with(&srv.base_url), "{link}");
    let mut photo = vec![0xFF, 0xD8, 0xFF, 0xE0];
    photo.resize(7 * 1024 * 1024, 0x20);
    let put = http
        .put(&link)
        .header("content-type", "image/jpeg")
        .body(photo.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::OK);
    // Then it is checked and ready, and its link shows it inline
    let (s, list) = send(&http, reqwest::Method::GET, photos, Some(&advisor), None).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["items"][0]["status"], "ready", "{list}");
    let shown = http
        .get(list["items"][0]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(shown.headers()["content-disposition"], "inline");
    assert_eq!(shown.bytes().await.unwrap().len(), photo.len());
    // And a forged link, or a file far past any photo, is refused at the door
    let forged = link.replace("sig=", "sig=00");
    let put = http.put(&forged).body(vec![0xFF; 10]).send().await.unwrap();
    assert_eq!(put.status(), StatusCode::FORBIDDEN);
    let put = http
        .put(&link)
        .body(vec![0u8; 33 * 1024 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), StatusCode::PAYLOAD_TOO_LARGE);
    srv.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
