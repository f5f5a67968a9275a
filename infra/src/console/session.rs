//! Who is signed in, and the token every form carries. The session is a cookie holding a
//! session id and the same signed token `casebridge token` mints (HttpOnly, SameSite=Strict, path `/console`),
//! so a console page acts with exactly the claims an API call would. Each form carries a
//! CSRF token bound to that session: an HMAC of it under the local key, so a form from
//! another session, or none, is refused.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use casebridge_core::auth::{Caller, Role};
use casebridge_core::ids::DealerId;
use casebridge_core::{Error, Result};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use casebridge_http::forms::FormFields;

use super::{ConsoleState, Refused, MAX_FORM_BYTES};

pub const SESSION_COOKIE: &str = "casebridge_console";
/// Before signing in: what the sign-in form's CSRF token is bound to.
const PRE_SESSION_COOKIE: &str = "casebridge_console_pre";
const SESSION_HOURS: i64 = 12;
const ATTRIBUTES: &str = "HttpOnly; SameSite=Strict; Path=/console";

/// The signed-in demo person: who they are to the core, and their forms' CSRF token.
pub struct Session {
    pub caller: Caller,
    pub csrf: String,
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The CSRF token of forms in the session (or pre-session) `bound_to`.
fn csrf_for(secret: &[u8], bound_to: &str) -> String {
    // An HMAC takes a key of any length.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap_or_else(|_| unreachable!());
    mac.update(b"casebridge console form\n");
    mac.update(bound_to.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

fn forged() -> Error {
    Error::Forbidden(
        "this form does not belong to your session (its CSRF token is missing or stale): \
         open the page again and send it from there"
            .into(),
    )
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

impl Session {
    /// The session the request's cookie holds, if it is valid and not expired.
    pub fn current(secret: &[u8], headers: &HeaderMap) -> Option<Session> {
        let value = cookie(headers, SESSION_COOKIE)?;
        let (_, token) = value.split_once('.')?;
        let claims = crate::jwt::verify(secret, token).ok()?;
        let caller = Caller::from_claims(&claims).ok()?;
        Some(Session {
            caller,
            csrf: csrf_for(secret, value),
        })
    }

    /// Refuses a form whose CSRF token is not this session's (403).
    pub fn check(&self, csrf: &str) -> Result<()> {
        same(&self.csrf, csrf).then_some(()).ok_or_else(forged)
    }
}

/// Without a session, a console page sends the browser to sign in.
impl FromRequestParts<ConsoleState> for Session {
    type Rejection = Redirect;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Redirect> {
        Session::current(&state.secret, &parts.headers).ok_or_else(|| Redirect::to("/console"))
    }
}

/// A form posted in a session with its CSRF token checked: who sent it, and its fields.
/// Without a session the browser is sent to sign in; a form that is not the session's is
/// refused (403), before anything reads it.
pub struct SignedForm {
    pub session: Session,
    pub form: FormFields,
}

impl FromRequest<ConsoleState> for SignedForm {
    type Rejection = Response;

    async fn from_request(
        req: Request,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Response> {
        let Some(session) = Session::current(&state.secret, req.headers()) else {
            return Err(Redirect::to("/console").into_response());
        };
        let refused = |e: Error| Refused(e).into_response();
        let form = FormFields::read(req, MAX_FORM_BYTES)
            .await
            .map_err(refused)?;
        session.check(form.get("csrf")).map_err(refused)?;
        Ok(SignedForm { session, form })
    }
}

/// The sign-in form's cookie and CSRF token.
pub fn pre_session(secret: &[u8]) -> (String, String) {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let csrf = csrf_for(secret, &format!("pre {id}"));
    (format!("{PRE_SESSION_COOKIE}={id}; {ATTRIBUTES}"), csrf)
}

/// Refuses a sign-in form that was not served to this browser (403).
pub fn check_pre_session(secret: &[u8], headers: &HeaderMap, csrf: &str) -> Result<()> {
    let id = cookie(headers, PRE_SESSION_COOKIE).ok_or_else(forged)?;
    same(&csrf_for(secret, &format!("pre {id}")), csrf)
        .then_some(())
        .ok_or_else(forged)
}

/// The session cookie of a demo `role` of `dealer`, as `casebridge token` would mint it.
pub fn start(secret: &[u8], role: Role, dealer: &DealerId, now: i64) -> Result<String> {
    let sub = format!("console-{}-{dealer}", role.as_str());
    let name = match role {
        Role::Advisor => "Demo advisor",
        Role::DealerAdmin => "Demo dealer admin",
        Role::OemAdmin => "Demo OEM admin",
        Role::PlatformAdmin => "Demo platform admin",
    };
    let request = crate::jwt::TokenRequest {
        sub: &sub,
        dealer_id: dealer.as_str(),
        role,
        oem_id: None,
        name: Some(name),
    };
    let token = crate::jwt::mint(secret, &request, now, SESSION_HOURS * 3600)?;
    // A session id before the token: two sign-ins of one person are two sessions, each
    // with its own forms' token.
    let id = uuid::Uuid::new_v4().simple();
    Ok(format!(
        "{SESSION_COOKIE}={id}.{token}; {ATTRIBUTES}; Max-Age={}",
        SESSION_HOURS * 3600
    ))
}

/// The cookie that ends the session.
pub fn ended() -> String {
    format!("{SESSION_COOKIE}=; {ATTRIBUTES}; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forms_token_is_bound_to_its_session() {
        let a = csrf_for(b"key", "session a");
        assert_eq!(a, csrf_for(b"key", "session a"));
        assert_ne!(a, csrf_for(b"key", "session b"));
        assert_ne!(a, csrf_for(b"other key", "session a"));
    }
}
