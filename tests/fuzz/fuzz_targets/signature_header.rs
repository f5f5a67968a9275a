//! The connector's `X-Casebridge-Signature` header: any string is parsed without a panic,
//! and a header that parses never verifies for a request it was not made for.
#![no_main]

use casebridge_core::auth::signature;
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-connector-secret";

fuzz_target!(|data: &[u8]| {
    let Ok(header) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = signature::parse(Some(header)) else {
        return;
    };
    assert!(header.len() <= signature::MAX_HEADER_LEN);
    assert!(!parsed.tags.is_empty() && parsed.tags.len() <= signature::MAX_SIGNATURES);
    // A made-up tag does not match the real MAC (2^-256 aside).
    let body = header.as_bytes();
    let now = parsed.t;
    assert!(signature::verify(&parsed, &[SECRET.into()], "POST", "/v1/x", body, now).is_err());
    // What `sign` writes parses back and verifies, for exactly that request.
    let signed = signature::sign(SECRET, now, "POST", "/v1/x", body);
    let back = signature::parse(Some(&signed)).expect("sign writes a valid header");
    assert!(signature::verify(&back, &[SECRET.into()], "POST", "/v1/x", body, now).is_ok());
    assert!(signature::verify(&back, &[SECRET.into()], "POST", "/v1/y", body, now).is_err());
});
