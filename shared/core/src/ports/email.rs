//! Sending one email (SES v2 `SendEmail` in AWS, a recording file locally).

use async_trait::async_trait;

/// A header's value that cannot break out of its header: every control character (C0, C1,
/// DEL) and the Unicode line and paragraph separators become a space, whatever it is given,
/// so no name, unit number or subject can add a `Bcc:` line. The only way to build one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeaderText(String);

impl HeaderText {
    pub fn new(value: &str) -> HeaderText {
        let mut out = String::with_capacity(value.len());
        for c in value.chars() {
            let c = if crate::text::breaks_a_line(c) {
                ' '
            } else {
                c
            };
            // Runs of spaces (a removed CR LF) become one.
            if !(c == ' ' && out.ends_with(' ')) {
                out.push(c);
            }
        }
        HeaderText(out.trim().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for HeaderText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for HeaderText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for HeaderText {
    fn from(value: &str) -> HeaderText {
        HeaderText::new(value)
    }
}

impl PartialEq<&str> for HeaderText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// One outgoing email: a plain-text and an HTML part, and the headers the mail needs
/// (`List-Unsubscribe`, `List-Unsubscribe-Post`). Every header value is a [`HeaderText`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    /// The dealer's verified sender, e.g. `Lone Star Truck Center <service@lonestar.example>`.
    pub from: HeaderText,
    pub to: HeaderText,
    pub subject: HeaderText,
    pub text: String,
    pub html: String,
    pub headers: Vec<(HeaderText, HeaderText)>,
    /// Tags SES repeats in its delivery, bounce and complaint notifications.
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Not sent: retrying is safe.
    #[error("email could not be sent now: {0}")]
    Transient(String),
    /// The request went out but its answer was lost: the email may have been sent, so
    /// callers do not send it again.
    #[error("email may have been sent (no confirmation): {0}")]
    Unconfirmed(String),
    /// Refused for good (an unverified sender, an address SES will not send to).
    #[error("email refused: {0}")]
    Refused(String),
}

#[async_trait]
pub trait EmailSender: Send + Sync {
    /// Sends the email; answers the provider's message id (its notifications name it).
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError>;
}

#[cfg(test)]
mod tests {
    use super::HeaderText;

    #[test]
    fn no_character_makes_a_header_value_span_two_lines() {
        let breaks = (0u32..0x20)
            .chain(0x7f..0xa0)
            .chain([0x2028, 0x2029])
            .filter_map(char::from_u32);
        for c in breaks {
            let h = HeaderText::new(&format!(
                "Case 1004 (unit T-1{c}Bcc: attacker@evil.example)"
            ));
            assert!(
                !h.chars().any(crate::text::breaks_a_line),
                "U+{:04X} got through: {h:?}",
                c as u32
            );
            assert!(h.contains("T-1"), "{h}");
        }
        assert_eq!(
            HeaderText::new("T-1\r\nBcc: a@b.example"),
            "T-1 Bcc: a@b.example"
        );
        assert_eq!(HeaderText::new("Lone Star Trucks"), "Lone Star Trucks");
    }
}
