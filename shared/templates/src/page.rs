//! The mobile page, as maud templates (compile-time, every value escaped unless marked
//! otherwise).
//! Phone first, usable without JavaScript: plain forms, labels on every control, 44 px
//! targets, a visible focus ring, text at 4.5:1 contrast or more.

use crate::views::{EstimateView, LineStatus, LineView, PageView, UnsubscribeView};
use maud::{html, Markup, DOCTYPE};

pub const STYLE: &str = "
body{font:17px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
.meta{color:#444;margin:.2rem 0 1rem}
.card{background:#fff;border:1px solid #d0d0d0;border-radius:8px;padding:.8rem;margin:.6rem 0}
.who{font-weight:600}.when{color:#555;font-size:.9rem}
label{display:block;font-weight:600;margin:.4rem 0 .2rem}
textarea,input[type=text]{width:100%;box-sizing:border-box;font:inherit;padding:.5rem;border:1px solid #767676;border-radius:6px}
summary{min-height:44px;display:flex;align-items:center;cursor:pointer}
button{font:inherit;min-height:44px;min-width:44px;padding:.5rem 1.1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff}
fieldset{border:1px solid #d0d0d0;border-radius:8px;margin:.6rem 0;padding:.6rem}
legend{font-weight:600}
.choices label{display:inline-flex;align-items:center;gap:.4rem;min-height:44px;margin-right:1rem;font-weight:400}
.choices input{width:24px;height:24px}
.status{font-weight:600}.hint{color:#444;font-size:.9rem;margin:.2rem 0}
.reason{display:none}fieldset:has(input[value=defer]:checked) .reason,fieldset:has(input[value=decline]:checked) .reason{display:block}.detail{color:#444;margin:.1rem 0 .3rem}
.totals{border-collapse:collapse;margin:.6rem 0;min-width:60%}.totals th{text-align:left;font-weight:400;padding:.15rem 1rem .15rem 0}
.totals td{text-align:right;padding:.15rem 0}.totals .total th,.totals .total td{font-weight:700;border-top:1px solid #767676}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
";

/// An enhancement only (the form works without it): the approved amount follows the
/// choices, by the rule the server bills by (the lines, the shop supplies once any line is
/// approved, the tax on the approved taxable lines when the dealer has a rate).
pub const APPROVED_TOTAL_JS: &str = r#"
document.querySelectorAll('form').forEach(function (form) {
  var total = form.querySelector('[data-approved-cents]');
  if (!total) return;
  var d = total.dataset;
  var money = new Intl.NumberFormat('en-US', {style: 'currency', currency: 'USD'});
  form.addEventListener('change', function () {
    var sub = Number(d.subtotalCents), taxable = Number(d.taxableCents), any = d.any === '1';
    var all = form.querySelector('input[name=all]:checked');
    form.querySelectorAll('input[type=radio][value=approve][data-cents]').forEach(function (r) {
      var chosen = form.querySelector('input[name="' + r.name + '"]:checked');
      if (!(r.checked || (!chosen && all && all.value === 'approve'))) return;
      sub += Number(r.dataset.cents);
      if (r.dataset.taxable === '1') taxable += Number(r.dataset.cents);
      any = true;
    });
    var cents = sub + (any ? Number(d.suppliesCents) : 0);
    if (d.rateMilli) cents += Math.round(taxable * Number(d.rateMilli) / 100000);
    total.textContent = money.format(cents / 100);
  });
});
"#;

fn page(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (maud::PreEscaped(STYLE)) }
            }
            body { main { (body) } script { (maud::PreEscaped(APPROVED_TOTAL_JS)) } }
        }
    }
}

fn status_word(s: LineStatus) -> &'static str {
    match s {
        LineStatus::Waiting => "waiting for you",
        LineStatus::Approved => "approved",
        LineStatus::Deferred => "deferred",
        LineStatus::Declined => "declined",
    }
}

/// One line: what it is, how its total is made, where it stands, and the customer's choice.
fn line(e: &EstimateView, l: &LineView) -> Markup {
    html! {
            fieldset {
                legend { (l.description) " \u{2014} " (l.total) }
                p.detail { (l.quantity_times_price) " \u{b7} " (l.kind)
                    @if let Some(pn) = &l.part_number { " \u{b7} part no. " (pn) }
                    @if l.taxable { " \u{b7} taxed" } }
                p.status { "Now: " (status_word(l.status))
                    @if let Some(r) = &l.reason { " (" (r) ")" } }
                @if l.status == LineStatus::Waiting && e.may_decide {
                    div.choices role="radiogroup" aria-label={ "Your decision on " (l.description) } {
                        label { input type="radio" name={ "line-" (l.id) } value="approve" data-cents=(l.total_cents) data-taxable=(u8::from(l.taxable)); "Approve" }
                        label { input type="radio" name={ "line-" (l.id) } value="defer"; "Defer" }
                        label { input type="radio" name={ "line-" (l.id) } value="decline"; "Decline" }
                    }
                    p.hint { "Defer: not now \u{2014} we keep it on your unit's list." }
                    div.reason {
                        label for={ "reason-" (l.id) } { "Reason (optional)" }
                        input type="text" id={ "reason-" (l.id) } name={ "reason-" (l.id) } maxlength="500";
                    }
                }
            }
    }
}

/// The rows the total is made of, and the approved amount (which the script keeps up to
/// date as the customer chooses).
fn totals(e: &EstimateView) -> Markup {
    html! {
        table.totals {
            @for row in &e.total_rows { tr { th scope="row" { (row.label) } td { (row.amount) } } }
            tr.total { th scope="row" { "Estimate total" } td { (e.total) } }
        }
        p { "Approved so far: "
            strong data-approved-cents=(e.approved_cents)
                data-subtotal-cents=(e.approved_subtotal_cents)
                data-taxable-cents=(e.approved_taxable_cents)
                data-any=(u8::from(e.any_approved))
                data-supplies-cents=(e.shop_supplies_cents)
                data-rate-milli=[e.tax_rate_milli_percent]
                aria-live="polite" { (e.approved) }
            @if e.approved_before_tax {
                " before tax"
            }
            "." }
    }
}

fn estimate(token: &str, e: &EstimateView) -> Markup {
    html! {
        section.card aria-labelledby={ "est-" (e.id) } {
            h2 id={ "est-" (e.id) } { "Estimate, version " (e.version) }
            form method="post" action={ "/m/" (token) "/estimates/" (e.id) "/decisions" } {
                input type="hidden" name="version" value=(e.version);
                @if e.waiting && e.may_decide {
                    fieldset.all {
                        legend { "Every line at once" }
                        div.choices role="radiogroup" aria-label="Every line at once" {
                            label { input type="radio" name="all" value="approve"; "Approve all" }
                            label { input type="radio" name="all" value="decline"; "Decline all" }
                        }
                        p.hint { "A choice you make on a line below counts for that line." }
                    }
                }
                @for l in &e.lines { (line(e, l)) }
                (totals(e))
                @if e.waiting && e.may_decide { button type="submit" { "Send my decisions" } }
                @if e.waiting && !e.may_decide {
                    p { (e.asked) " " @if e.asked.contains(" and ") { "were" } @else { "was" }
                        " asked to decide this estimate. You can read it here." }
                }
            }
            details {
                summary { "History of this estimate" }
                ol { @for h in &e.history { li { (h) } } }
            }
        }
    }
}

/// `GET /m/{token}`.
pub fn case_page(token: &str, v: &PageView, notice: Option<&str>) -> Markup {
    page(
        &v.dealer,
        html! {
            h1 { (v.dealer) }
            @if let Some(n) = notice { p.card role="alert" { strong { (n) } } }
            p.meta { "Case " (v.case) " \u{b7} unit " (v.unit) " \u{b7} " strong { (v.status) } }
            @for e in &v.estimates { (estimate(token, e)) }
            form.card method="post" action={ "/m/" (token) "/replies" } {
                label for="reply" { "Your reply to " (v.dealer) }
                textarea id="reply" name="text" rows="4" maxlength="10000" required {}
                input type="hidden" name="submission" value=(v.submission);
                p { button type="submit" { "Send reply" } }
            }
            h2 { "Messages" }
            @if v.notes.is_empty() { p { "No messages yet." } }
            @for n in &v.notes {
                article.card {
                    div { span.who { (n.author) } " " span.when { (n.time) } }
                    p { (n.text) }
                }
            }
            @if let Some(older) = &v.older_notes {
                p { a href={ "/m/" (token) "?older=" (older) } { "Older messages" } }
            }
        },
    )
}

/// After decisions are recorded; `decided` is how many ("2 lines").
pub fn decided(token: &str, approved: &str, decided: &str) -> Markup {
    page(
        "Thank you",
        html! {
            h1 { "Thank you" }
            p { "Your decisions are recorded (" (decided) " decided by you). Approved: " strong { (approved) } "." }
            p { a href={ "/m/" (token) } { "Back to your case" } }
        },
    )
}

/// What a person sees when something is wrong: what happened and what to do.
pub fn problem(
    title: &str,
    detail: &str,
    back: Option<&str>,
    call: Option<(String, String, String)>,
) -> Markup {
    page(
        title,
        html! {
            h1 { (title) }
            p { (detail) }
            @if let Some((dealer, phone, e164)) = &call {
                p { "Call or text " (dealer) " at " a href={ "tel:" (e164) } { (phone) } "." }
            } @else if let Some(href) = back {
                p { a href=(href) { "Back to your case" } }
            } @else {
                p { "If you need help, call the dealership that texted you." }
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
