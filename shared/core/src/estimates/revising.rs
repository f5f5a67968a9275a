//! Revising an estimate: which lines a version asked about, and a revision built from what
//! the advisor typed again, keeping what the form does not show.

use super::model::{Estimate, EstimateInput, EstimateLine, LineInput, LineKind};

impl Estimate {
    /// Whether a version sent asked the customer about the line: a line never asked is not
    /// waiting for them, whatever its approval says (a new line is `requested` from the
    /// start).
    pub fn asked_about(&self, line_id: &str) -> bool {
        self.versions
            .iter()
            .any(|v| v.asked_line_ids.iter().any(|id| id == line_id))
    }

    /// A revision of this estimate with `lines` (as the advisor now has them): the shop
    /// supplies stay, a tax typed as one sum stays, a computed one is computed again.
    pub fn revised_with(&self, lines: Vec<LineInput>) -> EstimateInput {
        let typed_tax = self.totals.tax_rate_percent.is_none();
        EstimateInput {
            lines,
            shop_supplies_cents: self.totals.shop_supplies_cents,
            tax_cents: if typed_tax { self.totals.tax_cents } else { 0 },
        }
    }
}

impl EstimateLine {
    /// This line as typed again: the advisor's kind, description, quantity and price, with
    /// what the form does not show kept (its id, part number, tax and group), so a line
    /// that says what it said keeps its decision.
    pub fn retyped(
        &self,
        kind: LineKind,
        description: String,
        quantity: serde_json::Number,
        unit_price_cents: i64,
    ) -> LineInput {
        LineInput {
            id: Some(self.id.clone()),
            kind,
            description,
            part_number: self.part_number.clone(),
            quantity,
            unit_price_cents,
            taxable: self.taxable,
            group: self.group.clone(),
        }
    }
}
