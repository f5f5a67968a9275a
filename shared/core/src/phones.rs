//! Phone numbers as people type them: read in the dealer's country (libphonenumber's data,
//! through the `phonenumber` crate) and kept in E.164; and the shapes inbound numbers arrive
//! in, for matching a text to its contact.

/// The phone-number data's id for a country code (`US`, `CA`, `MX`…).
pub fn phone_country(code: &str) -> Option<phonenumber::country::Id> {
    use std::str::FromStr;
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    phonenumber::country::Id::from_str(code).ok()
}

/// A mobile as people type it (`214-555-0100`, `(214) 555-0100`, `214.555.0100`,
/// `+1 214 555 0100`), read as a number of `country` unless it starts with `+`, and answered
/// in E.164; the error says what could not be read, once.
pub fn read_mobile(raw: &str, country: &str) -> std::result::Result<String, String> {
    let refused = || {
        format!(
            "{raw:?} is not a phone number we can text: type it as the customer gives it \
             (for example 214-555-0100) or with its country code (+12145550100)"
        )
    };
    if raw.chars().count() > 32 {
        return Err(refused());
    }
    let number = phonenumber::parse(phone_country(country), raw).map_err(|_| refused())?;
    if !number.is_valid() || number.extension().is_some() {
        return Err(refused());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// An E.164 number: `+`, a country code not starting with 0, 8 to 15 digits in all.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A phone number in E.164, from the shapes numbers arrive in: spaces, dashes, dots and
/// parentheses dropped, `00` read as `+`, a bare 10-digit number read as North American
/// (`+1`), bare digits otherwise given their `+`. `None` when what is left is not E.164.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.len() > 32 {
        return None;
    }
    let plus = trimmed.starts_with('+');
    let mut digits = String::with_capacity(16);
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let e164 = if plus {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.len() == 10 {
        format!("+1{digits}")
    } else {
        format!("+{digits}")
    };
    is_e164(&e164).then_some(e164)
}
