//! The reference console, walked as a person walks it: sign in, the active cases, a case,
//! a note; and what it refuses (a form without its token, another dealer's case, no
//! session). Through the console's router over the same App the API uses.

use axum::body::Body;
use casebridge_core::App;
use casebridge_testkit::{procede_search_on, seed_dealers, send, user, Reply, TestBackend};
use serde_json::json;

mod admin;
mod attachments;
mod changes;
mod contacts;
mod estimates;
mod parts;
mod prokeep;
mod search;

const SECRET: &[u8] = b"console-test-key";

fn console(app: &App) -> axum::Router {
    casebridge_infra::console::router(app.clone(), SECRET.to_vec(), None)
}

fn get(path: &str, cookie: &str) -> http::Request<Body> {
    http::Request::get(path)
        .header("cookie", cookie)
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, cookie: &str, form: &[(&str, &str)]) -> http::Request<Body> {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish();
    http::Request::post(path)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

/// The `name=value` of the cookie a reply sets, and its attributes.
fn set_cookie(r: &Reply) -> (String, String) {
    let v = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let (pair, attrs) = v.split_once(';').unwrap();
    (pair.to_string(), attrs.to_string())
}

fn csrf_of(html: &str) -> String {
    value_of(html, "csrf")
}

/// The value of the form field `name` on a page.
fn value_of(html: &str, name: &str) -> String {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key).expect("the field") + key.len();
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

fn location(r: &Reply) -> String {
    r.headers()["location"].to_str().unwrap().to_string()
}

/// What a person does on a page: opens `page`, fills in `fields` of its form and sends it
/// to `action` (with the form's CSRF token, as the browser does).
async fn send_form(
    app: &App,
    me: &str,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let csrf = csrf_of(&send(console(app), get(page, me)).await.text());
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    send(console(app), post(action, me, &all)).await
}

/// Signs in as `role` of `dealer` the way a browser does; the session cookie.
async fn sign_in(app: &App, role: &str, dealer: &str) -> String {
    let front = send(console(app), get("/console", "")).await;
    assert_eq!(front.status(), 200);
    let (pre, _) = set_cookie(&front);
    let csrf = csrf_of(&front.text());
    let signed = send(
        console(app),
        post(
            "/console/sign-in",
            &pre,
            &[("csrf", &csrf), ("as", role), ("dealer", dealer)],
        ),
    )
    .await;
    assert_eq!(signed.status(), 303, "{}", signed.text());
    let home = match role {
        "advisor" | "dealer_admin" => "/console/cases",
        "oem_admin" | "platform_admin" => "/console/admin",
        _ => "/console/prokeep",
    };
    assert_eq!(location(&signed), home, "{role}'s work starts there");
    let (session, attrs) = set_cookie(&signed);
    assert!(
        attrs.contains("HttpOnly") && attrs.contains("SameSite=Strict"),
        "{attrs}"
    );
    session
}

/// What the API answers the advisor of d1 for `path` (200 expected).
async fn api_get(app: &App, path: &str) -> serde_json::Value {
    let (s, v) = user(app, "GET", path, None, ("d1", "advisor", None)).await;
    assert_eq!(s, 200, "{path}: {v}");
    v
}

/// Given d1's advisor signed in, and a new case for Acme Freight: the case and the session.
async fn an_advisor_of_d1_on_a_new_case(b: &TestBackend) -> (String, String) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "Acme Freight").await;
    (case, sign_in(&b.app, "advisor", "d1").await)
}

