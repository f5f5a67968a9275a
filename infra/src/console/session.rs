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
use casebridge_core::auth::{Caller, Principal, Role};
use casebridge_core::dealers::Dealer;
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

/// Who signed in: one of the Case roles, or the parts counter (a Prokeep user, who has no
/// Case claims and works in the Prokeep stand-in only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persona {
    Case(Role),
    Counter,
}

impl Persona {
    pub fn parse(s: &str) -> Result<Persona> {
        match s {
            "counter" => Ok(Persona::Counter),
            other => Ok(Persona::Case(other.parse().map_err(|_| {
                Error::bad_field(
                    "as",
                    "one of advisor, dealer_admin, oem_admin, platform_admin, counter",
                )
            })?)),
        }
    }

    /// Where the person's work starts.
    pub fn home(self) -> &'static str {
        match self {
            Persona::Case(Role::Advisor | Role::DealerAdmin) => "/console/cases",
            Persona::Case(Role::OemAdmin | Role::PlatformAdmin) => "/console/admin",
            Persona::Counter => "/console/prokeep",
        }
    }

    fn display_name(self) -> &'static str {
        match self {
            Persona::Case(Role::Advisor) => "Demo advisor",
            Persona::Case(Role::DealerAdmin) => "Demo dealer admin",
            Persona::Case(Role::OemAdmin) => "Demo OEM admin",
            Persona::Case(Role::PlatformAdmin) => "Demo platform admin",
            Persona::Counter => "Demo parts counter",
        }
    }
}

/// Anyone signed in: the location they work at, who they are, their forms' CSRF token, and
/// (for the Case roles) what the core knows them as.
#[derive(Debug, Clone)]
pub struct Person {
    pub dealer: DealerId,
    pub persona: Persona,
    pub name: String,
    /// The token's claims as the administration routes read them; none for the counter.
    pub principal: Option<Principal>,
    pub csrf: String,
    /// The location as read for this request (its name, groups, and the time zone pages
    /// show times in); none when it could not be read.
    pub location: Option<Dealer>,
}

/// A Case user with a dealer: an advisor, a dealer admin or an OEM admin at a location of
/// its OEM (the case screens' caller). A platform admin and the counter have none.
pub struct Session {
    pub caller: Caller,
    pub csrf: String,
    pub person: Person,
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

impl Person {
    /// The person the request's cookie holds, if it is valid and not expired.
    pub fn current(secret: &[u8], headers: &HeaderMap) -> Option<Person> {
        let value = cookie(headers, SESSION_COOKIE)?;
        let (_, rest) = value.split_once('.')?;
        let csrf = csrf_for(secret, value);
        if let Some(counter) = rest.strip_prefix("counter.") {
            let dealer = counter_dealer(secret, counter, jiff::Timestamp::now().as_second())?;
            return Some(Person::of(dealer, Persona::Counter, None, csrf));
        }
        let claims = crate::jwt::verify(secret, rest).ok()?;
        let principal = Principal::from_claims(&claims).ok()?;
        // A platform admin's token names no dealer; the console keeps the location it
        // looks at in the claim anyway (the core ignores it for that role).
        let dealer = DealerId::parse(claims.get("dealer_id")?).ok()?;
        let persona = Persona::Case(principal.role);
        Some(Person::of(dealer, persona, Some(principal), csrf))
    }

    fn of(dealer: DealerId, persona: Persona, p: Option<Principal>, csrf: String) -> Person {
        let name = p
            .as_ref()
            .and_then(|p| p.name.clone())
            .unwrap_or_else(|| persona.display_name().to_string());
        Person {
            dealer,
            persona,
            name,
            principal: p,
            csrf,
            location: None,
        }
    }

    /// Refuses a form whose CSRF token is not this session's (403).
    pub fn check(&self, csrf: &str) -> Result<()> {
        same(&self.csrf, csrf).then_some(()).ok_or_else(forged)
    }

    /// The person with their location, read once per request; none when the session is not
    /// valid. When the location cannot be read, times show in UTC (and say so) and the
    /// page's own reads say what is wrong, rather than a sign-in page.
    async fn at_location(state: &ConsoleState, headers: &HeaderMap) -> Option<Person> {
        let mut person = Person::current(&state.secret, headers)?;
        let read = casebridge_core::dealers::load_dealer(&state.app, &person.dealer).await;
        person.location = read.ok();
        Some(person)
    }

    /// The zone the location's times are shown in.
    pub fn time_zone(&self) -> &str {
        self.location
            .as_ref()
            .map_or("UTC", |d| d.settings.time_zone.as_str())
    }

    /// The location, or why it cannot be read.
    pub async fn location(&self, app: &casebridge_core::App) -> Result<Dealer> {
        match &self.location {
            Some(d) => Ok(d.clone()),
            None => casebridge_core::dealers::load_dealer(app, &self.dealer).await,
        }
    }

    /// The administration routes' principal; the counter has none (403 saying where the
    /// counter works).
    pub fn principal(&self) -> Result<&Principal> {
        self.principal.as_ref().ok_or_else(|| {
            Error::Forbidden(
                "the parts counter works in Prokeep; only the dealer's Case users may do this"
                    .into(),
            )
        })
    }

