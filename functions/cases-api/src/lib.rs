//! `cases-api`: the Case users' HTTP routes. Maps HTTP to one service call each.

use casebridge::cases::{
    self, AttachmentPatch, CaseFilter, CaseStatus, NewCase, NewNote, StatusChangeRequest,
};
use casebridge::http::{self, caller, json, json_body, query, query_number, Response};
use casebridge::ports::Order;
use casebridge::{dealers, App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

/// The routes this function answers (also declared in `template.yaml`; a test compares).
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/cases"),
    ("GET", "/v1/cases"),
    ("GET", "/v1/cases/{caseId}"),
    ("POST", "/v1/cases/{caseId}/status"),
    ("GET", "/v1/cases/{caseId}/notes"),
    ("POST", "/v1/cases/{caseId}/notes"),
    ("GET", "/v1/cases/{caseId}/attachments"),
    ("PATCH", "/v1/cases/{caseId}/attachments/{attachmentId}"),
    (
        "GET",
        "/v1/cases/{caseId}/attachments/{attachmentId}/content",
    ),
    ("GET", "/v1/dealers/{dealerId}/settings"),
    ("PUT", "/v1/dealers/{dealerId}/settings"),
];

/// Bodies here are small JSON documents; anything larger is a mistake.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let m = req.method();
    let who = caller(req)?;
    let q = query(req);
    let page = |order| cases::page_for(query_number(&q, "limit")?, q.get("page").cloned(), order);
    match (segs.as_slice(), m) {
        (["v1", "cases"], &Method::POST) => json(
            201,
            &cases::create_case(app, &who, json_body::<NewCase>(req, MAX_BODY_BYTES)?).await?,
        ),
        (["v1", "cases"], &Method::GET) => {
            let filter = match q.get("status").map(String::as_str) {
                None | Some("") => CaseFilter::All,
                Some(s) => CaseFilter::Status(CaseStatus::parse(s, "status")?),
            };
            json(
                200,
                &cases::list_cases(app, &who.dealer, filter, page(Order::Descending)?).await?,
            )
        }
        (["v1", "cases", id], &Method::GET) => json(200, &cases::get_case(app, &who, id).await?),
        (["v1", "cases", id, "status"], &Method::POST) => {
            let body: StatusChangeRequest = json_body(req, MAX_BODY_BYTES)?;
            json(
                200,
                &cases::change_status(app, &who, id, body.status).await?,
            )
        }
        (["v1", "cases", id, "notes"], &Method::GET) => json(
            200,
            &cases::list_notes(app, &who, id, page(Order::Ascending)?).await?,
        ),
        (["v1", "cases", id, "notes"], &Method::POST) => {
            let body: NewNote = json_body(req, MAX_BODY_BYTES)?;
            json(201, &cases::add_note(app, &who, id, body).await?)
        }
        (["v1", "cases", id, "attachments"], &Method::GET) => json(
            200,
            &cases::list_attachments(app, &who, id, page(Order::Ascending)?).await?,
        ),
        (["v1", "cases", id, "attachments", att], &Method::PATCH) => {
            let body: AttachmentPatch = json_body(req, MAX_BODY_BYTES)?;
            json(
                200,
                &cases::set_attachment_visibility(app, &who, id, att, body.visibility).await?,
            )
        }
        (["v1", "cases", id, "attachments", att, "content"], &Method::GET) => {
            http::redirect(&cases::attachment_download_url(app, &who, id, att).await?)
        }
        (["v1", "dealers", d, "settings"], &Method::GET) => {
            json(200, &dealers::get_settings(app, &who, d).await?)
        }
        (["v1", "dealers", d, "settings"], &Method::PUT) => {
            let body = json_body(req, MAX_BODY_BYTES)?;
            json(200, &dealers::update_settings(app, &who, d, body).await?)
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
