//! `thread-export`: the Prokeep connector picks an open case and attaches a thread to it
//! as a PDF transcript. Every call is signed with the dealer's connector secret.

use casebridge::http::{self, connector_dealer, json, parse_json, query, query_number, Response};
use casebridge::ports::Order;
use casebridge::transcripts::{self, AttachThreadRequest};
use casebridge::{cases, App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/prokeep/open-cases"),
    ("POST", "/v1/prokeep/threads/{threadId}/attachments"),
];

/// Threads are large; Lambda's 6 MB payload limit binds first, so stay under it.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (segs.as_slice(), req.method()) {
        (["v1", "prokeep", "open-cases"], &Method::GET) => {
            let dealer = connector_dealer(app, req, MAX_BODY_BYTES).await?;
            let q = query(req);
            let page = cases::page_for(
                query_number(&q, "limit")?,
                q.get("page").cloned(),
                Order::Descending,
            )?;
            let found =
                cases::search_open_cases(app, &dealer.id, q.get("q").map(String::as_str), page)
                    .await?;
            json(200, &found)
        }
        (["v1", "prokeep", "threads", thread, "attachments"], &Method::POST) => {
            let dealer = connector_dealer(app, req, MAX_BODY_BYTES).await?;
            let body: AttachThreadRequest = parse_json(req.body().as_ref())?;
            let outcome = transcripts::attach_thread(app, &dealer, thread, body).await?;
            json(if outcome.created { 201 } else { 200 }, &outcome)
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
