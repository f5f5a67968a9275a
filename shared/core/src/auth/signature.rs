//! Prokeep connector signatures.
//!
//! `X-Casebridge-Signature: t=<unix seconds>,v1=<hex hmac>` with HMAC-SHA256 over
//! `"{t}.{raw body}"` and the dealer's connector secret; `X-Casebridge-Dealer: <dealer id>`.
//! Either of the dealer's two secrets is accepted while a rotation is under way; a timestamp
//! more than five minutes from now is refused so a captured request cannot be replayed later.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

pub const SIGNATURE_HEADER: &str = "x-casebridge-signature";
pub const DEALER_HEADER: &str = "x-casebridge-dealer";
pub const TOLERANCE_SECS: i64 = 300;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &str, t: i64, body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The header value for `body`, signed at `t`.
pub fn sign(secret: &str, t: i64, body: &[u8]) -> String {
    let tag = mac(secret, t, body).finalize().into_bytes();
    format!("t={t},v1={}", hex::encode(tag))
}

/// Checks a header value against the dealer's secrets at time `now`.
pub fn verify(header: Option<&str>, secrets: &[String], body: &[u8], now: i64) -> Result<()> {
    let header = header.ok_or_else(|| {
        Error::Unauthorized("the request has no X-Casebridge-Signature header".into())
    })?;
    let mut t = None;
    let mut tags = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => tags.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let t = t.ok_or_else(|| {
        Error::Unauthorized("X-Casebridge-Signature has no t=<unix seconds>".into())
    })?;
    if (now - t).abs() > TOLERANCE_SECS {
        return Err(Error::Unauthorized(format!(
            "the signature timestamp is {}s away from now; the tolerance is {TOLERANCE_SECS}s",
            (now - t).abs()
        )));
    }
    if tags.is_empty() {
        return Err(Error::Unauthorized(
            "X-Casebridge-Signature has no v1=<hex hmac>".into(),
        ));
    }
    // verify_slice compares in constant time.
    let ok = secrets.iter().any(|s| {
        tags.iter()
            .any(|tag| mac(s, t, body).verify_slice(tag).is_ok())
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Unauthorized(
            "the signature does not match the body with this dealer's connector secret".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn secrets() -> Vec<String> {
        vec!["new-secret".into(), "old-secret".into()]
    }

    #[test]
    fn a_request_signed_with_the_current_secret_passes() {
        let h = sign("new-secret", NOW, b"{}");
        assert!(verify(Some(&h), &secrets(), b"{}", NOW + 10).is_ok());
    }

    #[test]
    fn during_rotation_the_previous_secret_still_passes() {
        let h = sign("old-secret", NOW, b"{}");
        assert!(verify(Some(&h), &secrets(), b"{}", NOW).is_ok());
    }

    #[test]
    fn a_changed_body_fails() {
        let h = sign("new-secret", NOW, b"{}");
        assert!(verify(Some(&h), &secrets(), b"{\"a\":1}", NOW).is_err());
    }

    #[test]
    fn a_stale_or_future_timestamp_fails() {
        let h = sign("new-secret", NOW, b"{}");
        assert!(verify(Some(&h), &secrets(), b"{}", NOW + 301).is_err());
        assert!(verify(Some(&h), &secrets(), b"{}", NOW - 301).is_err());
        assert!(verify(Some(&h), &secrets(), b"{}", NOW + 300).is_ok());
    }

    #[test]
    fn missing_or_garbled_headers_fail_with_a_reason() {
        for h in [
            None,
            Some("v1=00"),
            Some("t=abc,v1=00"),
            Some("t=1800000000"),
        ] {
            let err = verify(h, &secrets(), b"{}", NOW).unwrap_err();
            assert!(matches!(err, Error::Unauthorized(_)), "{h:?}");
        }
    }

    #[test]
    fn an_unknown_secret_fails() {
        let h = sign("someone-else", NOW, b"{}");
        assert!(verify(Some(&h), &secrets(), b"{}", NOW).is_err());
    }
}
