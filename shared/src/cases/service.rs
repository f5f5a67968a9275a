use serde_json::json;

use super::model::*;
use crate::auth::Caller;
use crate::dealers::DealerId;
use crate::error::{Error, Result};
use crate::events::{self, DomainEvent};
use crate::keys::{self, CaseKeyId};
use crate::ports::{BlobKey, Cond, Item, Order, PageRequest, StoreError, WriteOp};
use crate::{App, Listing};

/// How many times a write that lost an optimistic-concurrency race is re-read and retried.
const WRITE_ATTEMPTS: usize = 3;

pub const DEFAULT_PAGE_SIZE: usize = 25;
pub const MAX_PAGE_SIZE: usize = 100;

fn author_of(caller: &Caller) -> Author {
    Author {
        id: Some(caller.user_id.clone()),
        name: caller.display_name().to_string(),
    }
}

/// The index items a case has in its dealer's case lists.
fn index_items(case: &Case) -> Result<Vec<Item>> {
    let pk = keys::case_index_partition(&case.dealer_id);
    let when = keys::sortable(case.opened_at);
    let summary = CaseSummary::from(case);
    let mut sks = vec![
        format!("ALL#{when}#{}", case.id),
        format!("STATUS#{}#{when}#{}", case.status.as_str(), case.id),
    ];
    if case.status != CaseStatus::Closed {
        sks.push(format!("ACTIVE#{when}#{}", case.id));
    }
    sks.into_iter()
        .map(|sk| Ok(Item::from_record(pk.clone(), sk, &summary)?))
        .collect()
}

fn case_item(case: &Case) -> Result<Item> {
    let pk = keys::case_partition(&case.dealer_id, &CaseKeyId::parse(&case.id)?);
    Ok(Item::from_record(pk, keys::CASE_SK, case)?)
}

/// Loads a case of `dealer`. Another dealer's case is simply not in this dealer's partition.
pub async fn load_case(app: &App, dealer: &DealerId, case_id: &str) -> Result<Case> {
    let id = CaseKeyId::parse(case_id)?;
    let pk = keys::case_partition(dealer, &id);
    match app.store.get(&pk, keys::CASE_SK).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("case {case_id}"))),
    }
}

pub async fn create_case(app: &App, caller: &Caller, new: NewCase) -> Result<Case> {
    new.validate()?;
    let now = app.clock.now();
    let status = new.status.unwrap_or(CaseStatus::Open);
    let case = Case {
        id: app.ids.new_id(),
        dealer_id: caller.dealer.clone(),
        status,
        customer: trimmed_customer(new.customer),
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
    };
    let event = DomainEvent::new(app, "case.created", &case.dealer_id, Some(&case.id), &case)?;
    let mut ops = vec![WriteOp::put_if(case_item(&case)?, Cond::NotExists)];
    ops.extend(index_items(&case)?.into_iter().map(WriteOp::put));
    ops.push(events::outbox_op(&event)?);
    app.store.transact(ops).await?;
    events::deliver(app, &[event]).await;
    Ok(case)
}

fn trimmed_customer(c: Customer) -> Customer {
    Customer {
        name: c.name.trim().to_string(),
        id: c.id,
    }
}

pub async fn get_case(app: &App, caller: &Caller, case_id: &str) -> Result<Case> {
    load_case(app, &caller.dealer, case_id).await
}

/// Which of the dealer's case lists to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseFilter {
    All,
    /// Every status but closed.
    NotClosed,
    Status(CaseStatus),
}

pub async fn list_cases(
    app: &App,
    dealer: &DealerId,
    filter: CaseFilter,
    page: PageRequest,
) -> Result<Listing<CaseSummary>> {
    let prefix = match filter {
        CaseFilter::All => "ALL#".to_string(),
        CaseFilter::NotClosed => "ACTIVE#".to_string(),
        CaseFilter::Status(s) => format!("STATUS#{}#", s.as_str()),
    };
    let pk = keys::case_index_partition(dealer);
    let page = app.store.query(&pk, &prefix, page).await?;
    Listing::from_page(page)
}

