//! The mobile page, as maud templates (compile-time, every value escaped unless marked
//! otherwise).
//! Phone first, usable without JavaScript: plain forms, labels on every control, 44 px
//! targets, a visible focus ring, text at 4.5:1 contrast or more.

use crate::chrome::{case_summary, dealer_header, page};
pub use crate::chrome::{APPROVED_TOTAL_JS, STYLE};
pub use crate::estimate::decided;
use crate::estimate::{estimate, estimate_link};
use crate::views::{DealerView, PageView, Showing, UnsubscribeView};
use maud::{html, Markup};

fn reply_form(token: &str, v: &PageView, label: &str) -> Markup {
    html! {
        form.card method="post" action={ "/m/" (token) "/replies" } {
            label for="reply" { (label) }
            textarea id="reply" name="text" rows="4" maxlength="10000" required {}
            input type="hidden" name="submission" value=(v.submission);
            p { button type="submit" { "Send reply" } }
        }
    }
}

/// `GET /m/{token}`: the notes view (messages, a reply, the estimates as links) or the
/// estimate view (one estimate to decide, a link to the messages), as `v.showing` says.
pub fn case_page(token: &str, v: &PageView, notice: Option<&str>) -> Markup {
    let title = match &v.showing {
        Showing::Notes => format!("{} \u{2014} your case", v.dealer.name),
        Showing::Estimate(_) => format!("{} \u{2014} estimate", v.dealer.name),
    };
    page(
        &title,
        html! {
            (dealer_header(&v.dealer))
            @if let Some(n) = notice { p.card role="alert" { strong { (n) } } }
            @if v.showing == Showing::Notes { h1 { "Your case" } }
            (case_summary(&v.case))
            @match &v.showing {
                Showing::Estimate(_) => {
                    @for e in &v.estimates { (estimate(token, e)) }
                    p { a href={ "/m/" (token) "/notes" } { "Messages from " (v.dealer.name) } }
                    (reply_form(token, v, &format!("A question about this estimate? Write to {}", v.dealer.name)))
                }
                Showing::Notes => {
                    @if !v.estimates.is_empty() {
                        h2 { "Estimates" }
                        ul.estimates { @for e in &v.estimates { li { (estimate_link(token, e)) } } }
                    }
                    (reply_form(token, v, &format!("Your reply to {}", v.dealer.name)))
                    h2 { "Messages" }
                    @if v.notes.is_empty() { p { "No messages yet." } }
                    @for n in &v.notes {
                        article.card {
                            div { span.who { (n.author) } " " span.when { (n.time) } }
                            p { (n.text) }
                        }
                    }
                    @if let Some(older) = &v.older_notes {
                        p { a href={ "/m/" (token) "/notes?older=" (older) } { "Older messages" } }
                    }
                }
            }
        },
    )
}

/// What a person sees when something is wrong: what happened and what to do, with the
/// dealer to call when the link tells us who it is.
pub fn problem(
    title: &str,
    detail: &str,
    back: Option<&str>,
    dealer: Option<&DealerView>,
) -> Markup {
    page(
        title,
        html! {
            @if let Some(d) = dealer { (dealer_header(d)) }
            h1 { (title) }
            p { (detail) }
            @match (dealer, back) {
                (Some(DealerView { name, phone: Some(phone), tel: Some(tel), .. }), _) => {
                    p { "Call or text " (name) " at " a href={ "tel:" (tel) } { (phone) } "." }
                    @if let Some(href) = back { p { a href=(href) { "Back to your case" } } }
                }
                (_, Some(href)) => { p { a href=(href) { "Back to your case" } } }
                _ => { p { "If you need help, call the dealership that texted you." } }
            }
        },
    )
}

/// What an email's "Stop these emails" link opens: who, what, and one button (a link
/// scanner's GET changes nothing; the button, like a mail client's one-click, posts).
pub fn unsubscribe_confirm(token: &str, view: &UnsubscribeView) -> Markup {
    page(
        "Stop emails",
        html! {
            h1 { "Stop emails from " (view.dealer_name) "?" }
            p { "Emails about your cases go to " strong { (view.email) } ". Texts are not affected." }
            form method="post" action={ "/e/unsubscribe/" (token) } {
                input type="hidden" name="List-Unsubscribe" value="One-Click";
                button type="submit" { "Stop these emails" }
            }
        },
    )
}

/// After the unsubscribe.
pub fn unsubscribed(view: &UnsubscribeView) -> Markup {
    page(
        "Emails stopped",
        html! {
            h1 { "Emails stopped" }
            p { (view.dealer_name) " will send no more emails about your cases to " strong { (view.email) } "." }
            p { "Texts are not affected. To get emails again, ask the dealership." }
        },
    )
}
