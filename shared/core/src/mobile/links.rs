//! Signed, expiring links to the mobile page, short enough for a text:
//! `<base>/m/<id>.<tag>` where `id` is 16 random bytes and `tag` a truncated
//! HMAC-SHA256 of it (both base64url, 22 characters each). What the link opens — dealer,
//! case, contact, expiry — is stored under the id (`LINK#<id>`, TTL at expiry), so the text
//! stays short and a link can be checked without trusting anything in it but the id.

use crate::ids::ContactId;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::App;

/// How long a link in a text stays valid.
pub const LINK_TTL_SECS: i64 = 7 * 24 * 3600;
const TAG_BYTES: usize = 16;

pub use super::store::LinkClaims;

/// Fetches the link key when it is first needed (AWS: one Secrets Manager read per
/// container, and only in a container that signs or checks a link).
pub type KeyFetch = Box<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>>> + Send>>
        + Send
        + Sync,
>;

/// Signs and checks link ids. In AWS the key is a Secrets Manager secret
/// (`CASEBRIDGE_LINK_SECRET_ARN`) and links point at `CASEBRIDGE_MOBILE_BASE_URL`; locally
/// the key is derived from the data folder's secret.
pub struct MobileLinks {
    key: tokio::sync::OnceCell<Vec<u8>>,
    fetch: Option<KeyFetch>,
    base_url: String,
}

impl MobileLinks {
    pub fn new(secret: Vec<u8>, base_url: impl Into<String>) -> Self {
        MobileLinks {
            key: tokio::sync::OnceCell::new_with(Some(secret)),
            fetch: None,
            base_url: base_url.into().trim_end_matches('/').to_string(),
        }
    }

    /// A key read when first needed, once.
    pub fn fetched(fetch: KeyFetch, base_url: impl Into<String>) -> Self {
        MobileLinks {
            key: tokio::sync::OnceCell::new(),
            fetch: Some(fetch),
            base_url: base_url.into().trim_end_matches('/').to_string(),
        }
    }

    /// Where no key is configured: no link can be made (and so no text is sent).
    pub fn unconfigured() -> Self {
        MobileLinks {
            key: tokio::sync::OnceCell::new(),
            fetch: None,
            base_url: String::new(),
        }
    }

    async fn tag(&self, id: &[u8]) -> Result<Hmac<Sha256>> {
        let key = self
            .key
            .get_or_try_init(|| async {
                match &self.fetch {
                    Some(fetch) => fetch().await,
                    None => Err(Error::Internal(
                        "no mobile-link key is configured: links cannot be signed".into(),
                    )),
                }
            })
            .await?;
        let mut m = Hmac::<Sha256>::new_from_slice(key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        m.update(id);
        Ok(m)
    }

    /// The token for a link id.
    pub async fn token(&self, id: &[u8; 16]) -> Result<String> {
        let tag = self.tag(id).await?.finalize().into_bytes();
        Ok(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(id),
            URL_SAFE_NO_PAD.encode(&tag[..TAG_BYTES])
        ))
    }

    /// The link id of a token whose tag is right (checked in constant time).
    pub async fn id_of(&self, token: &str) -> Result<[u8; 16]> {
        let not_found = || Error::not_found("link");
        let (id, tag) = token.split_once('.').ok_or_else(not_found)?;
        let id: [u8; 16] = URL_SAFE_NO_PAD
            .decode(id)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or_else(not_found)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| not_found())?;
        // Exactly the tag we issue: a shorter one would be a weaker check.
        if tag.len() != TAG_BYTES {
            return Err(not_found());
        }
        self.tag(&id)
            .await?
            .verify_truncated_left(&tag)
            .map_err(|_| not_found())?;
        Ok(id)
    }

    pub fn url(&self, token: &str) -> String {
        format!("{}/m/{token}", self.base_url)
    }

    /// Where an email's one-click unsubscribe posts (and its link in the text opens).
    pub fn unsubscribe_url(&self, token: &str) -> String {
        format!("{}/e/unsubscribe/{token}", self.base_url)
    }
}

