use super::model::*;
use super::sums::*;
use crate::auth::{Caller, Role};
use crate::cases::{self, author_of};
use crate::commit::{commit, commit_once, Plan, Round};
use crate::error::{Error, FieldError, Result};
use crate::ids::CaseId;
use crate::ids::EstimateId;
use crate::ports::PageRequest;
use crate::{App, Listing};

use super::store;

pub(super) fn may_write(caller: &Caller) -> Result<()> {
    if caller.role == Role::OemAdmin {
        return Err(Error::Forbidden(
            "estimates are written by the dealer's advisors and admins".into(),
        ));
    }
    Ok(())
}

/// The lines an input describes. A line that names an existing line and says the same keeps
/// its decision; a changed line goes back to `requested`; a line without an id is new.
pub(crate) fn decide_lines(
    input: &EstimateInput,
    quantities: &[i64],
    before: &[EstimateLine],
    new_id: &mut dyn FnMut() -> String,
) -> Result<Vec<EstimateLine>> {
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut lines = Vec::with_capacity(input.lines.len());
    for (i, (l, &q)) in input.lines.iter().zip(quantities).enumerate() {
        let mut line = EstimateLine {
            id: String::new(),
            kind: l.kind,
            description: l.description.trim().to_string(),
            part_number: l
                .part_number
                .as_ref()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty()),
            quantity: q as f64 / 100.0,
            quantity_hundredths: q,
            unit_price_cents: l.unit_price_cents,
            taxable: l.taxable,
            total_cents: line_total(q, l.unit_price_cents),
            approval: Approval::requested(),
            group: l
                .group
                .as_ref()
                .map(|g| g.trim().to_string())
                .filter(|g| !g.is_empty()),
        };
        match &l.id {
            None => line.id = new_id(),
            Some(id) => match before.iter().find(|b| &b.id == id) {
                Some(old) if seen.insert(id.clone()) => {
                    line.id = id.clone();
                    if old.same_content(&line) {
                        line.approval = old.approval.clone();
                    }
                }
                Some(_) => errors.push(FieldError::new(
                    format!("lines[{i}].id"),
                    format!("line {id:?} is listed twice"),
                )),
                None => errors.push(FieldError::new(
                    format!("lines[{i}].id"),
                    format!("{id:?} is not a line of this estimate; leave id out for a new line"),
                )),
            },
        }
        lines.push(line);
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(Error::invalid(errors))
    }
}

/// The dealer's tax rate when it has one (then tax is computed, never typed), else the
/// advisor's lump sum.
async fn tax_rule(app: &App, caller: &Caller, input: &EstimateInput) -> Result<Tax> {
    let dealer = crate::dealers::load_dealer(app, &caller.dealer).await?;
    match dealer.settings.tax_rate_percent {
        Some(rate) if input.tax_cents != 0 => Err(Error::invalid(vec![FieldError::new(
            "taxCents",
            format!(
                "{} computes tax at {rate} % on the taxable lines; mark lines taxable instead of typing the tax",
                dealer.name
            ),
        )])),
        Some(rate) => Ok(Tax::Rate(rate)),
        None => Ok(Tax::Lump(input.tax_cents)),
    }
}

/// `POST /v1/cases/{caseId}/estimates`.
pub async fn create(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    input: EstimateInput,
) -> Result<Estimate> {
    may_write(caller)?;
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    let quantities = input.validate()?;
    let tax = tax_rule(app, caller, &input).await?;
    let lines = decide_lines(&input, &quantities, &[], &mut || app.ids.new_id())?;
    let now = app.clock.now();
    let estimate = Estimate {
        id: EstimateId::derived(app.ids.new_id()),
        case_id: case.id.clone(),
        totals: totals(&lines, input.shop_supplies_cents, tax),
        lines,
        created_by: author_of(caller),
        created_at: now,
        updated_at: now,
        version: 1,
        versions: Vec::new(),
        decisions: Vec::new(),
    };
    // The case must still be there when the estimate lands.
    let (case_check, gone) = cases::case_exists(&caller.dealer, &case.id)?;
    let plan = Plan::new(estimate.clone())
        .write(store::create_op(&caller.dealer, &estimate)?)
        .write(case_check)
        .refuse_if_fails(gone);
    commit_once(app, &format!("estimate {}", estimate.id), plan).await
}

