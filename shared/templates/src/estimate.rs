//! An estimate as the customer reads and decides it: its lines (quantity \u{d7} price, part
//! number, kind), the rows its total is made of, every-line-at-once choices, what sending
//! asks (name, PO number, the sentence agreed to), its history; and the thank-you page.

use crate::chrome::{case_summary, dealer_header, language_switch, page};
use crate::views::{DecidedView, EstimateView, LineStatus, LineView};
use crate::words::{say, word, Language};
use maud::{html, Markup};

fn status_word(l: Language, s: LineStatus) -> String {
    let id = match s {
        LineStatus::Waiting => "line-waiting",
        LineStatus::Approved => "line-approved",
        LineStatus::Deferred => "line-deferred",
        LineStatus::Declined => "line-declined",
    };
    word(l, id)
}

fn version(l: Language, e: &EstimateView) -> String {
    say(l, "estimate-version", &[("version", e.version.into())])
}

/// One line: what it is, how its total is made, where it stands, and the customer's choice.
fn line(lang: Language, token: &str, e: &EstimateView, l: &LineView) -> Markup {
    let w = |id| word(lang, id);
    html! {
            fieldset {
                legend { (l.description) " \u{2014} " (l.total) }
                p.detail { (l.quantity_times_price) " \u{b7} " (l.kind)
                    @if let Some(pn) = &l.part_number { " \u{b7} " (say(lang, "part-number", &[("number", pn.into())])) }
                    @if l.taxable { " \u{b7} " (w("taxed")) } }
                p.status { (w("now")) " " (status_word(lang, l.status))
                    @if let Some(r) = &l.reason { " (" (r) ")" } }
                @if !l.photos.is_empty() {
                    ul.photos {
                        @for ph in &l.photos {
                            @let src = format!("/m/{token}/estimates/{}/photos/{}", e.id, ph.id);
                            li { a href=(src) { img src=(src) alt=(ph.caption) width="96" height="96" loading="lazy"; }
                                 span.caption { (ph.caption) } }
                        }
                    }
                }
                @if l.status == LineStatus::Waiting && e.may_decide {
                    div.choices role="radiogroup" aria-label=(say(lang, "decision-on", &[("line", (&l.description).into())])) {
                        label { input type="radio" name={ "line-" (l.id) } value="approve" data-cents=(l.total_cents) data-taxable=(u8::from(l.taxable)); (w("approve")) }
                        label { input type="radio" name={ "line-" (l.id) } value="defer"; (w("defer")) }
                        label { input type="radio" name={ "line-" (l.id) } value="decline"; (w("decline")) }
                    }
                    p.hint { (w("defer-hint")) }
                    div.reason {
                        label for={ "reason-" (l.id) } { (w("reason-optional")) }
                        input type="text" id={ "reason-" (l.id) } name={ "reason-" (l.id) } maxlength="500";
                    }
                }
            }
    }
}

/// The rows the total is made of, and the approved amount (which the script keeps up to
/// date as the customer chooses).
fn totals(l: Language, e: &EstimateView) -> Markup {
    html! {
        table.totals {
            @for row in &e.total_rows { tr { th scope="row" { (row.label) } td { (row.amount) } } }
            tr.total { th scope="row" { (word(l, "estimate-total")) } td { (e.total) } }
        }
        p { (word(l, "approved-so-far")) " "
            strong data-approved-cents=(e.approved_cents)
                data-subtotal-cents=(e.approved_subtotal_cents)
                data-taxable-cents=(e.approved_taxable_cents)
                data-any=(u8::from(e.any_approved))
                data-supplies-cents=(e.shop_supplies_cents)
                data-rate-milli=[e.tax_rate_milli_percent]
                aria-live="polite" { (e.approved) }
            @if e.approved_before_tax {
                " " (word(l, "before-tax"))
            }
            "." }
    }
}