async fn new_case(app: &App, name: &str) -> String {
    let (s, c) = user(
        app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": name}, "asset": {"unitNumber": "T-7"}})),
        ("d1", "advisor", None),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    c["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn an_advisor_signs_in_opens_a_case_from_the_list_and_adds_a_note_it_then_shows() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "Acme Freight").await;
    // Given the advisor of d1 signed in
    let me = sign_in(&b.app, "advisor", "d1").await;
    // When they open the active cases, Then the case is there, by number and customer
    let list = send(console(&b.app), get("/console/cases", &me)).await;
    assert_eq!(list.status(), 200);
    let html = list.text();
    assert!(
        html.contains("Acme Freight") && html.contains("#1001") && html.contains("Open"),
        "{html}"
    );
    assert!(html.contains(&format!("/console/cases/{case}")));
    assert!(
        html.contains("Local reference console"),
        "every page says it is local only"
    );
    // When they add an internal note from the case page
    let page = send(console(&b.app), get(&format!("/console/cases/{case}"), &me)).await;
    let csrf = csrf_of(&page.text());
    let added = send(
        console(&b.app),
        post(
            &format!("/console/cases/{case}/notes"),
            &me,
            &[
                ("csrf", &csrf),
                ("text", "Brake chambers ordered"),
                ("visibility", "internal"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status(), 303, "{}", added.text());
    // Then the case page shows it, says who sees it, and the API has it under the demo name
    let after = send(console(&b.app), get(&location(&added), &me))
        .await
        .text();
    assert!(after.contains("Brake chambers ordered"), "{after}");
    assert!(after.contains("Internal note added"), "{after}");
    let notes = api_get(&b.app, &format!("/v1/cases/{case}/notes")).await;
    assert_eq!(
        notes["items"][0]["author"]["name"], "Demo advisor",
        "{notes}"
    );
    // And an external note on a case without recipients says nobody was told
    let told = send(
        console(&b.app),
        post(
            &format!("/console/cases/{case}/notes"),
            &me,
            &[
                ("csrf", &csrf),
                ("text", "Ready at 4"),
                ("visibility", "external"),
            ],
        ),
    )
    .await;
    let said = send(console(&b.app), get(&location(&told), &me))
        .await
        .text();
    assert!(said.contains("nobody was told"), "{said}");
    // And signing out ends the session
    let out = send(
        console(&b.app),
        post("/console/sign-out", &me, &[("csrf", &csrf)]),
    )
    .await;
    assert_eq!(out.status(), 303);
    assert!(set_cookie(&out).1.contains("Max-Age=0"));
}

#[tokio::test]
async fn the_console_refuses_a_form_without_its_token_another_dealers_case_and_no_session() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let note = format!("/console/cases/{case}/notes");
    // A form without its token, or with another session's, is refused with a page (403)
    for csrf in ["", "0123456789abcdef0123456789abcdef"] {
        let r = send(
            console(&b.app),
            post(
                &note,
                &me,
                &[("csrf", csrf), ("text", "x"), ("visibility", "internal")],
            ),
        )
        .await;
        assert_eq!(r.status(), 403, "{csrf:?}");
        assert!(r.text().contains("CSRF token"), "{}", r.text());
    }
    let other = sign_in(&b.app, "advisor", "d1").await;
    let theirs = csrf_of(
        &send(console(&b.app), get("/console/cases", &other))
            .await
            .text(),
    );
    let r = send(
        console(&b.app),
        post(
            &note,
            &me,
            &[("csrf", &theirs), ("text", "x"), ("visibility", "internal")],
        ),
    )
    .await;
    assert_eq!(r.status(), 403);
    // Another dealer's advisor does not find the case (404 page)
    let d2 = sign_in(&b.app, "advisor", "d2").await;
    let r = send(console(&b.app), get(&format!("/console/cases/{case}"), &d2)).await;
    assert_eq!(r.status(), 404);
    assert!(r.text().contains("not found"), "{}", r.text());
    // Without a session every console page sends the browser to sign in
    let r = send(console(&b.app), get("/console/cases", "")).await;
    assert_eq!(
        (r.status().as_u16(), location(&r)),
        (303, "/console".to_string())
    );
    // A sign-in form not served to this browser, or as someone the console has no screens for
    let r = send(
        console(&b.app),
        post(
            "/console/sign-in",
            "",
            &[("csrf", "x"), ("as", "advisor"), ("dealer", "d1")],
        ),
    )
    .await;
    assert_eq!(r.status(), 403);
    // And nothing was written by the refused forms
    let notes = api_get(&b.app, &format!("/v1/cases/{case}/notes")).await;
    assert_eq!(notes["items"], json!([]));
}
