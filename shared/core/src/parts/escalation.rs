//! An advisor escalates a Parts Hold case to one of the location's Prokeep groups.

use crate::ids::PartsRequestId;

use super::model::*;
use super::store::Reminder;
use crate::auth::{Caller, Role};
use crate::cases::{self, author_of, Case, CaseStatus};
use crate::commit::{commit, Plan, Round};
use crate::dealers::{self, Dealer, ProkeepGroup};
use crate::error::{Error, FieldError, Result};
use crate::events::DomainEvent;
use crate::happened::{Happened, PartsRequestRef};
use crate::ids::CaseId;
use crate::{App, Listing};

/// The text Prokeep's group receives: what a parts counter acts on, in its words (the
/// request's reference, the case number, the unit, who asked), never an id.
pub(crate) fn prokeep_text(
    case: &Case,
    r: &PartsRequest,
    reminder: bool,
    settings: &dealers::DealerSettings,
) -> String {
    let mut t = String::new();
    if reminder {
        t.push_str("REMINDER: not claimed yet.\n");
    }
    t.push_str(&format!("{REQUEST_LINE}{}\n", r.label()));
    let a = &case.asset;
    let vin = a
        .vin
        .as_deref()
        .map(|v| format!(", VIN {v}"))
        .unwrap_or_default();
    let mm = [a.make.as_deref(), a.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let mm = if mm.is_empty() { mm } else { format!(", {mm}") };
    t.push_str(&format!(
        "Case {}: {} - unit {}{vin}{mm}\n",
        case.label(),
        case.customer.name,
        a.unit_number
    ));
    t.push_str("Parts:\n");
    for l in &r.lines {
        t.push_str(&format!(
            "- {} x {} {}\n",
            l.quantity, l.part_number, l.description
        ));
    }
    if let Some(n) = &r.note {
        t.push_str(&format!("Note: {n}\n"));
    }
    t.push_str(&format!("Requested by {}", r.requested_by.name));
    if let Some(url) = settings.case_url(case.id.as_str()) {
        t.push_str(&format!("\nOpen the case: {url}"));
    }
    t
}

/// How a Prokeep message names its request (`Parts request PR-1004-1`).
const REQUEST_LINE: &str = "Parts request ";

/// The request a message to Prokeep is about (its reference), as the counter reads it:
/// what a connector answering for the counter names in its callback.
pub fn request_in_prokeep_text(text: &str) -> Option<&str> {
    text.lines().find_map(|l| l.strip_prefix(REQUEST_LINE))
}

/// The reference of a case's `n`-th parts request: `PR-1004-1`.
pub fn reference(case: &Case, n: usize) -> String {
    format!("PR-{}-{n}", case.number)
}

/// Whether this escalation may go out, and to which group: the connector must be on, the
/// counter must use Prokeep,
/// the case must be on Parts Hold, the group must be one of the location's.
pub(crate) fn decide_escalation<'d>(
    dealer: &'d Dealer,
    case: &Case,
    new: &NewEscalation,
) -> Result<&'d ProkeepGroup> {
    if !dealer.settings.prokeep_connector_enabled {
        return Err(Error::Conflict(format!(
            "the Prokeep connector is off for {}; escalate through the counter's own system",
            dealer.name
        )));
    }
    if !dealer.settings.parts_counter_uses_prokeep {
        return Err(Error::Conflict(format!(
            "the parts counter of {} does not use Prokeep; escalate through the counter's own system",
            dealer.name
        )));
    }
    if case.status != CaseStatus::PartsHold {
        return Err(Error::Conflict(format!(
            "case {} is {}, not parts_hold: put it on Parts Hold before escalating",
            case.id,
            case.status.as_str()
        )));
    }
    let groups = &dealer.settings.prokeep_groups;
    groups.iter().find(|g| g.id == new.group_id).ok_or_else(|| {
        let known: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        Error::invalid(vec![FieldError::new(
            "groupId",
            format!(
                "{:?} is not one of this location's Prokeep groups ({})",
                new.group_id,
                known.join(", ")
            ),
        )])
    })
}

/// An advisor escalates a Parts Hold case to one of the location's Prokeep groups.
pub async fn escalate(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    new: NewEscalation,
) -> Result<PartsRequest> {
    if caller.role == Role::OemAdmin {
        return Err(Error::Forbidden(
            "parts escalations are made by the dealer's advisors".into(),
        ));
    }
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    new.validate()?;
    let dealer = dealers::load_dealer(app, &caller.dealer).await?;
    let group = decide_escalation(&dealer, &case, &new)?;
    let (case, dealer, new) = (&case, &dealer, &new);
    commit(
        app,
        &format!("the parts requests of case {}", case.label()),
        || async move {
            let n = super::store::for_case(app, &dealer.id, &case.id)
                .await?
                .len()
                + 1;
            Ok(Round::Write(escalation_plan(
                app,
                caller,
                dealer,
                case,
                group,
                new.clone(),
                reference(case, n),
            )?))
        },
    )
    .await
}

/// A request just escalated to `group`: nothing claimed, its delivery pending.
fn new_request(
    app: &App,
    caller: &Caller,
    dealer: &Dealer,
    case: &Case,
    group: &ProkeepGroup,
    new: NewEscalation,
    reference: String,
) -> PartsRequest {
    let now = app.clock.now();
    let by = author_of(caller);
    let remind_at =
        now + jiff::SignedDuration::from_mins(dealer.settings.parts_reminder_minutes as i64);
    PartsRequest {
        id: PartsRequestId::derived(app.ids.new_id()),
        reference,
        case_id: case.id.clone(),
        group_id: group.id.clone(),
        group_name: group.name.clone(),
        lines: new.lines,
        note: new.note.filter(|n| !n.trim().is_empty()),
        state: PartsState::Escalated,
        requested_by: by.clone(),
        claim: None,
        confirmation: None,
        eta: None,
        delivery: Delivery {
            status: DeliveryStatus::Pending,
            sends: 0,
            last_error: None,
            delivered_at: None,
        },
        history: vec![HistoryEntry {
            what: format!("escalated to {}", group.name),
            at: now,
            by: by.name.clone(),
            event_id: None,
            state: PartsState::Escalated,
        }],
        remind_at: Some(remind_at),
        reminded_at: None,
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// The new request, its pointers (by id and by reference: a reference another escalation
/// took meanwhile is a lost race, and the next round counts again), its reminder and event.
fn escalation_plan(
    app: &App,
    caller: &Caller,
    dealer: &Dealer,
    case: &Case,
    group: &ProkeepGroup,
    new: NewEscalation,
    reference: String,
) -> Result<Plan<PartsRequest>> {
    let request = new_request(app, caller, dealer, case, group, new, reference);
    let remind_at = request.remind_at.unwrap_or(request.created_at);
    let event = DomainEvent::new(
        app,
        &dealer.id,
        Some(&case.id),
        Happened::PartsEscalated(PartsRequestRef {
            request_id: request.id.clone(),
        }),
    );
    let reminder = Reminder {
        dealer_id: dealer.id.clone(),
        case_id: case.id.clone(),
        request_id: request.id.clone(),
    };
    let plan = Plan::new(request.clone())
        .writes(super::store::create_ops(
            &dealer.id, &request, &reminder, remind_at,
        )?)
        .raise(event);
    Ok(plan)
}

pub async fn list_for_case(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
) -> Result<Listing<PartsRequest>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    Ok(Listing {
        items: super::store::for_case(app, &caller.dealer, &case.id).await?,
        next_page: None,
    })
}