/// Moves a case to `status`, recording who and when. Setting the status a case already has
/// changes nothing and raises no event.
pub async fn change_status(
    app: &App,
    caller: &Caller,
    case_id: &str,
    status: CaseStatus,
) -> Result<Case> {
    for _ in 0..WRITE_ATTEMPTS {
        let old = load_case(app, &caller.dealer, case_id).await?;
        if old.status == status {
            return Ok(old);
        }
        let now = app.clock.now();
        let mut case = old.clone();
        case.status = status;
        case.updated_at = now;
        case.closed_at = (status == CaseStatus::Closed).then_some(now);
        case.version += 1;
        case.status_history.push(StatusChange {
            status,
            from: Some(old.status),
            at: now,
            by: author_of(caller),
        });
        let event = DomainEvent::new(
            app,
            "case.status_changed",
            &case.dealer_id,
            Some(&case.id),
            json!({ "from": old.status, "to": status, "by": author_of(caller), "case": CaseSummary::from(&case) }),
        )?;
        let mut ops = vec![WriteOp::put_if(
            case_item(&case)?,
            Cond::AttrEquals("version".into(), old.version.into()),
        )];
        // Replace the index items: the old status's go, the new status's come.
        let new_index = index_items(&case)?;
        for old_item in index_items(&old)? {
            if !new_index.iter().any(|n| n.sk == old_item.sk) {
                ops.push(WriteOp::delete(old_item.pk, old_item.sk));
            }
        }
        ops.extend(new_index.into_iter().map(WriteOp::put));
        ops.push(events::outbox_op(&event)?);
        match app.store.transact(ops).await {
            Ok(()) => {
                events::deliver(app, &[event]).await;
                return Ok(case);
            }
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "case {case_id} is being changed by someone else; try again"
    )))
}

pub async fn add_note(app: &App, caller: &Caller, case_id: &str, new: NewNote) -> Result<Note> {
    let mut errors = Vec::new();
    require_text(&mut errors, "text", &new.text, MAX_NOTE_CHARS);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    post_note(
        app,
        &caller.dealer,
        case_id,
        new.text,
        new.visibility,
        NoteSource::Case,
        author_of(caller),
    )
    .await
}

/// Puts a note on a case (from a Case user, Prokeep, a contact's SMS or casebridge itself)
/// and raises `note.created`; the case must exist.
/// A note about to be written: its writes and event, for a caller that commits them in
/// its own transaction together with other state (a parts request, an idempotency key).
pub struct PendingNote {
    pub note: Note,
    pub ops: Vec<WriteOp>,
    pub event: DomainEvent,
}

/// Prepares a note on a case of `dealer` (the case is not checked here).
pub fn prepare_note(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    text: String,
    visibility: Visibility,
    source: NoteSource,
    author: Author,
) -> Result<PendingNote> {
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(case_id)?);
    let note = Note {
        id: app.ids.new_id(),
        case_id: case_id.to_string(),
        text,
        visibility,
        source,
        author,
        created_at: app.clock.now(),
    };
    let event = DomainEvent::new(app, "note.created", dealer, Some(case_id), &note)?;
    let ops = vec![
        WriteOp::put_if(
            Item::from_record(pk, keys::note_sk(note.created_at, &note.id), &note)?,
            Cond::NotExists,
        ),
        events::outbox_op(&event)?,
    ];
    Ok(PendingNote { note, ops, event })
}

/// Puts a note on a case (from a Case user, Prokeep, a contact's SMS or casebridge itself)
/// and raises `note.created`; the case must exist.
pub async fn post_note(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    text: String,
    visibility: Visibility,
    source: NoteSource,
    author: Author,
) -> Result<Note> {
    let pending = prepare_note(app, dealer, case_id, text, visibility, source, author)?;
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(case_id)?);
    let mut ops = vec![WriteOp::Check {
        pk,
        sk: keys::CASE_SK.into(),
        cond: Cond::Exists,
    }];
    ops.extend(pending.ops);
    match app.store.transact(ops).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { op: Some(0) }) => {
            return Err(Error::not_found(format!("case {case_id}")))
        }
        Err(e) => return Err(e.into()),
    }
    events::deliver(app, &[pending.event]).await;
    Ok(pending.note)
}

