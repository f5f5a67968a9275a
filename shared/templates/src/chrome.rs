//! What every customer page shares: the one stylesheet and script (inline, by hash in the
//! CSP), the page shell, and the dealer and case on top.

use crate::views::{CaseView, DealerView};
use crate::words::{say, word, Language};
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
.totals td{text-align:right;padding:.15rem 0 .15rem .8rem}.totals .total th,.totals .total td{font-weight:700;border-top:1px solid #767676}
.dealer{border-bottom:1px solid #d0d0d0;margin-bottom:.6rem}.dealer p{margin:.1rem 0}.dealer .name{font-weight:700;font-size:1.1rem}.dealer .addr{color:#444}
.dealer a,.estimates a{display:inline-block;min-height:44px;line-height:44px}caption{text-align:left;font-weight:600}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.photos{list-style:none;padding:0;margin:.4rem 0;display:flex;flex-wrap:wrap;gap:.6rem}.photos li{width:96px;font-size:.85rem;color:#444}
.languages{margin:1.5rem 0 .5rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}.languages button{background:#fff;color:#0b5cad;border:1px solid #0b5cad}.languages button[aria-current]{background:#0b5cad;color:#fff}.languages .hint{flex-basis:100%}
.photos img{display:block;width:96px;height:96px;object-fit:cover;border-radius:6px;border:1px solid #d0d0d0;background:#eee}
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

pub(crate) fn page(language: Language, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(language.tag()) {
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

/// The dealer on top of every page: name, and how to reach them.
pub(crate) fn dealer_header(l: Language, d: &DealerView) -> Markup {
    html! {
        header.dealer {
            p.name { (d.name) }
            @if let Some(a) = &d.address { p.addr { (a) } }
            @if let (Some(phone), Some(tel)) = (&d.phone, &d.tel) {
                p { (word(l, "call-or-text")) " " a href={ "tel:" (tel) } { (phone) } }
            }
        }
    }
}

/// The languages the page is offered in, each a button that keeps the choice for the
/// contact (texts and emails follow it); the one shown is marked.
pub(crate) fn language_switch(l: Language, token: &str, back: &str) -> Markup {
    html! {
        form.languages method="post" action={ "/m/" (token) "/language" } aria-label=(word(l, "language-label")) {
            input type="hidden" name="back" value=(back);
            @for other in Language::ALL {
                @if other == l {
                    button type="submit" name="language" value=(other.code()) lang=(other.tag()) aria-current="true" { (other.own_name()) }
                } @else {
                    button type="submit" name="language" value=(other.code()) lang=(other.tag()) { (other.own_name()) }
                }
            }
            p.hint { (word(l, "language-hint")) }
        }
    }
}

/// The case as the customer knows it.
pub(crate) fn case_summary(l: Language, v: &CaseView) -> Markup {
    html! {
        p.meta {
            @if let Some(n) = &v.number { (say(l, "case-number", &[("number", n.into())])) " \u{b7} " }
            (v.customer) " \u{b7} " (say(l, "unit", &[("unit", (&v.unit).into())]))
            @if let Some(vehicle) = &v.vehicle { " \u{b7} " (vehicle) }
            @if let Some(vin) = &v.vin { br; (say(l, "vin", &[("vin", vin.into())])) }
        }
        p.meta { (word(l, "now")) " " strong { (v.status) } }
    }
}
