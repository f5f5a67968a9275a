//! Counting SMS segments and cutting a text to fit: the link is never cut, the text fits
//! whenever the link alone does, and bisection cuts exactly where one-by-one did.
#![no_main]

use casebridge_core::sms::segments::{fit, fit_one_by_one, measure};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some((&max, rest)) = text.as_bytes().split_first() else {
        return;
    };
    let max = usize::from(max % 5);
    let rest = std::str::from_utf8(rest).unwrap_or("");
    let (head, tail) = rest
        .split_once('\n')
        .unwrap_or((rest, " https://m.example.test/m/x"));
    let m = measure(text);
    assert!(m.units >= m.segments);
    let fitted = fit(head, tail, max);
    assert!(fitted.ends_with(tail));
    if measure(tail).segments <= max && fitted != tail {
        assert!(measure(&fitted).segments <= max);
    }
    if head.chars().count() <= 400 {
        assert_eq!(fitted, fit_one_by_one(head, tail, max));
    }
});
