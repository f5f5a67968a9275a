use super::model::*;
use crate::auth::Caller;
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::{Happened, StatusChanged};
use crate::ids::CaseId;
use crate::ids::CustomerId;
use crate::ids::DealerId;

use crate::App;

use super::store;

pub(crate) fn author_of(caller: &Caller) -> Author {
    Author {
        id: Some(caller.user_id.clone()),
        name: caller.display_name().to_string(),
    }
}

/// Loads a case of `dealer`. Another dealer's case is simply not in this dealer's partition.
pub(crate) async fn load_case(app: &App, dealer: &DealerId, case_id: &CaseId) -> Result<Case> {
    store::load(app, dealer, case_id).await
}

/// A new case as the caller asked for it (validated).
pub(crate) fn decide_new_case(
    new: NewCase,
    id: CaseId,
    number: u64,
    caller: &Caller,
    now: jiff::Timestamp,
) -> Result<Case> {
    new.validate()?;
    let status = new.status.unwrap_or(CaseStatus::Open);
    Ok(Case {
        id,
        number,
        dealer_id: caller.dealer.clone(),
        status,
        customer: Customer {
            name: new.customer.name.trim().to_string(),
            id: new.customer.id,
            number: new.customer.number,
        },
        asset: new.asset,
        opened_at: now,
        updated_at: now,
        closed_at: (status == CaseStatus::Closed).then_some(now),
        status_history: vec![StatusChange {
            status,
            from: None,
            at: now,
            by: author_of(caller),
        }],
        version: 1,
    })
}

/// The case's customer as the customer record has it: its name and number. A name sent
/// that differs is refused for a read-only (Procede) customer, whose name only the DMS
/// changes, and ignored for a Case customer (edit the customer to rename it).
pub(crate) fn adopt_customer(
    sent: &Customer,
    record: &crate::customers::Customer,
) -> Result<Customer> {
    let differs = |a: &str, b: &str| {
        let words = |s: &str| {
            s.split_whitespace()
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        };
        words(a) != words(b)
    };
    if record.read_only && !sent.name.trim().is_empty() && differs(&sent.name, &record.name) {
        return Err(Error::invalid(vec![crate::FieldError::new(
            "customer.name",
            format!(
                "customer {} comes from Procede and is read-only: its name is {:?}; leave the name out",
                record.id, record.name
            ),
        )]));
    }
    Ok(Customer {
        name: record.name.clone(),
        id: Some(record.id.to_string()),
        number: record.customer_number.clone(),
    })
}

/// A case names a customer of this dealer, or none; a named one's record is its word.
async fn name_customer(
    app: &App,
    dealer: &crate::ids::DealerId,
    new: &mut NewCase,
    customer_id: Option<&CustomerId>,
) -> Result<()> {
    let Some(id) = customer_id else {
        // A typed customer has no record to take a number from.
        new.customer.number = None;
        return Ok(());
    };
    match crate::customers::get(app, dealer, id).await {
        Ok(record) => {
            new.customer = adopt_customer(&new.customer, &record)?;
            Ok(())
        }
        Err(Error::NotFound(_)) => Err(Error::invalid(vec![crate::FieldError::new(
            "customer.id",
            format!("{id:?} is not a customer of this dealer"),
        )])),
        Err(e) => Err(e),
    }
}

