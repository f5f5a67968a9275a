//! Prokeep connector signatures.
//!
//! `X-Casebridge-Dealer: <dealer id>` and
//! `X-Casebridge-Signature: t=<unix seconds>,v2=<hex HMAC-SHA256>`, the HMAC over
//!
//! ```text
//! <t> "\n" <METHOD> "\n" <path with query> "\n" <raw body>
//! ```
//!
//! with one of the dealer's connector secrets. A signature so binds the method, the route
//! (thread id, request id, query) and the body: it cannot be replayed on another resource,
//! and a timestamp more than five minutes from now is refused, so not later either. During a
//! rotation the connector may send two `v2` values (one per secret). The first scheme, `v1`
//! over `t.body` alone, is refused.
//!
//! What an attacker can send costs little: the header is parsed (length-capped, at most two
//! values) before the body is read, each secret's MAC is computed once whatever the number
//! of values, and every verification failure answers the same words, so a failure tells
//! nothing about which dealer ids exist or which part was wrong.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

pub const SIGNATURE_HEADER: &str = "x-casebridge-signature";
pub const DEALER_HEADER: &str = "x-casebridge-dealer";
pub(crate) const TOLERANCE_SECS: i64 = 300;
/// `t=` + 10 digits and two `v2=` values of 64 hex digits fit well inside this.
pub const MAX_HEADER_LEN: usize = 256;
/// Two secrets are valid during a rotation: one value each.
pub const MAX_SIGNATURES: usize = 2;

/// The answer to every failed verification.
pub(crate) const REFUSED: &str = "unknown dealer or bad signature";

type HmacSha256 = Hmac<Sha256>;

/// A well-formed signature header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub t: i64,
    pub tags: Vec<[u8; 32]>,
}

fn malformed() -> Error {
    Error::Unauthorized(format!(
        "X-Casebridge-Signature is malformed: expected t=<unix seconds>,v2=<64 hex digits> \
         (at most {MAX_SIGNATURES} v2 values; the v1 scheme is no longer accepted)"
    ))
}

/// Parses the header, refusing anything that is not exactly the scheme (before any body
/// is read).
pub fn parse(header: Option<&str>) -> Result<SignatureHeader> {
    let header = header.ok_or_else(|| {
        Error::Unauthorized("the request has no X-Casebridge-Signature header".into())
    })?;
    if header.len() > MAX_HEADER_LEN {
        return Err(malformed());
    }
    let mut t = None;
    let mut tags = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) if t.is_none() && !v.is_empty() && v.len() <= 12 => {
                t = Some(v.parse::<i64>().map_err(|_| malformed())?)
            }
            Some(("v2", v)) if tags.len() < MAX_SIGNATURES && v.len() == 64 => {
                let mut tag = [0u8; 32];
                hex::decode_to_slice(v, &mut tag).map_err(|_| malformed())?;
                tags.push(tag);
            }
            _ => return Err(malformed()),
        }
    }
    match t {
        Some(t) if !tags.is_empty() => Ok(SignatureHeader { t, tags }),
        _ => Err(malformed()),
    }
}

