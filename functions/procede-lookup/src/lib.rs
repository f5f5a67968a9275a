//! `procede-lookup`: search the Procede DMS, add DMS customers to Case (read-only) and
//! refresh them; Case's own customer routes.

use casebridge::customers::{self, CustomerFields};
use casebridge::http::{self, caller, json, json_body, query, query_number, Response};
use casebridge::{procede, App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/v1/procede/customers"),
    ("POST", "/v1/customers/from-procede"),
    ("POST", "/v1/customers/{customerId}/refresh-from-procede"),
    ("POST", "/v1/customers"),
    ("GET", "/v1/customers/{customerId}"),
    ("PATCH", "/v1/customers/{customerId}"),
];

pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FromProcede {
    procede_id: String,
}

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let who = caller(req)?;
    match (segs.as_slice(), req.method()) {
        (["v1", "procede", "customers"], &Method::GET) => {
            let q = query(req);
            let (by, text) = (
                q.get("by").map_or("name", String::as_str),
                q.get("q").map_or("", String::as_str),
            );
            let limit = query_number(&q, "limit")?;
            json(
                200,
                &procede::search(
                    app,
                    &who,
                    by,
                    text,
                    q.get("page").map(String::as_str),
                    limit,
                )
                .await?,
            )
        }
        (["v1", "customers", "from-procede"], &Method::POST) => {
            let body: FromProcede = json_body(req, MAX_BODY_BYTES)?;
            let added = procede::add_from_procede(app, &who, &body.procede_id).await?;
            json(if added.created { 201 } else { 200 }, &added)
        }
        (["v1", "customers", id, "refresh-from-procede"], &Method::POST) => {
            json(200, &procede::refresh_from_procede(app, &who, id).await?)
        }
        (["v1", "customers"], &Method::POST) => {
            let body: CustomerFields = json_body(req, MAX_BODY_BYTES)?;
            json(201, &customers::create(app, &who, body).await?)
        }
        (["v1", "customers", id], &Method::GET) => {
            json(200, &customers::get(app, &who.dealer, id).await?)
        }
        (["v1", "customers", id], &Method::PATCH) => {
            let body: CustomerFields = json_body(req, MAX_BODY_BYTES)?;
            json(200, &customers::update(app, &who, id, body).await?)
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
