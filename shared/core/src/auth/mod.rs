//! Who is calling.
//!
//! - Case users carry a JWT with `sub`, `dealer_id`, `role` and, for OEM admins, `oem_id`.
//!   In AWS the HTTP API's JWT authorizer validates it and hands the claims to the function
//!   in the request context; the local server verifies the same tokens and puts the claims
//!   in the same place, so handlers read them one way ([`Caller::from_claims`]).
//! - The Prokeep connector signs each call with the dealer's connector secret ([`signature`],
//!   checked by [`connector_dealer`]).
//! - A platform admin (the system administrator) carries no dealer: the administration
//!   routes take a [`Principal`] (who, in which role, for which dealer or OEM if any); who may
//!   do what there is one table, [`permissions`].

pub mod permissions;
pub mod signature;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ids::DealerId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Advisor,
    DealerAdmin,
    OemAdmin,
    /// The system administrator: onboards OEMs and dealers, turns the Prokeep connector
    /// on, issues connector secrets. Belongs to no dealer.
    PlatformAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Advisor => "advisor",
            Role::DealerAdmin => "dealer_admin",
            Role::OemAdmin => "oem_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "advisor" => Ok(Role::Advisor),
            "dealer_admin" => Ok(Role::DealerAdmin),
            "oem_admin" => Ok(Role::OemAdmin),
            "platform_admin" => Ok(Role::PlatformAdmin),
            other => Err(Error::Unauthorized(format!(
                "role {other:?} is not one of advisor, dealer_admin, oem_admin, platform_admin"
            ))),
        }
    }
}

/// An authenticated Case user. Every service call takes one; its dealer scopes every key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user_id: String,
    pub name: Option<String>,
    pub dealer: DealerId,
    pub role: Role,
    pub oem: Option<String>,
}

impl Caller {
    /// Reads the claims the authorizer (or the local server) verified: a user of a dealer.
    /// A platform admin belongs to no dealer and is refused here (the dealer's own routes
    /// are for its people); the administration routes take a [`Principal`].
    pub fn from_claims(claims: &HashMap<String, String>) -> Result<Self> {
        Principal::from_claims(claims)?.into_caller()
    }

    /// The name shown on what this user writes: the token's `name`, else what the user is to
    /// the customer ("Service advisor") — never the login id, which means nothing to them.
    pub(crate) fn display_name(&self) -> &str {
        match self.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name,
            _ => match self.role {
                Role::Advisor => "Service advisor",
                Role::DealerAdmin => "Dealer admin",
                Role::OemAdmin => "OEM admin",
                Role::PlatformAdmin => "Platform admin",
            },
        }
    }
}

/// Whoever calls an administration route: a platform admin (no dealer), an OEM admin (its
/// OEM), or a dealer's user (its dealer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: String,
    pub name: Option<String>,
    pub role: Role,
    pub dealer: Option<DealerId>,
    pub oem: Option<String>,
}

impl Principal {
    pub fn from_claims(claims: &HashMap<String, String>) -> Result<Self> {
        let get = |k: &str| claims.get(k).map(String::as_str).filter(|v| !v.is_empty());
        let missing = |k: &str| Error::Unauthorized(format!("the token has no {k} claim"));
        let user_id = get("sub").ok_or_else(|| missing("sub"))?.to_string();
        let role: Role = get("role").ok_or_else(|| missing("role"))?.parse()?;
        let dealer = match (role, get("dealer_id")) {
            (Role::PlatformAdmin, _) => None,
            // An OEM admin may act for its OEM without a dealer (onboarding its first).
            (Role::OemAdmin, None) => None,
            (_, Some(d)) => Some(DealerId::parse(d).map_err(|_| {
                Error::Unauthorized("the token's dealer_id is not a dealer id".into())
            })?),
            (_, None) => return Err(missing("dealer_id")),
        };
        let oem = get("oem_id").map(str::to_string);
        if role == Role::OemAdmin && oem.is_none() {
            return Err(Error::Unauthorized(
                "an oem_admin token must carry an oem_id claim".into(),
            ));
        }
        Ok(Principal {
            user_id,
            name: get("name").map(str::to_string),
            role,
            dealer,
            oem,
        })
    }
}

