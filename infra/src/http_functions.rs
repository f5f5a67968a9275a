//! Every HTTP function's routes, as its Lambda serves them: merged for the local server and
//! the API document, and wired per function (only the ports its `main.rs` wires) so a
//! forgotten port fails locally as it would in AWS. The console's Prokeep stand-in sends its
//! signed calls to these routes too.

use casebridge_core::ports::{functions, Function};
use casebridge_core::App;
use casebridge_http::openapi;
use utoipa_axum::router::OpenApiRouter;

/// Every HTTP function with its routes, as its Lambda serves them.
pub fn functions() -> [(&'static Function, OpenApiRouter<App>); 11] {
    [
        (&functions::CASES_API, cases_api::routes()),
        (&functions::THREAD_EXPORT, thread_export::routes()),
        (&functions::THREAD_CLOSE, thread_close::routes()),
        (&functions::PARTS_ESCALATION, parts_escalation::routes()),
        (&functions::PROKEEP_CALLBACK, prokeep_callback::routes()),
        (&functions::PROCEDE_LOOKUP, procede_lookup::routes()),
        (&functions::CONTACTS_API, contacts_api::routes()),
        (&functions::MOBILE_PAGE, mobile_page::routes()),
        (&functions::ESTIMATE_PDF, estimate_pdf::routes()),
        (&functions::ESTIMATE_PHOTOS, estimate_photos::routes()),
        (&functions::ADMIN_API, admin_api::routes()),
    ]
}

/// Every HTTP function's routes merged (their OpenAPI declarations).
pub fn api() -> OpenApiRouter<App> {
    functions()
        .into_iter()
        .fold(OpenApiRouter::new(), |all, (_, routes)| all.merge(routes))
}

/// Every HTTP function's routes, each over `app` as that function wires it (only the ports
/// its `main.rs` wires): a forgotten port fails here as it would in AWS.
pub fn routes_as_deployed(app: &App) -> axum::Router {
    functions()
        .into_iter()
        .fold(axum::Router::new(), |all, (function, routes)| {
            let (routes, _doc) = routes.split_for_parts();
            all.merge(casebridge_http::over(
                routes,
                app.wired_only(function.ports),
            ))
        })
}

/// The API document (`openapi.json`), collected from the routers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    openapi::complete(api().into_openapi())
}
