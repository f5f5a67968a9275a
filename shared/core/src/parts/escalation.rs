//! An advisor escalates a Parts Hold case to one of the location's Prokeep groups.

use serde::{Deserialize, Serialize};

use super::model::*;
use super::request_item;
use crate::auth::{Caller, Role};
use crate::cases::{self, author_of, Case, CaseStatus};
use crate::commit::{commit_once, Plan};
use crate::dealers::{self, Dealer, DealerId, ProkeepGroup};
use crate::error::{Error, FieldError, Result};
use crate::events::{DomainEvent, Happened, PartsRequestRef};
use crate::keys::{self, CaseKeyId};
use crate::ports::{Cond, Item, Order, PageRequest, WriteOp};
use crate::{App, Listing};

/// An unclaimed escalation waiting for its reminder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Reminder {
    pub dealer_id: DealerId,
    pub case_id: String,
    pub request_id: String,
}

/// The text Prokeep's group receives.
pub fn prokeep_text(case: &Case, r: &PartsRequest, reminder: bool) -> String {
    let mut t = String::new();
    if reminder {
        t.push_str("REMINDER: not claimed yet.\n");
    }
    t.push_str(&format!(
        "Parts request {} (quote this id when you answer)\n",
        r.id
    ));
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
    t.push_str(&format!(
        "Case {}: {} - unit {}{vin} {mm}\n",
        case.id, case.customer.name, a.unit_number
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
    t
}

/// Whether this escalation may go out, and to which group: the connector must be on, the
/// counter must use Prokeep,
/// the case must be on Parts Hold, the group must be one of the location's.
pub fn decide_escalation<'d>(
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
    case_id: &str,
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
    let now = app.clock.now();
    let by = author_of(caller);
    let remind_at =
        now + jiff::SignedDuration::from_mins(dealer.settings.parts_reminder_minutes as i64);
    let request = PartsRequest {
        id: app.ids.new_id(),
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
    };
    let event = DomainEvent::new(
        app,
        &dealer.id,
        Some(&case.id),
        Happened::PartsEscalated(PartsRequestRef {
            request_id: request.id.clone(),
        }),
    );
    let (ppk, psk) = keys::parts_request_pointer(&dealer.id, &request.id);
    let reminder = Reminder {
        dealer_id: dealer.id.clone(),
        case_id: case.id.clone(),
        request_id: request.id.clone(),
    };
    let plan = Plan::new(request.clone())
        .write(WriteOp::put_if(
            request_item(&dealer.id, &request)?,
            Cond::NotExists,
        ))
        .write(WriteOp::put_if(
            Item::from_record(
                ppk,
                psk,
                &super::RequestPointer {
                    case_id: case.id.clone(),
                },
            )?,
            Cond::NotExists,
        ))
        .write(WriteOp::put(Item::from_record(
            keys::REMINDERS_PK,
            keys::parts_reminder_sk(remind_at, &dealer.id, &request.id),
            &reminder,
        )?))
        .raise(event);
    commit_once(app, &format!("parts request {}", request.id), plan).await
}

pub async fn list_for_case(
    app: &App,
    caller: &Caller,
    case_id: &str,
) -> Result<Listing<PartsRequest>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    let pk = keys::case_partition(&caller.dealer, &CaseKeyId::parse(&case.id)?);
    Listing::from_page(
        app.store
            .query(
                &pk,
                keys::PARTS_PREFIX,
                PageRequest::first(100, Order::Ascending),
            )
            .await?,
    )
}
