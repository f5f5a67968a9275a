//! The mobile page, as maud templates (compile-time, every value escaped unless marked
//! otherwise), in the customer's language (`words`).
//! Phone first, usable without JavaScript: plain forms, labels on every control, 44 px
//! targets, a visible focus ring, text at 4.5:1 contrast or more.

use crate::chrome::{case_summary, dealer_header, language_switch, page};
pub use crate::chrome::{APPROVED_TOTAL_JS, STYLE};
pub use crate::estimate::decided;
use crate::estimate::{estimate, estimate_link};
use crate::views::{DealerView, PageView, Showing, UnsubscribeView};
use crate::words::{say, word, Language};
use maud::{html, Markup};

fn reply_form(token: &str, v: &PageView, label: &str) -> Markup {
    html! {
        form.card method="post" action={ "/m/" (token) "/replies" } {
            label for="reply" { (label) }
            textarea id="reply" name="text" rows="4" maxlength="10000" required {}
            input type="hidden" name="submission" value=(v.submission);
            p { button type="submit" { (word(v.language, "send-reply")) } }
        }
    }
}

/// `GET /m/{token}`: the notes view (messages, a reply, the estimates as links) or the
/// estimate view (one estimate to decide, a link to the messages), as `v.showing` says.
pub fn case_page(token: &str, v: &PageView, notice: Option<&str>) -> Markup {
    let l = v.language;
    let dealer = || [("dealer", (&v.dealer.name).into())];
    let (title, back) = match &v.showing {
        Showing::Notes => (say(l, "title-case", &dealer()), format!("/m/{token}/notes")),
        Showing::Estimate(id) => (
            say(l, "title-estimate", &dealer()),
            format!("/m/{token}/estimates/{id}"),
        ),
    };
    page(
        l,
        &title,
        html! {
            (dealer_header(l, &v.dealer))
            @if let Some(n) = notice { p.card role="alert" { strong { (n) } } }
            @if v.showing == Showing::Notes { h1 { (word(l, "your-case")) } }
            (case_summary(l, &v.case))
            @match &v.showing {
                Showing::Estimate(_) => {
                    @for e in &v.estimates { (estimate(l, token, e)) }
                    p { a href={ "/m/" (token) "/notes" } { (say(l, "messages-from", &dealer())) } }
                    (reply_form(token, v, &say(l, "ask-about-estimate", &dealer())))
                }
                Showing::Notes => {
                    @if !v.estimates.is_empty() {
                        h2 { (word(l, "estimates")) }
                        ul.estimates { @for e in &v.estimates { li { (estimate_link(l, token, e)) } } }
                    }
                    (reply_form(token, v, &say(l, "reply-to", &dealer())))
                    h2 { (word(l, "messages")) }
                    @if v.notes.is_empty() { p { (word(l, "no-messages")) } }
                    @for n in &v.notes {
                        article.card {
                            div { span.who { (n.author) } " " span.when { (n.time) } }
                            p { (n.text) }
                        }
                    }
                    @if let Some(older) = &v.older_notes {
                        p { a href={ "/m/" (token) "/notes?older=" (older) } { (word(l, "older-messages")) } }
                    }
                }
            }
            (language_switch(l, token, &back))
        },
    )
}

/// Why a link or a form did not work: the problem's kind, which says the page's title (and,
/// in English, the problem's own detail; the other languages say what the kind means).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    NotFound,
    Gone,
    Changed,
    Check,
    Failed,
}

impl Trouble {
    fn id(self) -> &'static str {
        match self {
            Trouble::NotFound => "problem-not-found",
            Trouble::Gone => "problem-gone",
            Trouble::Changed => "problem-changed",
            Trouble::Check => "problem-check",
            Trouble::Failed => "problem-failed",
        }
    }
}

/// What a person sees when something is wrong: what happened and what to do, with the
/// dealer to call when the link tells us who it is.
pub fn problem(
    l: Language,
    trouble: Trouble,
    detail: &str,
    back: Option<&str>,
    dealer: Option<&DealerView>,
) -> Markup {
    let title = word(l, trouble.id());
    let detail = say(
        l,
        &format!("{}-detail", trouble.id()),
        &[("detail", detail.into())],
    );
    page(
        l,
        &title,
        html! {
            @if let Some(d) = dealer { (dealer_header(l, d)) }
            h1 { (title) }
            p { (detail) }
            @match (dealer, back) {
                (Some(DealerView { name, phone: Some(phone), tel: Some(tel), .. }), _) => {
                    p { (say(l, "call-or-text-at", &[("dealer", name.into())])) " " a href={ "tel:" (tel) } { (phone) } "." }
                    @if let Some(href) = back { p { a href=(href) { (word(l, "back-to-case")) } } }
                }
                (_, Some(href)) => { p { a href=(href) { (word(l, "back-to-case")) } } }
                _ => { p { (word(l, "help-call-dealership")) } }
            }
        },
    )
}

/// What an email's "Stop these emails" link opens: who, what, and one button (a link
/// scanner's GET changes nothing; the button, like a mail client's one-click, posts).
pub fn unsubscribe_confirm(token: &str, view: &UnsubscribeView) -> Markup {
    let l = view.language;
    page(
        l,
        &word(l, "stop-emails-title"),
        html! {
            h1 { (say(l, "stop-emails-from", &[("dealer", (&view.dealer_name).into())])) }
            p { (say(l, "emails-go-to", &[("email", (&view.email).into())])) }
            form method="post" action={ "/e/unsubscribe/" (token) } {
                input type="hidden" name="List-Unsubscribe" value="One-Click";
                button type="submit" { (word(l, "stop-these-emails")) }
            }
        },
    )
}

/// After the unsubscribe.
pub fn unsubscribed(view: &UnsubscribeView) -> Markup {
    let l = view.language;
    let values = [
        ("dealer", (&view.dealer_name).into()),
        ("email", (&view.email).into()),
    ];
    page(
        l,
        &word(l, "emails-stopped"),
        html! {
            h1 { (word(l, "emails-stopped")) }
            p { (say(l, "emails-stopped-detail", &values)) }
            p { (word(l, "emails-again")) }
        },
    )
}
