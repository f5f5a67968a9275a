use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Serialize;
use serde_json::{json, Value};

use super::model::{DmsCustomer, SearchResult};
use crate::auth::Caller;
use crate::commit::{commit, Plan, Round};
use crate::customers::{self, Customer, CustomerSource};
use crate::dealers::{self, Dealer};
use crate::error::{Error, Result};
use crate::ids::CustomerId;
use crate::ids::DealerId;
use crate::ports::procede::{Query, SearchField};
use crate::ports::{ProcedeAccount, StoreError};
use crate::{App, Listing};

pub(crate) const DEFAULT_PAGE: usize = 25;
/// No search result set is larger than the DMS itself; cursors past this are forged.
const MAX_OFFSET: usize = 10_000_000;

/// The dealer's DMS account: its id and its Procede API key (from its secrets).
async fn account(app: &App, dealer: &Dealer) -> Result<ProcedeAccount> {
    Ok(ProcedeAccount {
        dealer: dealer.id.clone(),
        api_key: app.secrets.dealer(&dealer.id).await?.procede_api_key,
    })
}

/// Procede search is on only where the dealer admin turned it on.
async fn enabled_dealer(app: &App, caller: &Caller) -> Result<Dealer> {
    let dealer = dealers::load_dealer(app, &caller.dealer).await?;
    if !dealer.settings.procede_search_enabled {
        return Err(Error::Forbidden(format!(
            "Procede customer search is not enabled for {}; a dealer admin must enable it in the dealer settings",
            dealer.name
        )));
    }
    // Turned on before the key was required: say what is missing, not a partner failure.
    if dealer.credentials.procede_api_key_set_at.is_none() {
        return Err(dealers::missing_procede_key(&dealer));
    }
    Ok(dealer)
}

async fn linked_customer(
    app: &App,
    dealer: &DealerId,
    procede_id: &str,
) -> Result<Option<CustomerId>> {
    customers::store::made_of_procede(app, dealer, procede_id).await
}

fn decode_page(page: Option<&str>) -> Result<usize> {
    let Some(p) = page.filter(|p| !p.is_empty()) else {
        return Ok(0);
    };
    URL_SAFE_NO_PAD
        .decode(p)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.strip_prefix("offset:").and_then(|n| n.parse().ok()))
        // We only ever hand out offsets within a result set; a search answers far fewer.
        .filter(|&n: &usize| n <= MAX_OFFSET)
        .ok_or_else(|| Error::bad_field("page", "the page cursor is not valid here"))
}

/// `GET /v1/procede/customers?by=&q=&page=&limit=`.
pub async fn search(
    app: &App,
    caller: &Caller,
    by: &str,
    q: &str,
    page: Option<&str>,
    limit: Option<usize>,
) -> Result<Listing<SearchResult>> {
    let field = SearchField::parse(by)?;
    let query = Query::parse(field, q)?;
    let limit = limit.unwrap_or(DEFAULT_PAGE);
    if !(1..=100).contains(&limit) {
        return Err(Error::bad_field("limit", "must be between 1 and 100"));
    }
    let offset = decode_page(page)?;
    let dealer = enabled_dealer(app, caller).await?;
    let set = app
        .procede
        .candidates(&account(app, &dealer).await?, &query)
        .await?;
    let hits = set.search(&query);
    let mut items = Vec::new();
    for &i in hits.iter().skip(offset).take(limit) {
        let r = &set.records[i];
        let customer_id = linked_customer(app, &dealer.id, &r.procede_id).await?;
        items.push(SearchResult {
            procede_id: r.procede_id.clone(),
            name: r.name.clone(),
            customer_number: r.customer_number.clone(),
            phone: r.phone.clone(),
            city: r.city.clone(),
            action: if customer_id.is_some() { "edit" } else { "add" },
            customer_id,
        });
    }
    let next = offset.saturating_add(limit);
    let next_page = (next < hits.len()).then(|| URL_SAFE_NO_PAD.encode(format!("offset:{next}")));
    Ok(Listing { items, next_page })
}

fn from_dms(c: &mut Customer, r: &DmsCustomer) {
    c.name = r.name.clone();
    c.customer_number = Some(r.customer_number.clone()).filter(|n| !n.is_empty());
    let mut phones = r.phones.clone();
    if phones.is_empty() && !r.phone.is_empty() {
        phones.push(r.phone.clone());
    }
    c.phones = phones;
    c.emails = r.emails.clone();
    c.addresses = r.addresses.clone();
    c.city = Some(r.city.clone()).filter(|s| !s.is_empty());
    c.state = r.state.clone();
    c.billing = r.billing.clone();
}

