//! What lines add up to, never taken from the client: quantities read in hundredths, each
//! line's total, the estimate's totals, the digest a version is frozen by, and the checks
//! an estimate's input passes.

use super::model::*;
use crate::error::{Error, FieldError, Result};

/// The digest of what the lines say (their decisions aside), as sent to the customer.
pub fn digest(lines: &[EstimateLine]) -> String {
    use sha2::{Digest as _, Sha256};
    let content: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                &l.id,
                l.kind,
                &l.description,
                &l.part_number,
                l.quantity_hundredths,
                l.unit_price_cents,
                l.taxable,
            )
        })
        .collect();
    let bytes = serde_json::to_vec(&content).unwrap_or_default();
    hex::encode(Sha256::digest(bytes))
}

/// A quantity with at most two decimals, as hundredths.
pub(crate) fn quantity_hundredths(q: &serde_json::Number) -> Option<i64> {
    let h = if let Some(i) = q.as_i64() {
        i.checked_mul(100)?
    } else {
        let f = q.as_f64()? * 100.0;
        let rounded = f.round();
        // 1.005 cannot be written exactly in binary; anything within a millionth is fine.
        if (f - rounded).abs() > 1e-6 || !rounded.is_finite() {
            return None;
        }
        rounded as i64
    };
    (1..=MAX_QUANTITY_HUNDREDTHS).contains(&h).then_some(h)
}

/// `quantity × unit price`, rounded half away from zero to the cent.
pub(crate) fn line_total(quantity_hundredths: i64, unit_price_cents: i64) -> i64 {
    let exact = i128::from(quantity_hundredths) * i128::from(unit_price_cents);
    let cents = (exact + 50 * exact.signum()) / 100;
    // Bounded inputs keep this far inside i64 (10^6 × 10^8 / 100).
    cents as i64
}

/// The estimate's totals, and what will be billed for the approved lines by the same rule.
pub fn totals(lines: &[EstimateLine], shop_supplies_cents: i64, tax: Tax) -> Totals {
    let mut t = Totals {
        shop_supplies_cents,
        ..Totals::default()
    };
    let (mut taxable, mut approved_taxable, mut any_approved) = (0, 0, false);
    for l in lines {
        match l.kind {
            LineKind::Part => t.parts_cents += l.total_cents,
            LineKind::Labor => t.labor_cents += l.total_cents,
            LineKind::Fee => t.fees_cents += l.total_cents,
        }
        let approved = l.approval.status == ApprovalStatus::Approved;
        any_approved |= approved;
        if approved {
            t.approved_subtotal_cents += l.total_cents;
        }
        if l.taxable {
            taxable += l.total_cents;
            if approved {
                approved_taxable += l.total_cents;
            }
        }
    }
    t.subtotal_cents = t.parts_cents + t.labor_cents + t.fees_cents;
    match tax {
        Tax::Lump(cents) => t.tax_cents = cents,
        Tax::Rate(rate) => {
            t.tax_rate_percent = Some(rate);
            t.tax_cents = tax_on(taxable, rate);
            t.approved_tax_cents = tax_on(approved_taxable, rate);
        }
    }
    t.total_cents = t.subtotal_cents + shop_supplies_cents + t.tax_cents;
    let supplies = if any_approved { shop_supplies_cents } else { 0 };
    t.approved_cents = t.approved_subtotal_cents + supplies + t.approved_tax_cents;
    t
}

/// `rate` percent of `cents`, rounded half away from zero to the cent (in thousandths of a
/// percent, so 8.25 % is exact).
pub(crate) fn tax_on(cents: i64, rate: f64) -> i64 {
    let milli = (rate * 1000.0).round() as i128;
    let exact = i128::from(cents) * milli;
    ((exact + 50_000 * exact.signum()) / 100_000) as i64
}

/// A dealer's tax rate: 0 to 30 percent, at most three decimals.
pub(crate) fn is_tax_rate(rate: f64) -> bool {
    (0.0..=30.0).contains(&rate) && ((rate * 1000.0) - (rate * 1000.0).round()).abs() < 1e-6
}

/// A line's words within their bounds: description, job, part number.
fn check_words(errors: &mut Vec<FieldError>, i: usize, l: &LineInput) {
    let d = l.description.trim();
    if d.is_empty() || d.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.push(FieldError::new(
            format!("lines[{i}].description"),
            format!("1 to {MAX_DESCRIPTION_CHARS} characters"),
        ));
    }
    for (field, value, max) in [("group", &l.group, 100), ("partNumber", &l.part_number, 64)] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            errors.push(FieldError::new(
                format!("lines[{i}].{field}"),
                format!("at most {max} characters"),
            ));
        }
    }
}

impl EstimateInput {
    /// Every rule, every field at fault named at once.
    pub fn validate(&self) -> Result<Vec<i64>> {
        let mut errors = Vec::new();
        if self.lines.is_empty() {
            errors.push(FieldError::new(
                "lines",
                "an estimate needs at least one line",
            ));
        }
        if self.lines.len() > MAX_LINES {
            errors.push(FieldError::new(
                "lines",
                format!("at most {MAX_LINES} lines per estimate"),
            ));
        }
        let mut quantities = Vec::with_capacity(self.lines.len());
        for (i, l) in self.lines.iter().enumerate() {
            check_words(&mut errors, i, l);
            match quantity_hundredths(&l.quantity) {
                Some(q) => quantities.push(q),
                None => errors.push(FieldError::new(
                    format!("lines[{i}].quantity"),
                    "more than 0, at most 10,000, with at most two decimals",
                )),
            }
            if !(0..=MAX_CENTS).contains(&l.unit_price_cents) {
                errors.push(FieldError::new(
                    format!("lines[{i}].unitPriceCents"),
                    "0 to 100000000 cents",
                ));
            }
        }
        for (field, v) in [
            ("shopSuppliesCents", self.shop_supplies_cents),
            ("taxCents", self.tax_cents),
        ] {
            if !(0..=MAX_CENTS).contains(&v) {
                errors.push(FieldError::new(field, "0 to 100000000 cents"));
            }
        }
        if errors.is_empty() {
            Ok(quantities)
        } else {
            Err(Error::invalid(errors))
        }
    }
}
