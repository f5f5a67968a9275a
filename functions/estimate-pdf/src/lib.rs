//! `estimate-pdf`: a version of an estimate as a PDF — the lines as sent, the totals, the
//! decisions made on it and who authorised them — for a Case user, and for the customer
//! behind their signed link (a refusal is a page a person can read, as on the mobile page).

use axum::extract::State;
use axum::response::Response;
use casebridge_core::{estimates, mobile, App};
use casebridge_http::pages::{problem_page, Browser};
use casebridge_http::paths::EstimateVersionPath;
use casebridge_http::{pdf_response, ApiResult, Path, User};

casebridge_http::api! {
    [estimate_version_pdf],
    [estimate_pdf],
}

/// One version as a PDF: the lines as sent, the totals, the decisions made on it and who
/// authorised them.
#[utoipa::path(get, path = "/v1/cases/{caseId}/estimates/{estimateId}/versions/{n}/pdf", tag = "cases",
    params(EstimateVersionPath),
    responses((status = 200, description = "The PDF", content_type = "application/pdf")),
    security(("bearer" = [])))]
async fn estimate_version_pdf(
    State(app): State<App>,
    User(who): User,
    Path(EstimateVersionPath {
        case_id,
        estimate_id,
        n,
    }): Path<EstimateVersionPath>,
) -> ApiResult<Response> {
    let pdf = estimates::version_pdf_for(&app, &who, &case_id, &estimate_id, n).await?;
    Ok(pdf_response(pdf, &format!("estimate-v{n}.pdf")))
}

/// A version of an estimate on the case as a PDF, through the customer's link.
#[utoipa::path(get, path = "/m/{token}/estimates/{estimateId}/versions/{n}/pdf", tag = "mobile",
    params(
        ("token" = String, Path, description = "The signed link from the text"),
        ("estimateId" = String, Path, description = "The estimate"),
        ("n" = u32, Path, description = "The version's number"),
    ),
    responses(
        (status = 200, description = "The PDF", content_type = "application/pdf"),
        (status = "4XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
        (status = "5XX", description = "A page saying what is wrong and what to do", content_type = "text/html"),
    ))]
async fn estimate_pdf(
    State(app): State<App>,
    Path((token, estimate_id, n)): Path<(String, String, String)>,
    browser: Browser,
) -> Response {
    let back = format!("/m/{token}");
    let printed = async {
        let opened = mobile::page::open(&app, &token).await?;
        mobile::page::version_pdf(&app, &opened, &estimate_id, &n).await
    };
    match printed.await {
        Ok(pdf) => pdf_response(pdf, &format!("estimate-v{n}.pdf")),
        Err(e) => problem_page(&app, &token, &e, Some(&back), browser).await,
    }
}
