//! The contacts' records: the contact (versioned), its links to the cases it is listed on
//! (with its role there) or invited to, and its link to its customer.

use super::{CaseRole, Contact};
use crate::error::{Error, Result};
use crate::ids::{CaseId, ContactId, CustomerId, DealerId};
use crate::keys;
use crate::ports::{Cond, Item, Order, PageRequest, StoreError, WriteOp};
use crate::App;

/// A contact's link to a case: listed on it, or invited to it.
#[derive(Clone, Copy)]
pub(super) enum CaseLink {
    Listed,
    Invited,
}

fn case_link_key(
    dealer: &DealerId,
    case_id: &CaseId,
    link: CaseLink,
    contact_id: &ContactId,
) -> keys::Key {
    match link {
        CaseLink::Listed => keys::case_contact(dealer, case_id, contact_id),
        CaseLink::Invited => keys::invitation(dealer, case_id, contact_id),
    }
}

fn link_value(contact_id: &ContactId) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("contactId".into(), contact_id.as_str().into());
    m
}

fn item(c: &Contact) -> Result<Item> {
    let (pk, sk) = keys::contact(&c.dealer_id, &c.id);
    Ok(Item::from_record(pk, sk, c)?)
}

pub async fn load(app: &App, dealer: &DealerId, id: &ContactId) -> Result<Contact> {
    let (pk, sk) = keys::contact(dealer, id);
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("contact {id}"))),
    }
}

/// The write of a new contact (its id free).
pub(super) fn create_op(c: &Contact) -> Result<WriteOp> {
    Ok(WriteOp::put_if(item(c)?, Cond::NotExists))
}

/// The write of `c` over the contact as read at `read_version`.
pub(super) fn replace_op(read_version: u64, c: &Contact) -> Result<WriteOp> {
    Ok(WriteOp::put_if(
        item(c)?,
        Cond::AttrEquals("version".into(), read_version.into()),
    ))
}

/// The delete of a contact as read at `read_version` (a merge's contact that goes).
pub(super) fn delete_op(dealer: &DealerId, c: &Contact) -> WriteOp {
    let (pk, sk) = keys::contact(dealer, &c.id);
    WriteOp::Delete {
        pk,
        sk,
        cond: Cond::AttrEquals("version".into(), c.version.into()),
    }
}

/// Changes the contact as it is now (re-read and re-applied on a lost race).
pub(crate) async fn update(
    app: &App,
    dealer: &DealerId,
    id: &ContactId,
    change: impl Fn(&mut Contact) -> Result<()>,
) -> Result<Contact> {
    let (pk, sk) = keys::contact(dealer, id);
    crate::commit::update(app, &pk, &sk, &format!("contact {id}"), change).await
}

/// Deletes a contact; links to it are skipped when read.
pub(super) async fn delete(app: &App, dealer: &DealerId, id: &ContactId) -> Result<()> {
    let (pk, sk) = keys::contact(dealer, id);
    app.store
        .transact(vec![WriteOp::Delete {
            pk,
            sk,
            cond: Cond::Exists,
        }])
        .await?;
    Ok(())
}

/// The write of a contact's link to a case (listed with its role, or invited).
pub(super) fn case_link_op(
    dealer: &DealerId,
    case_id: &CaseId,
    link: CaseLink,
    contact_id: &ContactId,
    role: Option<CaseRole>,
) -> WriteOp {
    let (pk, sk) = case_link_key(dealer, case_id, link, contact_id);
    let mut value = link_value(contact_id);
    if let Some(role) = role {
        value.insert("caseRole".into(), role.as_str().into());
    }
    WriteOp::put(Item::new(pk, sk, value))
}

/// The write of a contact's link to its customer (an ongoing contact).
pub(super) fn customer_link_op(
    dealer: &DealerId,
    customer_id: &CustomerId,
    contact_id: &ContactId,
) -> WriteOp {
    let (pk, sk) = keys::customer_contact(dealer, customer_id, contact_id);
    WriteOp::put(Item::new(pk, sk, link_value(contact_id)))
}

/// Removes an invitation; 404 when there was none.
pub(super) async fn uninvite(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<()> {
    let (pk, sk) = case_link_key(dealer, case_id, CaseLink::Invited, contact_id);
    app.store
        .transact(vec![WriteOp::Delete {
            pk,
            sk,
            cond: Cond::Exists,
        }])
        .await
        .map_err(|e| match e {
            StoreError::ConditionFailed { .. } => Error::not_found(format!(
                "invitation of contact {contact_id} to case {case_id}"
            )),
            e => e.into(),
        })
}

/// The contact's link to a case, if any: `Some(role)` (the role it was listed with, if it
/// was listed).
pub(super) async fn case_link(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    link: CaseLink,
    contact_id: &ContactId,
) -> Result<Option<Option<CaseRole>>> {
    let (pk, sk) = case_link_key(dealer, case_id, link, contact_id);
    Ok(app.store.get(&pk, &sk).await?.map(|item| {
        item.attrs
            .get("caseRole")
            .and_then(|r| serde_json::from_value::<CaseRole>(r.clone()).ok())
    }))
}

/// The contacts linked to a case one way (at most 100): (contact id, role on the case).
pub(super) async fn case_links(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    link: CaseLink,
) -> Result<Vec<(ContactId, Option<CaseRole>)>> {
    let pk = keys::case_partition(dealer, case_id);
    let prefix = match link {
        CaseLink::Listed => keys::CONTACT_LINK_PREFIX,
        CaseLink::Invited => keys::INVITATION_PREFIX,
    };
    links(app, &pk, prefix).await
}

/// The customer's ongoing contacts' ids (at most 100).
pub(super) async fn customer_links(
    app: &App,
    dealer: &DealerId,
    customer_id: &CustomerId,
) -> Result<Vec<ContactId>> {
    let pk = keys::customer_partition(dealer, customer_id);
    Ok(links(app, &pk, keys::CONTACT_LINK_PREFIX)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

async fn links(app: &App, pk: &str, prefix: &str) -> Result<Vec<(ContactId, Option<CaseRole>)>> {
    let page = app
        .store
        .query(pk, prefix, PageRequest::first(100, Order::Ascending))
        .await?;
    Ok(page
        .items
        .iter()
        .filter_map(|item| {
            let id = ContactId::parse(item.attrs.get("contactId")?.as_str()?).ok()?;
            let role = item
                .attrs
                .get("caseRole")
                .and_then(|r| serde_json::from_value(r.clone()).ok());
            Some((id, role))
        })
        .collect())
}
