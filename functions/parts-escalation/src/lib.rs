//! `parts-escalation`: an advisor escalates a Parts Hold case to a Prokeep group, and
//! Case users see the case's parts requests.

use casebridge::http::{self, caller, json, json_body, Response};
use casebridge::parts::{self, NewEscalation};
use casebridge::{App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/cases/{caseId}/parts-escalations"),
    ("GET", "/v1/cases/{caseId}/parts-requests"),
];

pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let who = caller(req)?;
    match (segs.as_slice(), req.method()) {
        (["v1", "cases", id, "parts-escalations"], &Method::POST) => {
            let body: NewEscalation = json_body(req, MAX_BODY_BYTES)?;
            json(201, &parts::escalate(app, &who, id, body).await?)
        }
        (["v1", "cases", id, "parts-requests"], &Method::GET) => {
            json(200, &parts::list_for_case(app, &who, id).await?)
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