/// The contacts entered with a new case, and their writes; every refusal names its
/// `contacts[i]`.
async fn prepare_contacts(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    customer_id: Option<&CustomerId>,
    entered: Vec<crate::contacts::ContactFields>,
) -> Result<(
    Vec<crate::contacts::CaseContact>,
    Vec<crate::ports::WriteOp>,
)> {
    let (mut contacts, mut ops, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    if entered.is_empty() {
        return Ok((contacts, ops));
    }
    let country = crate::contacts::mobile_country(app, &caller.dealer).await?;
    for (i, fields) in entered.into_iter().enumerate() {
        match crate::contacts::prepare_for_case(app, caller, case_id, customer_id, fields, &country)
        {
            Ok((contact, contact_ops)) => {
                contacts.push(contact);
                ops.extend(contact_ops);
            }
            Err(Error::Unprocessable { errors: e, .. }) => {
                errors.extend(e.into_iter().map(|f| {
                    crate::FieldError::new(format!("contacts[{i}].{}", f.field), f.message)
                }))
            }
            Err(e) => return Err(e),
        }
    }
    if errors.is_empty() {
        Ok((contacts, ops))
    } else {
        Err(Error::invalid(errors))
    }
}

pub async fn create_case(app: &App, caller: &Caller, mut new: NewCase) -> Result<OpenedCase> {
    new.validate()?;
    // Checked by `validate` (a 422 naming `customer.id`), so this parse cannot refuse.
    let customer_id = new
        .customer
        .id
        .as_deref()
        .map(CustomerId::parse)
        .transpose()?;
    name_customer(app, &caller.dealer, &mut new, customer_id.as_ref()).await?;
    let (id, now) = (CaseId::derived(app.ids.new_id()), app.clock.now());
    let entered = std::mem::take(&mut new.contacts);
    let (contacts, contact_ops) =
        prepare_contacts(app, caller, &id, customer_id.as_ref(), entered).await?;
    // The number is taken in the case's own transaction: two cases created at once cannot
    // get the same one, and a failed create uses none up.
    commit(app, "the dealer's case numbers", || async {
        let numbers = store::number_counter(app, &caller.dealer).await?;
        let case = decide_new_case(new.clone(), id.clone(), numbers.last + 1, caller, now)?;
        // A case on a customer is on one of its assets (linked, or created the first time).
        let asset = match &customer_id {
            Some(customer) => Some(
                crate::customers::link_asset(app, &caller.dealer, customer, &case.asset, &case.id)
                    .await?,
            ),
            None => None,
        };
        let event = DomainEvent::new(
            app,
            &case.dealer_id,
            Some(&case.id),
            Happened::CaseCreated(case.clone()),
        );
        Ok(Round::Write(
            Plan::new(case.clone())
                .write(store::number_op(&caller.dealer, &numbers, case.number)?)
                .writes(store::create_ops(&case)?)
                .writes(contact_ops.clone())
                .writes(asset.clone().into_iter().flatten())
                .raise(event),
        ))
    })
    .await
    .map(|case| OpenedCase { case, contacts })
}

/// A dealer's first case is `#1001`: a number that looks like a shop's, not a test's.
pub const FIRST_CASE_NUMBER: u64 = 1001;

pub async fn get_case(app: &App, caller: &Caller, case_id: &CaseId) -> Result<Case> {
    load_case(app, &caller.dealer, case_id).await
}

/// The case after a move to `status` by `by`, or `None` when it is in that status already
/// (setting the status a case has changes nothing and raises nothing).
pub(crate) fn decide_status_change(
    old: &Case,
    status: CaseStatus,
    by: Author,
    now: jiff::Timestamp,
) -> Option<Case> {
    if old.status == status {
        return None;
    }
    let mut case = old.clone();
    case.status = status;
    case.updated_at = now;
    case.closed_at = (status == CaseStatus::Closed).then_some(now);
    case.version += 1;
    case.status_history.push(StatusChange {
        status,
        from: Some(old.status),
        at: now,
        by,
    });
    Some(case)
}

/// Moves a case to `status`, recording who and when.
pub async fn change_status(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    status: CaseStatus,
) -> Result<Case> {
    change_status_notifying(app, caller, case_id, status, None).await
}

/// [`change_status`], texting only `notify_only` of the invited contacts (`None`: all).
pub(crate) async fn change_status_notifying(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    status: CaseStatus,
    notify_only: Option<Vec<String>>,
) -> Result<Case> {
    let notify_only = &notify_only;
    commit(app, &format!("case {case_id}"), || async move {
        let old = load_case(app, &caller.dealer, case_id).await?;
        let by = author_of(caller);
        let Some(case) = decide_status_change(&old, status, by.clone(), app.clock.now()) else {
            return Ok(Round::Done(old));
        };
        let event = DomainEvent::new(
            app,
            &case.dealer_id,
            Some(&case.id),
            Happened::CaseStatusChanged(StatusChanged {
                from: old.status,
                to: status,
                by,
                case: CaseSummary::from(&case),
                notify_only: notify_only.clone(),
            }),
        );
        Ok(Round::Write(
            Plan::new(case.clone())
                .writes(store::status_ops(&old, &case)?)
                .raise(event),
        ))
    })
    .await
}

/// Stores a case exactly as given unless its id exists already (demo data, imports);
/// raises no event. Answers whether it was stored.
pub async fn seed_case(app: &App, case: &Case) -> Result<bool> {
    let new = store::create_unless_exists(app, case).await?;
    // The next case created by hand gets the number after the loaded ones.
    commit(app, "the dealer's case numbers", || async {
        let numbers = store::number_counter(app, &case.dealer_id).await?;
        if numbers.last >= case.number {
            return Ok(Round::Done(()));
        }
        Ok(Round::Write(Plan::new(()).write(store::number_op(
            &case.dealer_id,
            &numbers,
            case.number,
        )?)))
    })
    .await?;
    Ok(new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Role;
    use crate::cases::store::CaseList;
    use crate::ports::WriteOp;

    fn caller() -> Caller {
        Caller {
            user_id: "u1".into(),
            name: Some("Ann Advisor".into()),
            dealer: DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
            role: Role::Advisor,
            oem: None,
        }
    }

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    fn open_case() -> Case {
        let new: NewCase = serde_json::from_value(serde_json::json!({
            "customer": {"name": "  Johnson Tires "}, "asset": {"unitNumber": "T-101"}
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        decide_new_case(
            new,
            CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}")),
            1001,
            &caller(),
            at("2026-11-23T09:00:00Z"),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_new_case_is_open_with_a_trimmed_customer_and_its_first_history_entry() {
        let case = open_case();
        assert_eq!(case.status, CaseStatus::Open);
        assert_eq!(case.customer.name, "Johnson Tires");
        assert_eq!(case.status_history.len(), 1);
        assert_eq!(case.status_history[0].by.name, "Ann Advisor");
        assert_eq!(store::lists_of(&case).len(), 3, "all, open, and active");
    }

    #[test]
    fn a_status_change_records_who_and_when_and_the_same_status_changes_nothing() {
        let case = open_case();
        let by = author_of(&caller());
        let now = at("2026-11-23T10:00:00Z");
        let held = decide_status_change(&case, CaseStatus::PartsHold, by.clone(), now)
            .unwrap_or_else(|| panic!("a change"));
        assert_eq!(held.version, case.version + 1);
        assert_eq!(held.status_history[1].from, Some(CaseStatus::Open));
        assert!(decide_status_change(&held, CaseStatus::PartsHold, by.clone(), now).is_none());
        let closed = decide_status_change(&held, CaseStatus::Closed, by, now)
            .unwrap_or_else(|| panic!("a change"));
        assert_eq!(closed.closed_at, Some(now));
        assert!(!store::lists_of(&closed).contains(&CaseList::Active));
    }

    #[test]
    fn moving_a_case_replaces_exactly_the_old_status_index_items() {
        let case = open_case();
        let held = decide_status_change(
            &case,
            CaseStatus::PartsHold,
            author_of(&caller()),
            at("2026-11-23T10:00:00Z"),
        )
        .unwrap_or_else(|| panic!("a change"));
        let ops = store::status_ops(&case, &held).unwrap_or_else(|e| panic!("{e}"));
        let deletes: Vec<&str> = ops
            .iter()
            .filter_map(|o| match o {
                WriteOp::Delete { sk, .. } => Some(sk.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(deletes.len(), 1);
        assert!(deletes[0].starts_with("STATUS#open#"));
    }
}
