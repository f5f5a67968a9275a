//! An estimate as the customer reads and decides it: its lines (quantity \u{d7} price, part
//! number, kind), the rows its total is made of, every-line-at-once choices, what sending
//! asks (name, PO number, the sentence agreed to), its history; and the thank-you page.

use crate::chrome::{case_summary, dealer_header, page};
use crate::views::{DecidedView, EstimateView, LineStatus, LineView};
use maud::{html, Markup};

fn status_word(s: LineStatus) -> &'static str {
    match s {
        LineStatus::Waiting => "waiting for you",
        LineStatus::Approved => "approved",
        LineStatus::Deferred => "deferred",
        LineStatus::Declined => "declined",
    }
}

/// One line: what it is, how its total is made, where it stands, and the customer's choice.
fn line(token: &str, e: &EstimateView, l: &LineView) -> Markup {
    html! {
            fieldset {
                legend { (l.description) " \u{2014} " (l.total) }
                p.detail { (l.quantity_times_price) " \u{b7} " (l.kind)
                    @if let Some(pn) = &l.part_number { " \u{b7} part no. " (pn) }
                    @if l.taxable { " \u{b7} taxed" } }
                p.status { "Now: " (status_word(l.status))
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

/// What sending decisions asks: who authorises, a PO number, the sentence agreed to.
fn authorisation(e: &EstimateView) -> Markup {
    let (name_id, po_id) = (format!("approver-{}", e.id), format!("po-{}", e.id));
    html! {
        fieldset.authorise {
            legend { "Your authorisation" }
            label for=(name_id) { "Your full name" }
            input type="text" id=(name_id) name="approver" value=(e.approver) required
                maxlength="100" autocomplete="name";
            label for=(po_id) {
                "Purchase order (PO) number" @if !e.po_required { " (optional)" }
            }
            input type="text" id=(po_id) name="poNumber" maxlength="64" required[e.po_required]
                autocomplete="off";
            p.hint { (e.statement) }
        }
    }
}

pub(crate) fn estimate(token: &str, e: &EstimateView) -> Markup {
    let deciding = e.waiting && e.may_decide;
    html! {
        section.card aria-labelledby={ "est-" (e.id) } {
            h1 id={ "est-" (e.id) } { "Estimate, version " (e.version) }
            p.status { (e.standing) }
            form method="post" action={ "/m/" (token) "/estimates/" (e.id) "/decisions" } {
                input type="hidden" name="version" value=(e.version);
                @if deciding {
                    fieldset.all {
                        legend { "Every line at once" }
                        div.choices role="radiogroup" aria-label="Every line at once" {
                            label { input type="radio" name="all" value="approve"; "Approve all" }
                            label { input type="radio" name="all" value="decline"; "Decline all" }
                        }
                        p.hint { "A choice you make on a line below counts for that line." }
                    }
                }
                @for section in &e.sections {
                    @if let Some(job) = &section.job {
                        div.job {
                            h2 { (job) " \u{2014} " (section.total) }
                            @for i in &section.lines { @if let Some(l) = e.lines.get(*i) { (line(token, e, l)) } }
                        }
                    } @else {
                        @for i in &section.lines { @if let Some(l) = e.lines.get(*i) { (line(token, e, l)) } }
                    }
                }
                (totals(e))
                @if deciding {
                    (authorisation(e))
                    button type="submit" { "Send my decisions" }
                }
                @if e.waiting && !e.may_decide {
                    p { (e.asked) " " @if e.asked.contains(" and ") { "were" } @else { "was" }
                        " asked to decide this estimate. You can read it here." }
                }
            }
            p { a href={ "/m/" (token) "/estimates/" (e.id) "/versions/" (e.version) "/pdf" } {
                "Version " (e.version) " as a PDF" } }
            details {
                summary { "History of this estimate" }
                ol { @for h in &e.history { li { (h) } } }
            }
        }
    }
}

/// An estimate as a line of the notes view: where it stands, its total, a link to it.
pub(crate) fn estimate_link(token: &str, e: &EstimateView) -> Markup {
    html! {
        a href={ "/m/" (token) "/estimates/" (e.id) } {
            "Estimate, version " (e.version) " \u{2014} " (e.total)
        }
        " \u{b7} " (e.standing)
    }
}

/// After decisions are recorded: the dealer, the case, each line as it now stands, what
/// will be billed, and who authorised it.
pub fn decided(token: &str, v: &DecidedView) -> Markup {
    page(
        "Thank you",
        html! {
            (dealer_header(&v.dealer))
            h1 { "Thank you" }
            (case_summary(&v.case))
            p { "Your decisions are recorded (" (v.decided) " decided by you). Approved: " strong { (v.approved) } "." }
            table.totals {
                caption { "Estimate, version " (v.estimate.version) }
                @for l in &v.estimate.lines {
                    tr { th scope="row" { (l.description) } td { (status_word(l.status)) } td { (l.total) } }
                }
            }
            p { "Authorised by " (v.approver)
                @if let Some(po) = &v.po_number { ", PO " (po) } "." }
            p { a href={ "/m/" (token) "/estimates/" (v.estimate.id) } { "See the estimate" }
                " \u{b7} " a href={ "/m/" (token) "/notes" } { "Messages" } }
        },
    )
}
