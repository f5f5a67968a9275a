//! `thread-close`: Prokeep's `thread_closed` — every draft transcript of the thread is
//! replaced by the final PDF. Signed with the dealer's connector secret.

use casebridge::http::{self, connector_dealer, json, parse_json, Response};
use casebridge::transcripts::{self, CloseThreadRequest};
use casebridge::{App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[("POST", "/v1/prokeep/threads/{threadId}/close")];

/// The final snapshot is as large as the thread; see `thread-export`.
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (segs.as_slice(), req.method()) {
        (["v1", "prokeep", "threads", thread, "close"], &Method::POST) => {
            let dealer = connector_dealer(app, req, MAX_BODY_BYTES).await?;
            let body: CloseThreadRequest = parse_json(req.body().as_ref())?;
            json(
                200,
                &transcripts::close_thread(app, &dealer, thread, body).await?,
            )
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
