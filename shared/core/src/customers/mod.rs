//! Case customers. A customer added from the Procede DMS is DMS-sourced: read-only in Case
//! (edits are refused with a pointer to Procede) and refreshed from the DMS on request.
//!
//! A customer and the link from its Procede id are created in one conditional transaction
//! (keys in [`crate::keys`]), so one DMS customer cannot be added twice. Every write of a
//! customer also writes its line in the dealer's customer list (what `GET /v1/customers`
//! reads and searches), in the same transaction.
//!
//! A customer's assets are the units its cases were opened on, one per VIN (or unit number
//! when there is no VIN): a case on a customer links its asset, creating it the first time.

use crate::auth::Caller;
use crate::error::{Error, FieldError, Result};
use crate::ids::CustomerId;
use crate::ids::DealerId;
use crate::App;

mod assets;
mod model;
pub mod store;

pub use assets::{add_asset, asset_id, assets, link_asset, NewAsset};
pub use model::*;

/// At most this many index entries are read for one page of a search.
const MAX_SCANNED: usize = 1_000;

/// `GET /v1/customers?q=`: the dealer's customers, Case-created and Procede-sourced
/// together; with `q`, those where every word of `q` starts a word of the name, the
/// customer number, the city or a phone (case, accents and punctuation ignored, as in the
/// Procede search; a search without letters is one number), read from the word index.
pub async fn list(
    app: &App,
    caller: &Caller,
    q: Option<&str>,
    page: crate::ports::PageRequest,
) -> Result<crate::Listing<CustomerSummary>> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return store::list(app, &caller.dealer, page).await;
    };
    if q.chars().count() > 200 {
        return Err(Error::bad_field("q", "at most 200 characters"));
    }
    let tokens = crate::search::tokens_of(q)
        .filter(|t| t.len() <= 10)
        .ok_or_else(|| Error::bad_field("q", "1 to 10 words of letters or digits"))?;
    store::search(app, &caller.dealer, &tokens, page, MAX_SCANNED).await
}

pub async fn get(app: &App, dealer: &DealerId, id: &CustomerId) -> Result<Customer> {
    store::load(app, dealer, id).await
}

/// Phones, emails and addresses a customer keeps at most.
const MAX_LIST: usize = 20;

/// A list field: at most [`MAX_LIST`] entries, each checked by `wrong` (what is wrong with
/// it, if anything).
fn check_list<T>(
    errors: &mut Vec<FieldError>,
    field: &str,
    list: Option<&[T]>,
    wrong: impl Fn(&T) -> Option<String>,
) {
    let Some(list) = list else { return };
    if list.len() > MAX_LIST {
        errors.push(FieldError::new(field, format!("at most {MAX_LIST}")));
    }
    for (i, item) in list.iter().enumerate() {
        if let Some(why) = wrong(item) {
            errors.push(FieldError::new(format!("{field}[{i}]"), why));
        }
    }
}

fn apply(c: &mut Customer, f: CustomerFields) -> Result<()> {
    let mut errors = Vec::new();
    if let Some(n) = f.name {
        if n.trim().is_empty() || n.chars().count() > 200 {
            errors.push(FieldError::new("name", "1 to 200 characters"));
        }
        c.name = n.trim().to_string();
    }
    check_list(&mut errors, "emails", f.emails.as_deref(), |e| {
        (!crate::text::is_deliverable_email(e.trim())).then(|| {
            format!("{e:?} is not an email address mail can reach (for example jo@fleet.example)")
        })
    });
    check_list(&mut errors, "phones", f.phones.as_deref(), |p| {
        (p.trim().is_empty() || p.chars().count() > 32).then(|| "1 to 32 characters".into())
    });
    check_list(&mut errors, "addresses", f.addresses.as_deref(), |a| {
        (a.to_string().len() > 2_000).then(|| "at most 2,000 characters".into())
    });
    for (field, value, max) in [
        ("customerNumber", &f.customer_number, 64),
        ("city", &f.city, 100),
        ("state", &f.state, 100),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            errors.push(FieldError::new(field, format!("at most {max} characters")));
        }
    }
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    c.customer_number = f.customer_number.or(c.customer_number.take());
    c.phones = f.phones.unwrap_or(std::mem::take(&mut c.phones));
    c.emails = f.emails.unwrap_or(std::mem::take(&mut c.emails));
    c.addresses = f.addresses.unwrap_or(std::mem::take(&mut c.addresses));
    c.city = f.city.or(c.city.take());
    c.state = f.state.or(c.state.take());
    Ok(())
}

pub async fn create(app: &App, caller: &Caller, fields: CustomerFields) -> Result<Customer> {
    if fields.name.is_none() {
        return Err(Error::invalid(vec![FieldError::new(
            "name",
            "a customer needs a name",
        )]));
    }
    let mut c = Customer::empty(app, &caller.dealer, CustomerSource::Case);
    apply(&mut c, fields)?;
    app.store.transact(store::create_ops(&c)?).await?;
    Ok(c)
}

/// Edits a customer typed into Case. A DMS-sourced one is refused: the DMS is its master.
pub async fn update(
    app: &App,
    caller: &Caller,
    id: &CustomerId,
    fields: CustomerFields,
) -> Result<Customer> {
    let now = app.clock.now();
    let fields = &fields;
    crate::commit::commit(app, &format!("customer {id}"), || async move {
        let mut c = get(app, &caller.dealer, id).await?;
        if c.source == CustomerSource::Procede {
            return Err(Error::Conflict(format!(
                "customer {id} comes from the Procede DMS (Procede id {}): change it in Procede, then refresh it here",
                c.procede_id.as_deref().unwrap_or("?")
            )));
        }
        let read = c.clone();
        apply(&mut c, fields.clone())?;
        c.updated_at = now;
        let ops = store::replace_ops(&read, &mut c, true)?;
        Ok(crate::commit::Round::Write(
            crate::commit::Plan::new(c).writes(ops),
        ))
    })
    .await
}