pub async fn list_notes(
    app: &App,
    caller: &Caller,
    case_id: &str,
    page: PageRequest,
) -> Result<Listing<Note>> {
    let case = load_case(app, &caller.dealer, case_id).await?;
    let pk = keys::case_partition(&caller.dealer, &CaseKeyId::parse(&case.id)?);
    Listing::from_page(app.store.query(&pk, "NOTE#", page).await?)
}

pub async fn list_attachments(
    app: &App,
    caller: &Caller,
    case_id: &str,
    page: PageRequest,
) -> Result<Listing<AttachmentView>> {
    let case = load_case(app, &caller.dealer, case_id).await?;
    let pk = keys::case_partition(&caller.dealer, &CaseKeyId::parse(&case.id)?);
    let listing: Listing<Attachment> =
        Listing::from_page(app.store.query(&pk, "ATT#", page).await?)?;
    Ok(listing.map(AttachmentView::from))
}

/// An attachment of the dealer's case, if there is one by that id.
pub async fn find_attachment(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    attachment_id: &str,
) -> Result<Option<Attachment>> {
    if !crate::dealers::is_safe_id(attachment_id) {
        return Ok(None);
    }
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(case_id)?);
    match app
        .store
        .get(&pk, &keys::attachment_sk(attachment_id))
        .await?
    {
        Some(item) => Ok(Some(item.record()?)),
        None => Ok(None),
    }
}

async fn load_attachment(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    attachment_id: &str,
) -> Result<Attachment> {
    find_attachment(app, dealer, case_id, attachment_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("attachment {attachment_id} on case {case_id}")))
}

