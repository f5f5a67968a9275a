//! Signed links: what texts and emails carry to the mobile page and to the one-click
//! unsubscribe. A token is `<id>.<tag>`: `id` 16 random bytes, `tag` a truncated HMAC-SHA256
//! of it (both base64url, 22 characters each).

use async_trait::async_trait;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::Error;

const TAG_BYTES: usize = 16;

/// Signs link ids and checks tokens; makes the URLs people open.
#[async_trait]
pub trait LinkSigner: Send + Sync {
    /// The token for a link id.
    async fn token(&self, id: &[u8; 16]) -> Result<String, Error>;
    /// The link id of a token whose tag is right (checked in constant time); a token that
    /// is not ours is "not found".
    async fn id_of(&self, token: &str) -> Result<[u8; 16], Error>;
    /// The mobile page of a token.
    fn url(&self, token: &str) -> String;
    /// Where an email's one-click unsubscribe posts (and its link in the text opens).
    fn unsubscribe_url(&self, token: &str) -> String;
}

/// Fetches the link key when it is first needed (AWS: one Secrets Manager read per
/// container, and only in a container that signs or checks a link).
pub type KeyFetch = Box<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<u8>, Error>> + Send>>
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

    async fn tag(&self, id: &[u8]) -> Result<Hmac<Sha256>, Error> {
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
}

#[async_trait]
impl LinkSigner for MobileLinks {
    async fn token(&self, id: &[u8; 16]) -> Result<String, Error> {
        let tag = self.tag(id).await?.finalize().into_bytes();
        Ok(format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(id),
            URL_SAFE_NO_PAD.encode(&tag[..TAG_BYTES])
        ))
    }

    async fn id_of(&self, token: &str) -> Result<[u8; 16], Error> {
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

    fn url(&self, token: &str) -> String {
        format!("{}/m/{token}", self.base_url)
    }

    fn unsubscribe_url(&self, token: &str) -> String {
        format!("{}/e/unsubscribe/{token}", self.base_url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Result;

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