impl Principal {
    /// The principal as a user of its dealer (the dealer's own routes). A platform admin
    /// belongs to no dealer and is refused; so is an OEM admin whose token names none.
    pub fn into_caller(self) -> Result<Caller> {
        let Some(dealer) = self.dealer else {
            return Err(match self.role {
                Role::PlatformAdmin => Error::Forbidden(
                    "a platform admin works through the administration routes, not a dealer's own"
                        .into(),
                ),
                _ => Error::Unauthorized("the token has no dealer_id claim".into()),
            });
        };
        Ok(Caller {
            user_id: self.user_id,
            name: self.name,
            dealer,
            role: self.role,
            oem: self.oem,
        })
    }
}

impl From<Caller> for Principal {
    fn from(c: Caller) -> Self {
        Principal {
            user_id: c.user_id,
            name: c.name,
            role: c.role,
            dealer: Some(c.dealer),
            oem: c.oem,
        }
    }
}

/// Checks what the token says against the store: the dealer it names is onboarded (else
/// every route answers 404, as for anything out of reach; a dealer seen once is remembered
/// for the container's life, since dealers are never removed), and an OEM admin acts for a
/// dealer of their own OEM only (a token naming another OEM's dealer opens nothing of it).
pub async fn authorize(app: &crate::App, caller: Caller) -> Result<Caller> {
    if caller.role != Role::OemAdmin && !app.onboarded.knows(&caller.dealer) {
        crate::dealers::load_dealer(app, &caller.dealer).await?;
        app.onboarded.remember(&caller.dealer);
    }
    if caller.role == Role::OemAdmin {
        let refused = || {
            Error::Forbidden(format!(
                "this token's dealer_id is not a dealer of OEM {}",
                caller.oem.as_deref().unwrap_or("?")
            ))
        };
        let dealer = match crate::dealers::load_dealer(app, &caller.dealer).await {
            Ok(d) => d,
            Err(Error::NotFound(_)) => return Err(refused()),
            Err(e) => return Err(e),
        };
        if caller.oem.as_deref() != Some(dealer.oem_id.as_str()) {
            return Err(refused());
        }
    }
    Ok(caller)
}

/// Authenticates a Prokeep connector call: `X-Casebridge-Dealer` names the dealer, and the
/// (already parsed) `X-Casebridge-Signature` must sign this method, path with query and raw
/// body with one of its connector secrets. An unknown dealer and every bad signature look
/// the same to the caller (401, `signature::REFUSED`).
pub async fn connector_dealer(
    app: &crate::App,
    dealer_header: &str,
    header: &signature::SignatureHeader,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> Result<crate::dealers::Dealer> {
    let refused = || Error::Unauthorized(signature::REFUSED.into());
    let id = DealerId::parse(dealer_header).map_err(|_| refused())?;
    let dealer = match crate::dealers::load_dealer(app, &id).await {
        Ok(d) => d,
        Err(Error::NotFound(_)) => return Err(refused()),
        Err(e) => return Err(e),
    };
    // Only the secrets the dealer record lists are in force (a revoked one is not); one it
    // lists that a cached copy lacks was just issued: read past the cache.
    let mut secrets = app.secrets.dealer(&dealer.id).await?;
    let lacks_one = dealer
        .connector_secret_ids
        .iter()
        .any(|i| !secrets.connector.iter().any(|s| s.id == i.id));
    if lacks_one {
        secrets = app.secrets.dealer_uncached(&dealer.id).await?;
    }
    let in_force: Vec<String> = secrets
        .connector
        .iter()
        .filter(|s| dealer.connector_secret_ids.iter().any(|i| i.id == s.id))
        .map(|s| secrecy::ExposeSecret::expose_secret(&s.secret).to_string())
        .collect();
    signature::verify(
        header,
        &in_force,
        method,
        path_and_query,
        body,
        app.clock.now().as_second(),
    )?;
    if !dealer.settings.prokeep_connector_enabled {
        return Err(Error::Forbidden(format!(
            "the Prokeep connector is not enabled for dealer {}",
            dealer.id
        )));
    }
    Ok(dealer)
}