    /// The case screens' caller (advisor, dealer admin, or an OEM admin at the location).
    fn caller(&self) -> Option<Caller> {
        let p = self.principal.clone()?;
        match p.role {
            Role::Advisor | Role::DealerAdmin | Role::OemAdmin => p.into_caller().ok(),
            Role::PlatformAdmin => None,
        }
    }
}

/// Without a session, a console page sends the browser to sign in.
impl FromRequestParts<ConsoleState> for Person {
    type Rejection = Redirect;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Redirect> {
        Person::at_location(state, &parts.headers)
            .await
            .ok_or_else(|| Redirect::to("/console"))
    }
}

/// The case screens: without a session the browser signs in; a platform admin or the
/// counter goes to their own screens.
impl FromRequestParts<ConsoleState> for Session {
    type Rejection = Redirect;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Redirect> {
        let person = Person::from_request_parts(parts, state).await?;
        session_of(person).map_err(Redirect::to)
    }
}

/// A Case user's session; anyone else is sent to where their own work starts.
fn session_of(person: Person) -> std::result::Result<Session, &'static str> {
    match person.caller() {
        Some(caller) => Ok(Session {
            caller,
            csrf: person.csrf.clone(),
            person,
        }),
        None => Err(person.persona.home()),
    }
}

/// A form posted in a session with its CSRF token checked: who sent it, and its fields.
/// Without a session the browser is sent to sign in; a form that is not the session's is
/// refused (403), before anything reads it.
pub struct SignedForm {
    pub session: Session,
    pub form: FormFields,
}

/// The same for anyone signed in (the Prokeep stand-in and the administration screens).
pub struct PersonForm {
    pub person: Person,
    pub form: FormFields,
}

impl FromRequest<ConsoleState> for PersonForm {
    type Rejection = Response;

    async fn from_request(
        req: Request,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Response> {
        let Some(person) = Person::at_location(state, req.headers()).await else {
            return Err(Redirect::to("/console").into_response());
        };
        let refused = |e: Error| Refused(e).into_response();
        let form = FormFields::read(req, MAX_FORM_BYTES)
            .await
            .map_err(refused)?;
        person.check(form.get("csrf")).map_err(refused)?;
        Ok(PersonForm { person, form })
    }
}

impl FromRequest<ConsoleState> for SignedForm {
    type Rejection = Response;

    async fn from_request(
        req: Request,
        state: &ConsoleState,
    ) -> std::result::Result<Self, Response> {
        let PersonForm { person, form } = PersonForm::from_request(req, state).await?;
        let session = session_of(person).map_err(|home| Redirect::to(home).into_response())?;
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

/// The session cookie of a demo person at `dealer` (of `oem`): for a Case role the token
/// `casebridge token` would mint; for the counter a signed note of the location.
pub fn start(
    secret: &[u8],
    persona: Persona,
    dealer: &DealerId,
    oem: &str,
    now: i64,
) -> Result<String> {
    let ttl = SESSION_HOURS * 3600;
    let credential = match persona {
        Persona::Counter => counter_credential(secret, dealer, now + ttl),
        Persona::Case(role) => {
            let sub = format!("console-{}-{dealer}", role.as_str());
            let request = crate::jwt::TokenRequest {
                sub: &sub,
                dealer_id: dealer.as_str(),
                role,
                oem_id: (role == Role::OemAdmin).then_some(oem),
                name: Some(persona.display_name()),
            };
            crate::jwt::mint(secret, &request, now, ttl)?
        }
    };
    // A session id first: two sign-ins of one person are two sessions, each with its own
    // forms' token.
    let id = uuid::Uuid::new_v4().simple();
    Ok(format!(
        "{SESSION_COOKIE}={id}.{credential}; {ATTRIBUTES}; Max-Age={ttl}"
    ))
}

/// The counter's credential: `counter.<dealer>.<expiry>.<mac>`.
fn counter_credential(secret: &[u8], dealer: &DealerId, expires: i64) -> String {
    let signed = format!("{dealer}.{expires}");
    format!(
        "counter.{signed}.{}",
        csrf_for(secret, &format!("counter {signed}"))
    )
}

/// The counter's location, if its credential is this key's and not expired.
fn counter_dealer(secret: &[u8], credential: &str, now: i64) -> Option<DealerId> {
    let (signed, mac) = credential.rsplit_once('.')?;
    let (dealer, expires) = signed.split_once('.')?;
    let fresh = expires.parse::<i64>().ok()? > now;
    (fresh && same(&csrf_for(secret, &format!("counter {signed}")), mac))
        .then(|| DealerId::parse(dealer).ok())
        .flatten()
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

    #[test]
    fn a_counters_credential_names_its_location_until_it_expires() {
        let d1 = DealerId::parse("d1").unwrap();
        let c = counter_credential(b"key", &d1, 100);
        let c = c.strip_prefix("counter.").unwrap();
        assert_eq!(counter_dealer(b"key", c, 99), Some(d1));
        assert_eq!(counter_dealer(b"key", c, 100), None);
        assert_eq!(counter_dealer(b"other key", c, 99), None);
        assert_eq!(counter_dealer(b"key", &c.replacen("d1", "d2", 1), 99), None);
    }
}
