//! `contacts-api`: customer contacts, invitations to cases, and the SMS reply-mode policy.

use casebridge::contacts::{self, ContactFields, InvitationRequest, MergeRequest};
use casebridge::dealers::{self, ReplyMode, SmsPolicy};
use casebridge::http::{self, caller, json, json_body, Response};
use casebridge::{App, Result};
use lambda_http::http::Method;
use lambda_http::Request;

pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/v1/customers/{customerId}/contacts"),
    ("GET", "/v1/customers/{customerId}/contacts"),
    ("POST", "/v1/cases/{caseId}/contacts"),
    ("GET", "/v1/cases/{caseId}/contacts"),
    ("PATCH", "/v1/contacts/{contactId}"),
    ("DELETE", "/v1/contacts/{contactId}"),
    ("POST", "/v1/contacts/{contactId}/merge"),
    ("POST", "/v1/cases/{caseId}/invitations"),
    ("DELETE", "/v1/cases/{caseId}/invitations/{contactId}"),
    ("PUT", "/v1/oems/{oemId}/sms-policy"),
    ("GET", "/v1/dealers/{dealerId}/sms-mode"),
    ("PUT", "/v1/dealers/{dealerId}/sms-mode"),
];

const LIMIT: usize = 64 * 1024;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ModeBody {
    mode: ReplyMode,
}

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let who = caller(req)?;
    let m = req.method();
    match (segs.as_slice(), m) {
        (["v1", "customers", id, "contacts"], &Method::POST) => json(
            201,
            &contacts::create_for_customer(app, &who, id, json_body::<ContactFields>(req, LIMIT)?)
                .await?,
        ),
        (["v1", "customers", id, "contacts"], &Method::GET) => {
            json(200, &contacts::list_for_customer(app, &who, id).await?)
        }
        (["v1", "cases", id, "contacts"], &Method::POST) => json(
            201,
            &contacts::create_for_case(app, &who, id, json_body::<ContactFields>(req, LIMIT)?)
                .await?,
        ),
        (["v1", "cases", id, "contacts"], &Method::GET) => {
            json(200, &contacts::list_for_case(app, &who, id).await?)
        }
        (["v1", "contacts", id], &Method::PATCH) => json(
            200,
            &contacts::update(app, &who, id, json_body::<ContactFields>(req, LIMIT)?).await?,
        ),
        (["v1", "contacts", id], &Method::DELETE) => {
            contacts::delete(app, &who, id).await?;
            http::no_content()
        }
        (["v1", "contacts", id, "merge"], &Method::POST) => {
            let body: MergeRequest = json_body(req, LIMIT)?;
            json(200, &contacts::merge(app, &who, id, &body.into).await?)
        }
        (["v1", "cases", id, "invitations"], &Method::POST) => {
            let body: InvitationRequest = json_body(req, LIMIT)?;
            json(
                201,
                &contacts::invite(app, &who, id, &body.contact_id).await?,
            )
        }
        (["v1", "cases", id, "invitations", contact], &Method::DELETE) => {
            contacts::uninvite(app, &who, id, contact).await?;
            http::no_content()
        }
        (["v1", "oems", oem, "sms-policy"], &Method::PUT) => json(
            200,
            &dealers::set_sms_policy(app, &who, oem, json_body::<SmsPolicy>(req, LIMIT)?).await?,
        ),
        (["v1", "dealers", d, "sms-mode"], &Method::GET) => {
            json(200, &dealers::get_sms_mode(app, &who, d).await?)
        }
        (["v1", "dealers", d, "sms-mode"], &Method::PUT) => {
            let body: ModeBody = json_body(req, LIMIT)?;
            json(200, &dealers::set_sms_mode(app, &who, d, body.mode).await?)
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
