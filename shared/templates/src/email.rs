//! The notification email: its text part, and its HTML part with the same words and the
//! page's look.

use crate::views::EmailView;
use crate::words::{say, word};
use maud::html;

/// The email's HTML.
pub fn notification(v: &EmailView<'_>) -> String {
    let l = v.language;
    html! {
        (maud::DOCTYPE)
        html lang=(l.tag()) {
            head { meta charset="utf-8"; title { (v.subject) } }
            body style="font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a" {
                p style="font-weight:600" { (v.dealer) }
                p { (v.about) ": " (v.headline) }
                @if let Some(d) = v.detail {
                    blockquote style="margin:0 0 1em;padding:.6em .9em;border-left:4px solid #0b5cad;background:#f3f6fa;white-space:pre-wrap" { (d) }
                }
                @if let Some(pdf) = v.pdf {
                    p { a href=(pdf) { (word(l, "email-pdf")) } }
                }
                p { a href=(v.link) style="display:inline-block;padding:.6em 1.1em;background:#0b5cad;color:#fff;border-radius:6px;text-decoration:none" { (word(l, "email-open")) } }
                p { (v.reply) " " (word(l, "email-link-life")) }
                @if let Some(p) = v.phone { p { (say(l, "email-questions", &[("phone", p.into())])) } }
                hr;
                p style="color:#555;font-size:14px" {
                    (say(l, "email-why", &[("dealer", v.dealer.into())])) " "
                    a href=(v.unsubscribe) style="color:#555" { (word(l, "stop-these-emails")) } "."
                }
            }
        }
    }
    .into_string()
}

/// The email's text part.
pub fn notification_text(v: &EmailView<'_>) -> String {
    let l = v.language;
    let mut text = format!("{}\n\n{}: {}\n", v.dealer, v.about, v.headline);
    if let Some(d) = v.detail {
        text.push_str(&format!("\n{d}\n"));
    }
    if let Some(pdf) = v.pdf {
        text.push_str(&format!("\n{}: {pdf}\n", word(l, "email-pdf")));
    }
    let (open, life) = (word(l, "email-open"), word(l, "email-link-life"));
    text.push_str(&format!("\n{open}: {}\n{} {life}\n", v.link, v.reply));
    if let Some(p) = v.phone {
        text.push_str(&format!(
            "{}\n",
            say(l, "email-questions", &[("phone", p.into())])
        ));
    }
    let why = say(l, "email-why", &[("dealer", v.dealer.into())]);
    let stop = word(l, "stop-these-emails");
    text.push_str(&format!("\n--\n{why}\n{stop}: {}\n", v.unsubscribe));
    text
}