pub async fn get(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<Estimate> {
    get_for(app, &caller.dealer, case_id, estimate_id).await
}

/// An estimate of one of `dealer`'s cases (the mobile page knows the dealer from its link).
pub(crate) async fn get_for(
    app: &App,
    dealer: &crate::ids::DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<Estimate> {
    store::load(app, dealer, case_id, estimate_id).await
}

/// The case's estimates, oldest first.
pub async fn list(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Estimate>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    store::list(app, &caller.dealer, &case.id, page).await
}

/// `PUT /v1/cases/{caseId}/estimates/{estimateId}`: the estimate as it now stands. Lines that
/// say what they said keep their decision; changed lines are asked about again.
pub async fn revise(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    input: EstimateInput,
) -> Result<Estimate> {
    revise_seen(app, caller, case_id, estimate_id, input, None).await
}

/// A revision typed on a form that showed version `seen` of the estimate: when it moved on
/// since (another revision, the customer's decisions), nothing is written and the answer is
/// 409, so nobody overwrites what they did not see.
pub async fn revise_seen(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    input: EstimateInput,
    seen: Option<u64>,
) -> Result<Estimate> {
    may_write(caller)?;
    let quantities = input.validate()?;
    let tax = tax_rule(app, caller, &input).await?;
    commit(app, &format!("estimate {estimate_id}"), || async {
        let before = get(app, caller, case_id, estimate_id).await?;
        if seen.is_some_and(|seen| seen != before.version) {
            return Err(Error::Conflict(format!(
                "the estimate changed since the form was opened (it is at revision {} now); \
                 nothing was saved: here it is as it is now",
                before.version
            )));
        }
        let lines = decide_lines(&input, &quantities, &before.lines, &mut || app.ids.new_id())?;
        let after = Estimate {
            totals: totals(&lines, input.shop_supplies_cents, tax),
            lines,
            updated_at: app.clock.now(),
            version: before.version + 1,
            ..before.clone()
        };
        if after.lines == before.lines && after.totals == before.totals {
            return Ok(Round::Done(before));
        }
        Ok(Round::Write(Plan::new(after.clone()).write(
            store::replace_op(&caller.dealer, &before, &after)?,
        )))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimates::fixtures::{ids, input};

    #[test]
    fn totals_are_computed_from_the_lines_never_taken_from_the_client() {
        let i = input(serde_json::json!({"lines": [
            {"kind": "part", "description": "Brake pads", "partNumber": "BP-1", "quantity": 2, "unitPriceCents": 4999, "taxable": true},
            {"kind": "labor", "description": "Brake job", "quantity": 1.5, "unitPriceCents": 12000},
            {"kind": "fee", "description": "Disposal", "quantity": 1, "unitPriceCents": 250}
        ], "shopSuppliesCents": 1500, "taxCents": 825}));
        let q = i.validate().unwrap();
        let lines = decide_lines(&i, &q, &[], &mut ids()).unwrap();
        let t = totals(&lines, 1500, Tax::Lump(825));
        assert_eq!(
            (t.parts_cents, t.labor_cents, t.fees_cents),
            (9998, 18000, 250)
        );
        assert_eq!(t.subtotal_cents, 28248);
        assert_eq!(t.total_cents, 28248 + 1500 + 825);
        assert_eq!(t.approved_cents, 0);
        assert_eq!(lines[1].quantity, 1.5);
    }

    #[test]
    fn a_rate_taxes_the_taxable_lines_and_the_approved_amount_follows_the_same_rule() {
        let mut lines = decide_lines(
            &input(serde_json::json!({"lines": [
                {"kind": "part", "description": "Tyres", "quantity": 2, "unitPriceCents": 45000, "taxable": true},
                {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000}
            ]})),
            &[200, 200],
            &[],
            &mut ids(),
        )
        .unwrap();
        let t = totals(&lines, 2500, Tax::Rate(8.25));
        // 8.25 % of $900.00 is $74.25; labour is not taxed; nothing approved bills nothing
        assert_eq!((t.tax_cents, t.total_cents), (7425, 210000 + 2500 + 7425));
        assert_eq!(t.approved_cents, 0);
        lines[1].approval.status = ApprovalStatus::Approved;
        let t = totals(&lines, 2500, Tax::of(&t));
        // The brake job with the supplies, untaxed
        assert_eq!((t.approved_cents, t.approved_tax_cents), (120000 + 2500, 0));
        // Half a cent of tax rounds away from zero
        assert_eq!(tax_on(6, 8.25), 0);
        assert_eq!(tax_on(200, 0.25), 1);
    }

    #[test]
    fn cents_round_half_away_from_zero() {
        assert_eq!(line_total(150, 333), 500); // 499.5
        assert_eq!(line_total(33, 101), 33); // 33.33
        assert_eq!(line_total(1, 1), 0);
    }

    #[test]
    fn quantities_take_two_decimals_and_stay_in_bounds() {
        let n = |s: &str| serde_json::from_str::<serde_json::Number>(s).unwrap();
        assert_eq!(quantity_hundredths(&n("1.25")), Some(125));
        assert_eq!(quantity_hundredths(&n("3")), Some(300));
        assert_eq!(quantity_hundredths(&n("1.005")), None);
        assert_eq!(quantity_hundredths(&n("0")), None);
        assert_eq!(quantity_hundredths(&n("-1")), None);
        assert_eq!(quantity_hundredths(&n("10001")), None);
    }

    #[test]
    fn a_revision_asks_again_only_about_what_changed() {
        let first = input(serde_json::json!({"lines": [
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500},
            {"kind": "labor", "description": "Brakes", "quantity": 2, "unitPriceCents": 12000}
        ]}));
        let mut lines = decide_lines(&first, &first.validate().unwrap(), &[], &mut ids()).unwrap();
        lines[0].approval.status = ApprovalStatus::Declined;
        lines[1].approval.status = ApprovalStatus::Approved;
        let revised = input(serde_json::json!({"lines": [
            {"id": "l1", "kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500},
            {"id": "l2", "kind": "labor", "description": "Brakes", "quantity": 2.5, "unitPriceCents": 12000},
            {"kind": "fee", "description": "Disposal", "quantity": 1, "unitPriceCents": 250}
        ]}));
        let after = decide_lines(&revised, &revised.validate().unwrap(), &lines, &mut || {
            "l9".into()
        })
        .unwrap();
        assert_eq!(
            after[0].approval.status,
            ApprovalStatus::Declined,
            "unchanged keeps its decision"
        );
        assert_eq!(
            after[1].approval.status,
            ApprovalStatus::Requested,
            "changed is asked again"
        );
        assert_eq!(
            (after[2].id.as_str(), after[2].approval.status),
            ("l9", ApprovalStatus::Requested)
        );
        let unknown = input(serde_json::json!({"lines": [
            {"id": "nope", "kind": "part", "description": "X", "quantity": 1, "unitPriceCents": 1}
        ]}));
        let err = decide_lines(&unknown, &[100], &lines, &mut ids())
            .unwrap_err()
            .to_string();
        assert!(err.contains("lines[0].id"), "{err}");
    }

    #[test]
    fn bad_lines_are_named_all_at_once() {
        let i = input(serde_json::json!({"lines": [
            {"kind": "part", "description": " ", "quantity": 0.001, "unitPriceCents": -5}
        ], "taxCents": -1}));
        let err = i.validate().unwrap_err().to_string();
        for field in [
            "lines[0].description",
            "lines[0].quantity",
            "lines[0].unitPriceCents",
            "taxCents",
        ] {
            assert!(err.contains(field), "{field} in {err}");
        }
    }
}
