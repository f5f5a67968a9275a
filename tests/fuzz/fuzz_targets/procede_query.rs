//! A Procede customer search as a Case user types it (`by`, then `q`): checked or refused,
//! never a panic, and a checked query stays inside its bounds.
#![no_main]

use casebridge_core::procede::{words, Query, SearchField, MAX_TOKENS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (by, q) = text.split_once('\n').unwrap_or(("name", text));
    let Ok(field) = SearchField::parse(by) else {
        return;
    };
    if let Ok(query) = Query::parse(field, q) {
        assert!(query.tokens.len() <= MAX_TOKENS);
        assert_eq!(query.tokens, words(q.trim()));
        if field == SearchField::Phone {
            assert!(query.digits.len() >= 2);
        } else {
            assert!(!query.tokens.is_empty());
        }
    }
});
