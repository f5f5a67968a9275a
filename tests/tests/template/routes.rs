//! Routes, documents and the template agree: each route served by its function and no
//! other, openapi.json the routers' own, the authorizer on exactly the bearer routes.

use super::*;

#[test]
fn every_template_route_is_served_by_its_function_and_no_other() {
    let declared: BTreeSet<(String, String, String)> = template_http_events()
        .into_iter()
        .map(|e| (e.function, e.method, e.path))
        .collect();
    let served: BTreeSet<(String, String, String)> = function_documents()
        .iter()
        .flat_map(|(function, doc)| {
            casebridge_http::openapi::operations(doc)
                .into_iter()
                .map(move |(m, p)| (logical_id(function), m, p))
        })
        .collect();
    assert!(!declared.is_empty());
    assert_eq!(declared, served, "template.yaml and the routers disagree");
}

/// Each function's serving router (built without its documentation) answers every route
/// its documented routes declare, and nothing routes to a 404 or 405 that the document has.
#[tokio::test]
async fn every_documented_route_is_served_by_the_functions_router() {
    let b = casebridge_testkit::TestBackend::embedded();
    let routers: Vec<(&str, axum::Router)> = vec![
        ("cases-api", cases_api::router(b.app.clone())),
        ("thread-export", thread_export::router(b.app.clone())),
        ("thread-close", thread_close::router(b.app.clone())),
        ("parts-escalation", parts_escalation::router(b.app.clone())),
        ("prokeep-callback", prokeep_callback::router(b.app.clone())),
        ("procede-lookup", procede_lookup::router(b.app.clone())),
        ("contacts-api", contacts_api::router(b.app.clone())),
        ("mobile-page", mobile_page::router(b.app.clone())),
        ("estimate-pdf", estimate_pdf::router(b.app.clone())),
        ("estimate-photos", estimate_photos::router(b.app.clone())),
        ("admin-api", admin_api::router(b.app.clone())),
    ];
    let docs = function_documents();
    for ((name, router), (doc_name, doc)) in routers.into_iter().zip(docs) {
        assert_eq!(name, doc_name);
        for (method, path) in casebridge_http::openapi::operations(&doc) {
            let concrete: String = path
                .split('/')
                .map(|seg| if seg.starts_with('{') { "x1" } else { seg })
                .collect::<Vec<_>>()
                .join("/");
            let reply = casebridge_testkit::send(
                router.clone(),
                casebridge_testkit::request(&method, &concrete, None),
            )
            .await;
            // Routing misses answer problem+json saying "route …"; a handler may answer a page
            // (the mobile routes), which means it was reached.
            let status = reply.status().as_u16();
            let body: serde_json::Value =
                serde_json::from_slice(&reply.body).unwrap_or(serde_json::Value::Null);
            let unrouted = status == 405
                || (status == 404 && body["detail"].as_str().unwrap_or("").starts_with("route "));
            assert!(
                !unrouted,
                "{name}: {method} {path} is not served: {status} {body}"
            );
        }
    }
}

#[test]
fn the_jwt_authorizer_guards_exactly_the_routes_that_declare_a_bearer_token() {
    let doc = casebridge_infra::server::openapi();
    for e in template_http_events() {
        let security = casebridge_http::openapi::security_of(&doc, &e.method, &e.path);
        let bearer = security
            .as_ref()
            .is_some_and(|s| s.iter().any(|n| n == casebridge_http::openapi::BEARER));
        assert_eq!(
            !e.open,
            bearer,
            "{} {}: the template's authorizer and the route's declared security disagree ({security:?})",
            e.method,
            e.path
        );
    }
}

#[test]
fn openapi_json_is_the_document_the_routers_declare() {
    let generated = casebridge_http::openapi::to_file(&casebridge_infra::server::openapi());
    let path = root().join("openapi.json");
    if std::env::var_os("CASEBRIDGE_WRITE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "openapi.json is not what the routers declare; regenerate it with \
         `cargo run -q -p casebridge-infra --bin casebridge -- openapi > openapi.json`"
    );
    let doc: serde_json::Value = serde_json::from_str(&checked_in).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
}

#[test]
fn openapi_json_documents_exactly_the_template_routes() {
    let doc = casebridge_infra::server::openapi();
    let documented: BTreeSet<(String, String)> = casebridge_http::openapi::operations(&doc)
        .into_iter()
        .collect();
    let declared: BTreeSet<(String, String)> = template_http_events()
        .into_iter()
        .map(|e| (e.method, e.path))
        .collect();
    assert_eq!(documented, declared);
}

#[test]
fn the_readme_prints_the_permissions_table_the_code_enforces() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table = casebridge_core::auth::permissions::table_markdown();
    assert!(
        readme.contains(&table),
        "README.md must carry the permissions table as the code has it:\n{table}"
    );
}
