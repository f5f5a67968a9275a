//! The customer's answer recorded: decisions line by line (from the page, or by an advisor
//! for the customer), and the history of versions and decisions. The rules are
//! `decisions.rs`; asking is `asking.rs`.

use super::decisions::*;
use super::model::*;
use super::service::{get, get_for, may_write};
use crate::auth::Caller;
use crate::cases::{self, author_of};
use crate::commit::{commit, Plan, Round};
use crate::error::Result;
use crate::ids::CaseId;
use crate::ids::EstimateId;
use crate::App;

/// Records decisions on the current version: the lines' approvals, the history, an internal
/// note on the case and an `estimate.decided` event, in one transaction.
pub(crate) async fn record_decisions(
    app: &App,
    dealer: &crate::ids::DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    input: &DecisionsInput,
    who: &Decider,
    terms: &super::Authorising,
) -> Result<Estimate> {
    check_decisions(input, who.channel)?;
    let who = &Decider {
        authorisation: super::authorise(input, terms)?,
        ..who.clone()
    };
    commit(app, &format!("estimate {estimate_id}"), || async {
        let before = get_for(app, dealer, case_id, estimate_id).await?;
        let now = app.clock.now();
        let (mut after, added) = decide_decisions(&before, input, who, now)?;
        if added.is_empty() {
            return Ok(Round::Done(before));
        }
        after.updated_at = now;
        after.version = before.version + 1;
        let note = cases::prepare_note(
            app,
            dealer,
            &after.case_id,
            decision_note(who, &added, after.totals.approved_cents),
            cases::Visibility::Internal,
            cases::NoteSource::System,
            who.author.clone(),
        )?;
        let event = crate::events::DomainEvent::new(
            app,
            dealer,
            Some(&after.case_id),
            crate::happened::Happened::EstimateDecided(crate::happened::EstimateDecided {
                estimate_id: after.id.clone(),
                version: added[0].version,
                decisions: added,
                approved_cents: after.totals.approved_cents,
            }),
        );
        let plan = Plan::new(after.clone())
            .write(super::store::replace_op(dealer, &before, &after)?)
            .raise(event);
        Ok(Round::Write(note.into_plan(plan)))
    })
    .await
}

/// `POST …/estimates/{estimateId}/decisions` by a Case user, for the customer.
pub async fn record_for_customer(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    input: DecisionsInput,
) -> Result<Estimate> {
    may_write(caller)?;
    let who = Decider {
        author: author_of(caller),
        channel: Channel::Staff,
        ip: None,
        user_agent: None,
        authorisation: None,
    };
    let dealer = crate::dealers::load_dealer(app, &caller.dealer).await?;
    let terms = super::Authorising::by_staff(&dealer);
    record_decisions(
        app,
        &caller.dealer,
        case_id,
        estimate_id,
        &input,
        &who,
        &terms,
    )
    .await
}

pub async fn history(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<History> {
    let e = get(app, caller, case_id, estimate_id).await?;
    Ok(History {
        versions: e.versions,
        decisions: e.decisions,
    })
}
