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
        let unit_price_cents = casebridge_core::text::cents(form.get(&format!("price-{i}")))
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