/// What sending decisions asks: who authorises, a PO number, the sentence agreed to.
fn authorisation(l: Language, e: &EstimateView) -> Markup {
    let (name_id, po_id) = (format!("approver-{}", e.id), format!("po-{}", e.id));
    html! {
        fieldset.authorise {
            legend { (word(l, "your-authorisation")) }
            label for=(name_id) { (word(l, "full-name")) }
            input type="text" id=(name_id) name="approver" value=(e.approver) required
                maxlength="100" autocomplete="name";
            label for=(po_id) {
                (word(l, "po-number")) @if !e.po_required { " " (word(l, "optional")) }
            }
            input type="text" id=(po_id) name="poNumber" maxlength="64" required[e.po_required]
                autocomplete="off";
            p.hint { (e.statement) }
        }
    }
}

pub(crate) fn estimate(l: Language, token: &str, e: &EstimateView) -> Markup {
    let deciding = e.waiting && e.may_decide;
    let w = |id| word(l, id);
    html! {
        section.card aria-labelledby={ "est-" (e.id) } {
            h1 id={ "est-" (e.id) } { (version(l, e)) }
            p.status { (e.standing) }
            form method="post" action={ "/m/" (token) "/estimates/" (e.id) "/decisions" } {
                input type="hidden" name="version" value=(e.version);
                @if deciding {
                    fieldset.all {
                        legend { (w("every-line")) }
                        div.choices role="radiogroup" aria-label=(w("every-line")) {
                            label { input type="radio" name="all" value="approve"; (w("approve-all")) }
                            label { input type="radio" name="all" value="decline"; (w("decline-all")) }
                        }
                        p.hint { (w("every-line-hint")) }
                    }
                }
                @for section in &e.sections {
                    @if let Some(job) = &section.job {
                        div.job {
                            h2 { (job) " \u{2014} " (section.total) }
                            @for i in &section.lines { @if let Some(line_view) = e.lines.get(*i) { (line(l, token, e, line_view)) } }
                        }
                    } @else {
                        @for i in &section.lines { @if let Some(line_view) = e.lines.get(*i) { (line(l, token, e, line_view)) } }
                    }
                }
                (totals(l, e))
                @if deciding {
                    (authorisation(l, e))
                    button type="submit" { (w("send-decisions")) }
                }
                @if e.waiting && !e.may_decide {
                    p { (say(l, "others-asked", &[("names", (&e.asked).into()), ("count", e.asked_count.into())])) }
                }
            }
            p { a href={ "/m/" (token) "/estimates/" (e.id) "/versions/" (e.version) "/pdf" } {
                (say(l, "version-pdf", &[("version", e.version.into())])) } }
            details {
                summary { (w("history")) }
                ol { @for h in &e.history { li { (h) } } }
            }
        }
    }
}

/// An estimate as a line of the notes view: where it stands, its total, a link to it.
pub(crate) fn estimate_link(l: Language, token: &str, e: &EstimateView) -> Markup {
    html! {
        a href={ "/m/" (token) "/estimates/" (e.id) } {
            (version(l, e)) " \u{2014} " (e.total)
        }
        " \u{b7} " (e.standing)
    }
}

/// After decisions are recorded: the dealer, the case, each line as it now stands, what
/// will be billed, and who authorised it.
pub fn decided(token: &str, v: &DecidedView) -> Markup {
    let l = v.language;
    let back = format!("/m/{token}/estimates/{}", v.estimate.id);
    let authorised = match &v.po_number {
        Some(po) => say(
            l,
            "authorised-by-po",
            &[("approver", (&v.approver).into()), ("po", po.into())],
        ),
        None => say(l, "authorised-by", &[("approver", (&v.approver).into())]),
    };
    page(
        l,
        &word(l, "thank-you"),
        html! {
            (dealer_header(l, &v.dealer))
            h1 { (word(l, "thank-you")) }
            (case_summary(l, &v.case))
            p { (say(l, "decisions-recorded", &[("decided", (&v.decided).into())])) " " strong { (v.approved) } "." }
            table.totals {
                caption { (version(l, &v.estimate)) }
                @for line in &v.estimate.lines {
                    tr { th scope="row" { (line.description) } td { (status_word(l, line.status)) } td { (line.total) } }
                }
            }
            p { (authorised) }
            p { a href=(back) { (word(l, "see-estimate")) }
                " \u{b7} " a href={ "/m/" (token) "/notes" } { (word(l, "messages")) } }
            (language_switch(l, token, &back))
        },
    )
}
