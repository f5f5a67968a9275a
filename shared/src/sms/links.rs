//! Signed, expiring links to the mobile page: `/m/{token}` where the token is
//! `base64url(claims).base64url(HMAC-SHA256(claims))`. The claims name the dealer, the case
//! and the contact, so a link opens one case for one contact until it expires.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::dealers::DealerId;
use crate::error::{Error, Result};

/// How long a link in a text stays valid.
pub const LINK_TTL_SECS: i64 = 7 * 24 * 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkClaims {
    #[serde(rename = "d")]
    pub dealer: DealerId,
    #[serde(rename = "c")]
    pub case_id: String,
    #[serde(rename = "k")]
    pub contact_id: String,
    #[serde(rename = "x")]
    pub expires: i64,
}

fn mac(secret: &[u8], payload: &str) -> Hmac<Sha256> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    m.update(payload.as_bytes());
    m
}

pub fn sign(secret: &[u8], claims: &LinkClaims) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let tag = URL_SAFE_NO_PAD.encode(mac(secret, &payload).finalize().into_bytes());
    format!("{payload}.{tag}")
}

/// Checks signature (constant time) and expiry. A link that is not ours is "not found";
/// an expired one says so, so the page can tell the customer to use a newer text.
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<LinkClaims> {
    let not_found = || Error::not_found("link");
    let (payload, tag) = token.split_once('.').ok_or_else(not_found)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| not_found())?;
    mac(secret, payload)
        .verify_slice(&tag)
        .map_err(|_| not_found())?;
    let claims: LinkClaims = URL_SAFE_NO_PAD
        .decode(payload)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(not_found)?;
    if now > claims.expires {
        return Err(Error::Forbidden(
            "this link has expired; open the link in the latest text".into(),
        ));
    }
    Ok(claims)
}

/// Makes and checks the links in texts. In AWS the secret comes from
/// `CASEBRIDGE_LINK_SECRET` and links point at `CASEBRIDGE_MOBILE_BASE_URL`.
pub struct MobileLinks {
    secret: Option<Vec<u8>>,
    base_url: String,
}

impl MobileLinks {
    pub fn new(secret: Vec<u8>, base_url: impl Into<String>) -> Self {
        MobileLinks {
            secret: Some(secret),
            base_url: base_url.into().trim_end_matches('/').to_string(),
        }
    }

    /// Where no secret is configured: no link can be made (and so no text is sent).
    pub fn unconfigured() -> Self {
        MobileLinks {
            secret: None,
            base_url: String::new(),
        }
    }

    fn secret(&self) -> Result<&[u8]> {
        self.secret.as_deref().ok_or_else(|| {
            Error::Internal(
                "CASEBRIDGE_LINK_SECRET is not set: mobile links cannot be signed".into(),
            )
        })
    }

    /// `<base>/m/<token>` for one contact on one case, valid for [`LINK_TTL_SECS`].
    pub fn url(
        &self,
        dealer: &DealerId,
        case_id: &str,
        contact_id: &str,
        now: i64,
    ) -> Result<String> {
        let claims = LinkClaims {
            dealer: dealer.clone(),
            case_id: case_id.into(),
            contact_id: contact_id.into(),
            expires: now + LINK_TTL_SECS,
        };
        Ok(format!(
            "{}/m/{}",
            self.base_url,
            sign(self.secret()?, &claims)
        ))
    }

    pub fn verify(&self, token: &str, now: i64) -> Result<LinkClaims> {
        verify(self.secret()?, token, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> LinkClaims {
        LinkClaims {
            dealer: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            case_id: "c1".into(),
            contact_id: "k1".into(),
            expires: 1_000,
        }
    }

    #[test]
    fn a_signed_link_verifies_until_it_expires() -> Result<()> {
        let t = sign(b"secret", &claims());
        assert_eq!(verify(b"secret", &t, 999)?, claims());
        assert!(matches!(
            verify(b"secret", &t, 1_001),
            Err(Error::Forbidden(_))
        ));
        Ok(())
    }

    #[test]
    fn a_forged_or_altered_link_is_not_found() {
        let t = sign(b"secret", &claims());
        assert!(matches!(verify(b"other", &t, 0), Err(Error::NotFound(_))));
        let mut forged = claims();
        forged.case_id = "c2".into();
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap_or_default());
        let tag = t.split_once('.').map(|(_, t)| t).unwrap_or_default();
        assert!(matches!(
            verify(b"secret", &format!("{payload}.{tag}"), 0),
            Err(Error::NotFound(_))
        ));
        for junk in ["", ".", "abc", "a.b", "%%.%%"] {
            assert!(verify(b"secret", junk, 0).is_err(), "{junk}");
        }
    }
}