/// Which version of a DMS record a form was filled from: a digest of the record, so a
/// confirm can tell the record changed in Procede since the preview.
pub fn dms_version(r: &DmsCustomer) -> String {
    use sha2::{Digest, Sha256};
    let bytes = serde_json::to_vec(r).unwrap_or_default();
    hex::encode(&Sha256::digest(&bytes)[..16])
}

/// The fields of a customer form, as the DMS record fills them.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CustomerForm {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_number: Option<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub addresses: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    pub billing: serde_json::Map<String, Value>,
}

impl From<&Customer> for CustomerForm {
    fn from(c: &Customer) -> Self {
        CustomerForm {
            name: c.name.clone(),
            customer_number: c.customer_number.clone(),
            phones: c.phones.clone(),
            emails: c.emails.clone(),
            addresses: c.addresses.clone(),
            city: c.city.clone(),
            state: c.state.clone(),
            billing: c.billing.clone(),
        }
    }
}

/// `GET /v1/procede/customers/{procedeId}`: the New Customer form as the DMS fills it, to
/// review before `POST /v1/customers/from-procede` confirms it with `dmsVersion`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewCustomerPreview {
    pub procede_id: String,
    pub form: CustomerForm,
    /// Send it back with the confirm; a record changed in Procede since is refused (409).
    pub dms_version: String,
    /// The Case customer it already is, if it was added before (then it is an edit).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
}

pub async fn preview_new(
    app: &App,
    caller: &Caller,
    procede_id: &str,
) -> Result<NewCustomerPreview> {
    if procede_id.trim().is_empty() || procede_id.len() > 128 {
        return Err(Error::bad_field("procedeId", "1 to 128 characters"));
    }
    let dealer = enabled_dealer(app, caller).await?;
    let record = app
        .procede
        .customer(&account(app, &dealer).await?, procede_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("Procede customer {procede_id}")))?;
    let mut c = Customer::empty(app, &dealer.id, CustomerSource::Procede);
    from_dms(&mut c, &record);
    Ok(NewCustomerPreview {
        procede_id: record.procede_id.clone(),
        form: CustomerForm::from(&c),
        dms_version: dms_version(&record),
        customer_id: linked_customer(app, &dealer.id, procede_id).await?,
    })
}

/// `GET /v1/customers/{customerId}/refresh-from-procede`: the Edit Customer form as the
/// DMS fills it now, and what would change, to review before the `POST` confirms it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RefreshPreview {
    pub customer: Customer,
    pub form: CustomerForm,
    pub changes: Vec<Change>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dms_version: Option<String>,
    /// The DMS no longer has this customer (there is nothing to confirm).
    pub deleted_in_dms: bool,
}

pub async fn preview_refresh(
    app: &App,
    caller: &Caller,
    id: &CustomerId,
) -> Result<RefreshPreview> {
    let dealer = enabled_dealer(app, caller).await?;
    let old = customers::get(app, &dealer.id, id).await?;
    let procede_id = procede_id_of(&old)?;
    let account = account(app, &dealer).await?;
    Ok(match app.procede.customer(&account, &procede_id).await? {
        None => RefreshPreview {
            form: CustomerForm::from(&old),
            customer: old,
            changes: vec![],
            dms_version: None,
            deleted_in_dms: true,
        },
        Some(record) => {
            let (c, changes) = decide_refresh(&old, &record);
            RefreshPreview {
                form: CustomerForm::from(&c),
                customer: old,
                changes,
                dms_version: Some(dms_version(&record)),
                deleted_in_dms: false,
            }
        }
    })
}

fn procede_id_of(c: &Customer) -> Result<String> {
    match (&c.source, &c.procede_id) {
        (CustomerSource::Procede, Some(p)) => Ok(p.clone()),
        _ => Err(Error::Conflict(format!(
            "customer {} was not added from Procede; there is nothing to refresh",
            c.id
        ))),
    }
}

/// A confirm made on a preview of another version of the record is refused.
fn check_version(expected: Option<&str>, record: &DmsCustomer) -> Result<()> {
    match expected {
        Some(v) if v != dms_version(record) => Err(Error::Conflict(format!(
            "Procede customer {} changed since the form was shown; review it again",
            record.procede_id
        ))),
        _ => Ok(()),
    }
}

/// What adding a DMS customer did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Added {
    #[serde(flatten)]
    pub customer: Customer,
    /// False when the DMS customer was already in Case (the existing customer is answered).
    pub created: bool,
}

