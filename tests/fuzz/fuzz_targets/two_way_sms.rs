//! The two-way SMS payload as the SMS topic delivers it: parsed or refused, never a panic.
#![no_main]

use casebridge_core::sms::inbound;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(message) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(sms) = inbound::parse(message) {
        // What parsed says the same thing when written and read again.
        let again = serde_json::to_string(&sms).unwrap();
        assert_eq!(inbound::parse(&again).unwrap(), sms);
    }
});
