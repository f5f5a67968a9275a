//! HS256 tokens for the local server and the dev CLI. In AWS the HTTP API's JWT authorizer
//! validates the dealer's identity-provider tokens instead; the claim names are the same.

use std::collections::HashMap;

use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use casebridge_core::auth::Role;
use casebridge_core::{Error, Result};

pub const ISSUER: &str = "casebridge-local";
pub const AUDIENCE: &str = "casebridge";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: String,
    /// Absent for a platform admin (who belongs to no dealer).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    dealer_id: String,
    role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    oem_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
}

/// What a token says about its user.
#[derive(Debug, Clone)]
pub struct TokenRequest<'a> {
    pub sub: &'a str,
    /// Empty for a platform admin.
    pub dealer_id: &'a str,
    pub role: Role,
    pub oem_id: Option<&'a str>,
    pub name: Option<&'a str>,
}

pub fn mint(secret: &[u8], req: &TokenRequest<'_>, now: i64, ttl_secs: i64) -> Result<String> {
    let claims = Claims {
        sub: req.sub.into(),
        dealer_id: req.dealer_id.into(),
        role: req.role,
        oem_id: req.oem_id.map(str::to_string),
        name: req.name.map(str::to_string),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat: now,
        exp: now + ttl_secs,
    };
    encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret),
    )
    .map_err(|e| Error::Internal(format!("could not sign a token: {e}")))
}

/// Verifies signature, issuer, audience and expiry; answers the claims as the AWS
/// authorizer would hand them over (a flat map of strings).
pub fn verify(secret: &[u8], token: &str) -> Result<HashMap<String, String>> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.leeway = 30;
    let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation)
        .map_err(|e| Error::Unauthorized(format!("the bearer token is not valid: {e}")))?;
    let c = data.claims;
    let role = serde_json::to_value(c.role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let mut claims = HashMap::from([
        ("sub".to_string(), c.sub),
        ("role".to_string(), role),
        ("iss".to_string(), c.iss),
        ("exp".to_string(), c.exp.to_string()),
    ]);
    if !c.dealer_id.is_empty() {
        claims.insert("dealer_id".to_string(), c.dealer_id);
    }
    if let Some(o) = c.oem_id {
        claims.insert("oem_id".into(), o);
    }
    if let Some(n) = c.name {
        claims.insert("name".into(), n);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test-secret";

    fn advisor() -> TokenRequest<'static> {
        TokenRequest {
            sub: "u1",
            dealer_id: "d1",
            role: Role::Advisor,
            oem_id: None,
            name: None,
        }
    }

    #[test]
    fn a_minted_token_verifies_to_its_claims() -> Result<()> {
        let now = jiff::Timestamp::now().as_second();
        let t = mint(SECRET, &advisor(), now, 3600)?;
        let claims = verify(SECRET, &t)?;
        assert_eq!(claims["dealer_id"], "d1");
        assert_eq!(claims["role"], "advisor");
        Ok(())
    }

    #[test]
    fn a_token_signed_with_another_secret_is_refused() -> Result<()> {
        let now = jiff::Timestamp::now().as_second();
        let t = mint(b"other", &advisor(), now, 3600)?;
        assert!(matches!(verify(SECRET, &t), Err(Error::Unauthorized(_))));
        Ok(())
    }

    #[test]
    fn an_expired_token_is_refused() -> Result<()> {
        let now = jiff::Timestamp::now().as_second();
        let t = mint(SECRET, &advisor(), now - 7200, 3600)?;
        assert!(matches!(verify(SECRET, &t), Err(Error::Unauthorized(_))));
        Ok(())
    }
}