pub async fn set_attachment_visibility(
    app: &App,
    caller: &Caller,
    case_id: &str,
    attachment_id: &str,
    visibility: Visibility,
) -> Result<AttachmentView> {
    for _ in 0..WRITE_ATTEMPTS {
        let old = load_attachment(app, &caller.dealer, case_id, attachment_id).await?;
        if old.visibility == visibility {
            return Ok(old.into());
        }
        let mut att = old.clone();
        att.visibility = visibility;
        att.updated_at = app.clock.now();
        let event = DomainEvent::new(
            app,
            "attachment.visibility_changed",
            &caller.dealer,
            Some(case_id),
            json!({ "attachmentId": att.id, "visibility": visibility, "by": author_of(caller) }),
        )?;
        let pk = keys::case_partition(&caller.dealer, &CaseKeyId::parse(case_id)?);
        // Guard on the blob version so a concurrent replacement is not undone.
        let ops = vec![
            WriteOp::put_if(
                Item::from_record(pk, keys::attachment_sk(&att.id), &att)?,
                Cond::AttrEquals("blobVersionId".into(), old.blob_version_id.clone().into()),
            ),
            events::outbox_op(&event)?,
        ];
        match app.store.transact(ops).await {
            Ok(()) => {
                events::deliver(app, &[event]).await;
                return Ok(att.into());
            }
            Err(StoreError::ConditionFailed { .. } | StoreError::Conflict) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(Error::Conflict(format!(
        "attachment {attachment_id} is being changed by someone else; try again"
    )))
}

/// How long a download link stays valid.
pub const DOWNLOAD_LINK_SECS: u64 = 300;

pub async fn attachment_download_url(
    app: &App,
    caller: &Caller,
    case_id: &str,
    attachment_id: &str,
) -> Result<String> {
    let att = load_attachment(app, &caller.dealer, case_id, attachment_id).await?;
    let key = BlobKey::parse_for(&caller.dealer, &att.blob_key)?;
    Ok(app
        .blobs
        .download_url(
            &key,
            Some(&att.blob_version_id),
            &att.file_name,
            std::time::Duration::from_secs(DOWNLOAD_LINK_SECS),
        )
        .await?)
}

/// Stores a file and records it on the case: one blob PUT, then one transaction
/// (attachment + `attachment.created` event). The case must exist.
pub async fn attach_file(
    app: &App,
    dealer: &DealerId,
    case_id: &str,
    file: NewFile,
) -> Result<AttachmentView> {
    let case = load_case(app, dealer, case_id).await?;
    let id = app.ids.new_id();
    let key = BlobKey::for_dealer(dealer, &["cases", &case.id, "attachments", &id])?;
    let size = file.bytes.len() as u64;
    let version_id = app.blobs.put(&key, file.bytes, &file.content_type).await?;
    let now = app.clock.now();
    let att = Attachment {
        id,
        case_id: case.id.clone(),
        thread_id: file.thread_id,
        file_name: file.file_name,
        content_type: file.content_type,
        version: 1,
        state: file.state,
        visibility: Visibility::Internal,
        size,
        blob_key: key.as_str().to_string(),
        blob_version_id: version_id,
        content_sha256: None,
        created_at: now,
        updated_at: now,
    };
    let view = AttachmentView::from(att.clone());
    let event = DomainEvent::new(app, "attachment.created", dealer, Some(&case.id), &view)?;
    let pk = keys::case_partition(dealer, &CaseKeyId::parse(&case.id)?);
    app.store
        .transact(vec![
            WriteOp::put_if(
                Item::from_record(pk, keys::attachment_sk(&att.id), &att)?,
                Cond::NotExists,
            ),
            events::outbox_op(&event)?,
        ])
        .await?;
    events::deliver(app, &[event]).await;
    Ok(view)
}

/// How many index entries one open-case search reads at most before it answers a page
/// (possibly short) with a cursor to go on from.
const MAX_SCANNED: usize = 1_000;

/// Open (not closed) cases, newest first, narrowed by `q`: every word of `q` must appear,
/// case-insensitively, in the customer's name, the unit number or the VIN.
pub async fn search_open_cases(
    app: &App,
    dealer: &DealerId,
    q: Option<&str>,
    page: PageRequest,
) -> Result<Listing<CaseSummary>> {
    let words: Vec<String> = q
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return list_cases(app, dealer, CaseFilter::NotClosed, page).await;
    }
    if words.len() > 10 || words.iter().any(|w| w.chars().count() > 50) {
        return Err(Error::bad_field(
            "q",
            "at most 10 words of at most 50 characters",
        ));
    }
    let matches = |c: &CaseSummary| {
        let hay = format!(
            "{} {} {}",
            c.customer.name,
            c.asset.unit_number,
            c.asset.vin.as_deref().unwrap_or_default()
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let pk = keys::case_index_partition(dealer);
    let (limit, mut scanned) = (page.limit, 0);
    let mut cursor = page.after.clone();
    let mut items = Vec::new();
    // Ask the store for no more than the page still lacks, so the store's cursor is
    // always exactly where the next page must go on from.
    loop {
        let want = PageRequest {
            limit: limit - items.len(),
            order: page.order,
            after: cursor.clone(),
        };
        let batch = app.store.query(&pk, "ACTIVE#", want).await?;
        scanned += batch.items.len();
        for item in &batch.items {
            let summary: CaseSummary = item.record()?;
            if matches(&summary) {
                items.push(summary);
            }
        }
        cursor = batch.next;
        if items.len() >= limit || cursor.is_none() || scanned >= MAX_SCANNED {
            return Ok(Listing {
                items,
                next_page: cursor,
            });
        }
    }
}

pub fn page_for(limit: Option<usize>, after: Option<String>, order: Order) -> Result<PageRequest> {
    let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&limit) {
        return Err(Error::bad_field(
            "limit",
            format!("must be between 1 and {MAX_PAGE_SIZE}"),
        ));
    }
    Ok(PageRequest {
        limit,
        order,
        after,
    })
}

/// Stores a case exactly as given unless its id exists already (demo data, imports);
/// raises no event. Answers whether it was stored.
pub async fn seed_case(app: &App, case: &Case) -> Result<bool> {
    let mut ops = vec![WriteOp::put_if(case_item(case)?, Cond::NotExists)];
    ops.extend(index_items(case)?.into_iter().map(WriteOp::put));
    match app.store.transact(ops).await {
        Ok(()) => Ok(true),
        Err(StoreError::ConditionFailed { op: Some(0) }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