fn mac(secret: &str, t: i64, method: &str, path_and_query: &str, body: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(format!("{t}\n{}\n{path_and_query}\n", method.to_ascii_uppercase()).as_bytes());
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// The header value for a request, signed at `t` with `secret`.
pub fn sign(secret: &str, t: i64, method: &str, path_and_query: &str, body: &[u8]) -> String {
    format!(
        "t={t},v2={}",
        hex::encode(mac(secret, t, method, path_and_query, body))
    )
}

/// Checks a parsed header against the dealer's secrets at time `now`: one MAC per secret,
/// each compared in constant time with every value.
pub fn verify(
    header: &SignatureHeader,
    secrets: &[String],
    method: &str,
    path_and_query: &str,
    body: &[u8],
    now: i64,
) -> Result<()> {
    let fresh = (now - header.t).abs() <= TOLERANCE_SECS;
    let mut matched = false;
    for secret in secrets {
        let expected = mac(secret, header.t, method, path_and_query, body);
        for tag in &header.tags {
            matched |= constant_time_eq(&expected, tag);
        }
    }
    if fresh && matched {
        Ok(())
    } else {
        Err(Error::Unauthorized(REFUSED.into()))
    }
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;
    const PATH: &str = "/v1/prokeep/threads/PK-1/attachments";

    fn secrets() -> Vec<String> {
        vec!["new-secret".into(), "old-secret".into()]
    }

    fn check(h: &str, method: &str, path: &str, body: &[u8], now: i64) -> Result<()> {
        verify(&parse(Some(h))?, &secrets(), method, path, body, now)
    }

    #[test]
    fn a_request_signed_with_the_current_secret_passes() {
        let h = sign("new-secret", NOW, "POST", PATH, b"{}");
        assert!(check(&h, "POST", PATH, b"{}", NOW + 10).is_ok());
    }

    #[test]
    fn during_rotation_the_previous_secret_still_passes_and_both_values_may_be_sent() {
        let h = sign("old-secret", NOW, "POST", PATH, b"{}");
        assert!(check(&h, "POST", PATH, b"{}", NOW).is_ok());
        let other = sign("someone-else", NOW, "POST", PATH, b"{}");
        let both = format!(
            "{h},{}",
            other.split_once(',').map(|(_, v)| v).unwrap_or("")
        );
        assert!(check(&both, "POST", PATH, b"{}", NOW).is_ok());
    }

    #[test]
    fn a_signature_does_not_carry_over_to_another_body_method_path_or_query() {
        let h = sign("new-secret", NOW, "POST", PATH, b"{}");
        for (method, path, body) in [
            ("POST", PATH, &b"{\"a\":1}"[..]),
            ("PUT", PATH, b"{}"),
            ("POST", "/v1/prokeep/threads/PK-2/attachments", b"{}"),
            ("POST", "/v1/prokeep/threads/PK-1/attachments?x=1", b"{}"),
        ] {
            let err = check(&h, method, path, body, NOW).unwrap_err();
            assert_eq!(err.to_string(), REFUSED, "{method} {path}");
        }
    }

    #[test]
    fn a_stale_or_future_timestamp_fails_with_the_same_words() {
        let h = sign("new-secret", NOW, "GET", "/v1/prokeep/open-cases", b"");
        let get = |now| check(&h, "GET", "/v1/prokeep/open-cases", b"", now);
        assert_eq!(get(NOW + 301).unwrap_err().to_string(), REFUSED);
        assert_eq!(get(NOW - 301).unwrap_err().to_string(), REFUSED);
        assert!(get(NOW + 300).is_ok());
    }

    #[test]
    fn malformed_headers_are_refused_before_any_mac_is_computed() {
        let tag = "a".repeat(64);
        for h in [
            "v2=00".to_string(),
            "t=abc,v2=00".to_string(),
            "t=1800000000".to_string(),
            format!("t=1800000000,v1={tag}"),
            format!("t=1800000000,v2={}", &tag[..62]),
            format!("t=1800000000,v2={tag},v2={tag},v2={tag}"),
            format!("t=1800000000,t=1,v2={tag}"),
            format!("t=1800000000,{}", format!("v2={tag},").repeat(5000)),
            format!("t=1800000000,v2={}", "z".repeat(64)),
        ] {
            let err = parse(Some(&h)).unwrap_err();
            assert!(matches!(err, Error::Unauthorized(_)), "{h}");
            assert!(err.to_string().contains("malformed"), "{h}: {err}");
        }
        assert!(parse(None).is_err());
    }

    #[test]
    fn an_unknown_secret_fails() {
        let h = sign("someone-else", NOW, "POST", PATH, b"{}");
        assert_eq!(
            check(&h, "POST", PATH, b"{}", NOW).unwrap_err().to_string(),
            REFUSED
        );
    }
}