/// `POST /v1/customers/from-procede`: creates the Case customer exactly as the DMS has it,
/// read-only. Adding the same DMS customer again answers the existing one (idempotent).
pub async fn add_from_procede(
    app: &App,
    caller: &Caller,
    procede_id: &str,
    dms_version: Option<&str>,
) -> Result<Added> {
    if procede_id.trim().is_empty() || procede_id.len() > 128 {
        return Err(Error::bad_field("procedeId", "1 to 128 characters"));
    }
    let dealer = enabled_dealer(app, caller).await?;
    if let Some(id) = linked_customer(app, &dealer.id, procede_id).await? {
        return Ok(Added {
            customer: customers::get(app, &dealer.id, &id).await?,
            created: false,
        });
    }
    let record = app
        .procede
        .customer(&account(app, &dealer).await?, procede_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("Procede customer {procede_id}")))?;
    check_version(dms_version, &record)?;
    let mut c = Customer::empty(app, &dealer.id, CustomerSource::Procede);
    c.procede_id = Some(record.procede_id.clone());
    c.refreshed_at = Some(c.created_at);
    from_dms(&mut c, &record);
    match app
        .store
        .transact(customers::store::create_from_procede_ops(&c, procede_id)?)
        .await
    {
        Ok(()) => Ok(Added {
            customer: c,
            created: true,
        }),
        // Someone added it a moment ago: answer theirs.
        Err(StoreError::ConditionFailed { op: Some(1) }) => {
            match linked_customer(app, &dealer.id, procede_id).await? {
                Some(id) => Ok(Added {
                    customer: customers::get(app, &dealer.id, &id).await?,
                    created: false,
                }),
                None => Err(Error::Conflict(
                    "the customer is being added concurrently; retry".into(),
                )),
            }
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Change {
    pub field: &'static str,
    pub old: Value,
    pub new: Value,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Refreshed {
    pub customer: Customer,
    pub changes: Vec<Change>,
    /// The DMS no longer has this customer; the Case customer was left as it was.
    pub deleted_in_dms: bool,
}

fn snapshot(c: &Customer) -> Vec<(&'static str, Value)> {
    vec![
        ("name", json!(c.name)),
        ("customerNumber", json!(c.customer_number)),
        ("phones", json!(c.phones)),
        ("emails", json!(c.emails)),
        ("addresses", json!(c.addresses)),
        ("city", json!(c.city)),
        ("state", json!(c.state)),
        ("billing", json!(c.billing)),
    ]
}

/// `POST /v1/customers/{id}/refresh-from-procede`: re-reads the DMS record and answers
/// what changed (field, old, new).
pub async fn refresh_from_procede(
    app: &App,
    caller: &Caller,
    id: &CustomerId,
    dms_version: Option<&str>,
) -> Result<Refreshed> {
    let dealer = enabled_dealer(app, caller).await?;
    let dealer = &dealer;
    commit(app, &format!("customer {id}"), || async move {
        let old = customers::get(app, &dealer.id, id).await?;
        let procede_id = procede_id_of(&old)?;
        let account = account(app, dealer).await?;
        let Some(record) = app.procede.customer(&account, &procede_id).await? else {
            return Ok(Round::Done(Refreshed {
                customer: old,
                changes: vec![],
                deleted_in_dms: true,
            }));
        };
        check_version(dms_version, &record)?;
        let (mut c, changes) = decide_refresh(&old, &record);
        let now = app.clock.now();
        c.refreshed_at = Some(now);
        if !changes.is_empty() {
            c.updated_at = now;
        }
        // A refresh that changed nothing still records when it ran (same version guard).
        let ops = customers::store::replace_ops(&old, &mut c, !changes.is_empty())?;
        Ok(Round::Write(
            Plan::new(Refreshed {
                customer: c,
                changes,
                deleted_in_dms: false,
            })
            .writes(ops),
        ))
    })
    .await
}

/// The customer as the DMS record has it now, and what changed (field, old, new).
pub(crate) fn decide_refresh(old: &Customer, record: &DmsCustomer) -> (Customer, Vec<Change>) {
    let mut c = old.clone();
    from_dms(&mut c, record);
    let changes = snapshot(old)
        .into_iter()
        .zip(snapshot(&c))
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, a), (_, b))| Change {
            field,
            old: a,
            new: b,
        })
        .collect();
    (c, changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(raw: &str) -> String {
        URL_SAFE_NO_PAD.encode(raw)
    }

    #[test]
    fn a_page_cursor_past_any_result_set_is_refused_not_wrapped() {
        for raw in [
            "offset:18446744073709551615",
            "offset:99999999999",
            "offset:-1",
            "x",
        ] {
            let err = decode_page(Some(&cursor(raw))).err();
            assert!(
                matches!(err, Some(Error::BadRequest { .. })),
                "{raw}: {err:?}"
            );
        }
        assert_eq!(decode_page(Some(&cursor("offset:25"))).ok(), Some(25));
        assert_eq!(decode_page(None).ok(), Some(0));
    }
}
