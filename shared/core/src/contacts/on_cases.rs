//! Contacts on cases: entered on a case with a role, invited to one, and who of them a
//! case's notifications go to (its recipients: the invited, and the primary contact and
//! driver without an invitation).

use super::store::{self, CaseLink};
use super::*;
use crate::ids::ContactId;
use crate::ids::CustomerId;

/// `POST /v1/cases/{caseId}/contacts`: one-time for this case unless `ongoing: true`.
pub async fn create_for_case(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    f: ContactFields,
) -> Result<CaseContact> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    let country = super::mobile_country(app, &caller.dealer).await?;
    let (contact, ops) = prepare_for_case(
        app,
        caller,
        &case.id,
        case.customer
            .id
            .as_deref()
            .map(CustomerId::parse)
            .transpose()?
            .as_ref(),
        f,
        &country,
    )?;
    app.store.transact(ops).await?;
    Ok(contact)
}

/// A contact entered on a case (also as the case is created): the contact, its listing on
/// the case with its role, and its link to the customer when it is ongoing.
pub fn prepare_for_case(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    customer_id: Option<&CustomerId>,
    mut f: ContactFields,
    country: &str,
) -> Result<(CaseContact, Vec<WriteOp>)> {
    let mut c = blank(app, caller);
    c.customer_id = customer_id.cloned();
    c.case_ids = vec![case_id.clone()];
    if f.name.is_none() {
        return Err(Error::invalid(vec![FieldError::new(
            "name",
            "a contact needs a name",
        )]));
    }
    let role = f.case_role.take().unwrap_or(CaseRole::Other);
    let ongoing = f.ongoing.unwrap_or(false);
    apply(
        &mut c,
        ContactFields {
            ongoing: Some(ongoing),
            ..f
        },
        country,
    )?;
    let mut ops = vec![
        store::create_op(&c)?,
        store::case_link_op(&caller.dealer, case_id, CaseLink::Listed, &c.id, Some(role)),
    ];
    if let (true, Some(cu)) = (ongoing, &c.customer_id) {
        ops.push(store::customer_link_op(&caller.dealer, cu, &c.id));
    }
    Ok((
        CaseContact {
            contact: c,
            case_role: Some(role),
            recipient: role.is_recipient(),
        },
        ops,
    ))
}

/// The case's contacts: those entered on it (with their role) and those invited to it.
pub async fn list_for_case(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
) -> Result<Listing<CaseContact>> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    Ok(Listing {
        items: on_case(app, &caller.dealer, &case.id).await?,
        next_page: None,
    })
}

/// Every contact of a case, entered or invited, with its role and whether it is notified.
async fn on_case(app: &App, dealer: &DealerId, case_id: &CaseId) -> Result<Vec<CaseContact>> {
    let invited: Vec<ContactId> = store::case_links(app, dealer, case_id, CaseLink::Invited)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut out: Vec<CaseContact> = Vec::new();
    for (id, role) in store::case_links(app, dealer, case_id, CaseLink::Listed).await? {
        if let Some(contact) = existing(app, dealer, &id).await? {
            let recipient = invited.contains(&id) || role.is_some_and(CaseRole::is_recipient);
            out.push(CaseContact {
                contact,
                case_role: role,
                recipient,
            });
        }
    }
    for id in invited {
        if out.iter().any(|c| c.contact.id == id) {
            continue;
        }
        if let Some(contact) = existing(app, dealer, &id).await? {
            out.push(CaseContact {
                contact,
                case_role: None,
                recipient: true,
            });
        }
    }
    Ok(out)
}

/// Whether a contact hears of a case now: invited to it, or entered on it as its primary
/// contact or driver.
pub async fn is_recipient(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<bool> {
    if store::case_link(app, dealer, case_id, CaseLink::Invited, contact_id)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    let listed = store::case_link(app, dealer, case_id, CaseLink::Listed, contact_id).await?;
    Ok(listed.flatten().is_some_and(CaseRole::is_recipient))
}

/// The contacts an advisor names to notify must each be a recipient of the case.
pub async fn check_recipients(
    app: &App,
    dealer: &DealerId,
    case: &cases::Case,
    ids: &[String],
) -> Result<()> {
    if ids.is_empty() {
        return Err(Error::invalid(vec![FieldError::new(
            "contactIds",
            "name at least one contact, or leave contactIds out to notify every recipient",
        )]));
    }
    if ids.len() > MAX_CHOSEN_RECIPIENTS {
        return Err(Error::invalid(vec![FieldError::new(
            "contactIds",
            format!(
                "at most {MAX_CHOSEN_RECIPIENTS} contacts ({} named); leave contactIds out to notify every recipient",
                ids.len()
            ),
        )]));
    }
    let mut errors = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let recipient = match ContactId::parse(id) {
            Ok(id) => is_recipient(app, dealer, &case.id, &id).await?,
            Err(_) => false,
        };
        if !recipient {
            errors.push(FieldError::new(
                format!("contactIds[{i}]"),
                format!(
                    "{id:?} is not a recipient of case {} (invite the contact, or enter it as primary or driver)",
                    case.label()
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(errors))
    }
}

/// How many recipients one note or Quick Action may name (each counted once).
pub(crate) const MAX_CHOSEN_RECIPIENTS: usize = 20;

/// The contacts a case's notifications go to (see [`is_recipient`]).
pub async fn recipients(app: &App, dealer: &DealerId, case_id: &CaseId) -> Result<Vec<Contact>> {
    Ok(on_case(app, dealer, case_id)
        .await?
        .into_iter()
        .filter(|c| c.recipient)
        .map(|c| c.contact)
        .collect())
}

/// The cases a contact is invited to (kept on the contact for merges).
pub(super) async fn invitations_of(
    app: &App,
    dealer: &DealerId,
    c: &Contact,
) -> Result<Vec<CaseId>> {
    let mut out = Vec::new();
    for case in &c.case_ids {
        if store::case_link(app, dealer, case, CaseLink::Invited, &c.id)
            .await?
            .is_some()
        {
            out.push(case.clone());
        }
    }
    Ok(out)
}

/// Invites a contact into a case: it gets the case's notifications from now on.
pub async fn invite(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<Contact> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    let mut c = get(app, &caller.dealer, contact_id).await?;
    if let (Some(a), Some(b)) = (&c.customer_id, &case.customer.id) {
        if a != b {
            return Err(Error::invalid(vec![FieldError::new(
                "contactId",
                "this contact belongs to another customer than the case's",
            )]));
        }
    }
    if !c.ongoing && !c.case_ids.contains(&case.id) {
        return Err(Error::invalid(vec![FieldError::new(
            "contactId",
            "a one-time contact belongs to its own case only",
        )]));
    }
    let old_version = c.version;
    if !c.case_ids.contains(&case.id) {
        c.case_ids.push(case.id.clone());
    }
    c.version += 1;
    c.updated_at = app.clock.now();
    app.store
        .transact(vec![
            store::replace_op(old_version, &c)?,
            store::case_link_op(&caller.dealer, &case.id, CaseLink::Invited, &c.id, None),
        ])
        .await?;
    Ok(c)
}

pub async fn uninvite(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<()> {
    let case = cases::load_case(app, &caller.dealer, case_id).await?;
    store::uninvite(app, &caller.dealer, &case.id, contact_id).await
}
