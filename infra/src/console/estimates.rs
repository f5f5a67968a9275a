//! A new estimate from the case page: the call `POST /v1/cases/{caseId}/estimates` makes,
//! its totals computed by the core from the lines.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::estimates::{self, EstimateInput, LineInput, LineKind};
use casebridge_core::ids::{CaseId, EstimateId};
use casebridge_core::Error;
use casebridge_http::forms::FormFields;

use super::estimate_pages::LINES;
use super::{ConsoleState, Refused, SignedForm};

/// `12`, `12.5`, `12.50` or `$1,200.00` as cents; `None` when it is not an amount.
fn cents(raw: &str) -> Option<i64> {
    let raw = raw.trim().trim_start_matches('$').replace(',', "");
    let (whole, frac) = raw.split_once('.').unwrap_or((&raw, ""));
    if whole.is_empty()
        || frac.len() > 2
        || !(whole.chars().chain(frac.chars())).all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole
        .parse::<i64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(frac)
}

/// The lines filled in (`kind-<i>`, `description-<i>`, `quantity-<i>`, `price-<i>`); a value
/// that is not a number is refused naming its line.
fn lines(form: &FormFields) -> Result<Vec<LineInput>, Error> {
    let mut lines = Vec::new();
    for i in 0..LINES {
        let description = form.get(&format!("description-{i}")).trim();
        if description.is_empty() {
            continue;
        }
        let bad = |field: &str, what: &str| {
            Error::bad_field(&format!("{field}-{i}"), format!("line {}: {what}", i + 1))
        };
        let quantity = match form.get(&format!("quantity-{i}")).trim() {
            "" => serde_json::Number::from(1),
            q => q
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .ok_or_else(|| bad("quantity", "a quantity such as 1 or 1.5"))?,
        };
        let unit_price_cents = cents(form.get(&format!("price-{i}")))
            .ok_or_else(|| bad("price", "a price in dollars such as 600 or 42.50"))?;
        let kind = match form.get(&format!("kind-{i}")) {
            "part" => LineKind::Part,
            "fee" => LineKind::Fee,
            _ => LineKind::Labor,
        };
        lines.push(LineInput {
            id: None,
            kind,
            description: description.to_string(),
            part_number: None,
            quantity,
            unit_price_cents,
            taxable: false,
            group: None,
        });
    }
    Ok(lines)
}

/// `POST /console/cases/{caseId}/estimates`.
pub async fn create(
    State(s): State<ConsoleState>,
    Path(case_id): Path<String>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let input = EstimateInput {
        lines: lines(&form)?,
        shop_supplies_cents: 0,
        tax_cents: 0,
    };
    estimates::create(&s.app, &session.caller, &case_id, input).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}

/// `POST /console/cases/{caseId}/estimates/{estimateId}/decisions`: what the customer
/// decided, recorded by the advisor, read by the customer's page's rules.
pub async fn decide(
    State(s): State<ConsoleState>,
    Path((case_id, estimate_id)): Path<(String, String)>,
    SignedForm { session, form }: SignedForm,
) -> Result<Redirect, Refused> {
    let case_id = CaseId::parse(&case_id)?;
    let estimate_id = EstimateId::parse(&estimate_id)?;
    let input = form.decisions()?;
    estimates::record_for_customer(&s.app, &session.caller, &case_id, &estimate_id, input).await?;
    Ok(Redirect::to(&format!("/console/cases/{case_id}")))
}

#[cfg(test)]
mod tests {
    use super::cents;

    #[test]
    fn a_price_is_read_as_people_type_it() {
        assert_eq!(cents("600"), Some(60_000));
        assert_eq!(cents("42.5"), Some(4_250));
        assert_eq!(cents("$1,200.00"), Some(120_000));
        assert_eq!(cents("12.345"), None);
        assert_eq!(cents("twelve"), None);
        assert_eq!(cents(""), None);
    }
}