/// Issues a link that opens `case_id` for `contact_id` until [`LINK_TTL_SECS`] from now.
pub async fn issue(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<String> {
    let id = *uuid::Uuid::new_v4().as_bytes();
    let token = app.links.token(&id).await?;
    let expires = app.clock.now().as_second() + LINK_TTL_SECS;
    let claims = LinkClaims {
        dealer: dealer.clone(),
        case_id: case_id.clone(),
        contact_id: contact_id.into(),
        expires,
    };
    // Kept past its expiry so that an expired link's page can still say whose link it was
    // and whom to call; `resolve` refuses it from `expires` on.
    super::store::save(app, &id, &claims, expires + EXPIRED_LINK_KEPT_SECS).await?;
    Ok(app.links.url(&token))
}

/// How long an expired link is remembered (to answer "expired, call the dealer").
pub const EXPIRED_LINK_KEPT_SECS: i64 = 30 * 24 * 3600;

/// How long after a case closes its links stop opening: long enough to read the "closed"
/// text's page, shorter than a link's own life ([`LINK_TTL_SECS`], 7 days).
pub const CLOSED_CASE_LINK_DAYS: i64 = 3;

/// What a link was issued for, valid or not (`None`: never issued, or forgotten). A forged
/// token is refused here.
pub async fn claims_of(app: &App, token: &str) -> Result<Option<LinkClaims>> {
    let id = app.links.id_of(token).await?;
    super::store::load(app, &id).await
}

/// What a link token opens. A token that is not ours, or unknown, is "not found"; an
/// expired or revoked one says so, so the page can point to the latest text. A link stops
/// opening when its contact is deleted or merged away, is no longer a recipient of the case,
/// or when the case has been closed for [`CLOSED_CASE_LINK_DAYS`] days, and while the
/// dealer's mobile communications are off.
pub async fn resolve(app: &App, token: &str) -> Result<Opened> {
    let claims = match claims_of(app, token).await? {
        Some(claims) => claims,
        None => {
            return Err(Error::Forbidden(
                "this link has expired or was never issued; open the link in the latest text"
                    .into(),
            ))
        }
    };
    let now = app.clock.now();
    if now.as_second() > claims.expires {
        return Err(Error::Forbidden(
            "this link has expired; open the link in the latest text".into(),
        ));
    }
    let revoked = || {
        Error::Forbidden("this link no longer opens the case; ask the dealer for a new one".into())
    };
    match crate::contacts::get(app, &claims.dealer, &claims.contact_id).await {
        Ok(_) => {}
        Err(Error::NotFound(_)) => return Err(revoked()),
        Err(e) => return Err(e),
    }
    if !crate::contacts::is_recipient(app, &claims.dealer, &claims.case_id, &claims.contact_id)
        .await?
    {
        return Err(revoked());
    }
    let dealer = crate::dealers::load_dealer(app, &claims.dealer).await?;
    if !dealer.settings.mobile_communications_enabled {
        return Err(Error::Forbidden(
            "the dealership has turned its mobile page off; call them".into(),
        ));
    }
    let case = crate::cases::load_case(app, &claims.dealer, &claims.case_id).await?;
    if let Some(closed) = case.closed_at {
        if now - closed > jiff::SignedDuration::from_hours(24 * CLOSED_CASE_LINK_DAYS) {
            return Err(revoked());
        }
    }
    Ok(Opened {
        claims,
        dealer,
        case,
    })
}

/// What a link opens, as read to check it: the page uses these, not a second read.
pub struct Opened {
    pub claims: LinkClaims,
    pub dealer: crate::dealers::Dealer,
    pub case: crate::cases::Case,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_round_trips_and_a_forged_one_is_not_found() -> Result<()> {
        let links = MobileLinks::new(b"secret".to_vec(), "https://x.test/");
        let id = [7u8; 16];
        let t = links.token(&id).await?;
        assert!(t.len() <= 45, "short enough for a text: {t}");
        assert_eq!(links.id_of(&t).await?, id);
        assert_eq!(links.url(&t), format!("https://x.test/m/{t}"));
        let other = MobileLinks::new(b"other".to_vec(), "");
        assert!(matches!(other.id_of(&t).await, Err(Error::NotFound(_))));
        let forged = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode([8u8; 16]),
            t.split_once('.').map(|(_, x)| x).unwrap_or_default()
        );
        assert!(matches!(
            links.id_of(&forged).await,
            Err(Error::NotFound(_))
        ));
        let short = format!(
            "{}.{}",
            t.split_once('.').map(|(i, _)| i).unwrap_or_default(),
            &t.split_once('.').map(|(_, x)| x).unwrap_or_default()[..2]
        );
        assert!(
            links.id_of(&short).await.is_err(),
            "a truncated tag is refused: {short}"
        );
        for junk in ["", ".", "abc", "a.b", "%%.%%"] {
            assert!(links.id_of(junk).await.is_err(), "{junk}");
        }
        assert!(MobileLinks::unconfigured().token(&id).await.is_err());
        Ok(())
    }
}
