//! A new estimate from the case page: the call `POST /v1/cases/{caseId}/estimates` makes,
//! its totals computed by the core from the lines.

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::estimates::{self, EstimateInput, EstimateLine, LineInput, LineKind};
use casebridge_core::ids::{CaseId, EstimateId};
use casebridge_core::Error;
use casebridge_http::forms::FormFields;

use super::estimate_pages::LINES;
use super::{ConsoleState, Refused, SignedForm};

/// The `rows` lines filled in (`kind-<i>`, `description-<i>`, `quantity-<i>`, `price-<i>`,
/// and `line-<i>` naming a line of `before` it revises, whose part number, tax and group it
/// keeps); an emptied description leaves the line out; a value that is not a number is
/// refused naming its line.
pub(super) fn lines(
    form: &FormFields,
    rows: usize,
    before: &[EstimateLine],
) -> Result<Vec<LineInput>, Error> {
    let mut lines = Vec::new();
    for i in 0..rows {
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
        let unit_price_cents = casebridge_core::text::cents(form.get(&format!("price-{i}")))
            .ok_or_else(|| bad("price", "a price in dollars such as 600 or 42.50"))?;
        let kind = match form.get(&format!("kind-{i}")) {
            "part" => LineKind::Part,
            "fee" => LineKind::Fee,
            _ => LineKind::Labor,
        };
        let description = description.to_string();
        let was = before
            .iter()
            .find(|l| l.id == form.get(&format!("line-{i}")));
        lines.push(match was {
            Some(l) => l.retyped(kind, description, quantity, unit_price_cents),
            None => LineInput {
                id: None,
                kind,
                description,
                part_number: None,
                quantity,
                unit_price_cents,
                taxable: false,
                group: None,
            },
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
        lines: lines(&form, LINES, &[])?,
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
