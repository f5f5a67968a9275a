//! `prokeep-callback`: the parts counter's steps in Prokeep (claimed, ordered, backordered,
//! received, cancelled) land on the case, each exactly once. Connector-signed.

use casebridge::http::{self, connector_dealer, json, parse_json, Response};
use casebridge::parts::{self, ProkeepEvent};
use casebridge::{App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[("POST", "/v1/prokeep/parts-requests/{requestId}/events")];

pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (segs.as_slice(), req.method()) {
        (["v1", "prokeep", "parts-requests", id, "events"], &Method::POST) => {
            let dealer = connector_dealer(app, req, MAX_BODY_BYTES).await?;
            let event: ProkeepEvent = parse_json(req.body().as_ref())?;
            json(
                200,
                &parts::apply_prokeep_event(app, &dealer, id, event).await?,
            )
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
