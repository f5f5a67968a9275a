//! Notes on a case: from Case users, Prokeep, customers' texts and the page, and casebridge
//! itself; external ones also under their own key for the customer's page.

use super::model::*;
use crate::auth::Caller;
use crate::commit::Plan;
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::Happened;
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::ports::{PageRequest, WriteOp};
use crate::{App, Listing};

use super::service::*;

pub async fn add_note(app: &App, caller: &Caller, case_id: &CaseId, new: NewNote) -> Result<Note> {
    let mut errors = Vec::new();
    require_text(&mut errors, "text", &new.text, MAX_NOTE_CHARS);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    if let Some(ids) = &new.contact_ids {
        if new.visibility != Visibility::External {
            return Err(Error::invalid(vec![crate::FieldError::new(
                "contactIds",
                "an internal note notifies nobody; make it external to choose who hears of it",
            )]));
        }
        let case = load_case(app, &caller.dealer, case_id).await?;
        crate::contacts::check_recipients(app, &caller.dealer, &case, ids).await?;
    }
    let mut note = new_note(
        app,
        case_id,
        new.text,
        new.visibility,
        NoteSource::Case,
        author_of(caller),
    );
    note.contact_ids = new.contact_ids;
    let pending = prepare_note_as(app, &caller.dealer, note)?;
    commit_note(app, &caller.dealer, pending).await
}

/// A note about to be written: its writes and event, for a caller that commits them in
/// its own transaction together with other state (a parts request, an idempotency key).
pub(crate) struct PendingNote {
    pub note: Note,
    pub ops: Vec<WriteOp>,
    pub event: DomainEvent,
}

impl PendingNote {
    /// Adds the note and its event to a plan.
    pub(crate) fn into_plan<T>(self, plan: Plan<T>) -> Plan<T> {
        plan.writes(self.ops).raise(self.event)
    }
}

/// Prepares a note on a case of `dealer` (the case is not checked here).
pub(crate) fn prepare_note(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    text: String,
    visibility: Visibility,
    source: NoteSource,
    author: Author,
) -> Result<PendingNote> {
    prepare_note_as(
        app,
        dealer,
        new_note(app, case_id, text, visibility, source, author),
    )
}

/// Who casebridge's own notes are from (failures, reminders: nobody wrote them).
pub(crate) fn system_author() -> Author {
    Author {
        id: None,
        name: "casebridge".into(),
    }
}

/// An internal note casebridge itself puts on a case of `dealer` (a failed delivery, a
/// reminder sent again, a text that could not go out).
pub(crate) fn prepare_system_note(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    text: String,
) -> Result<PendingNote> {
    prepare_note(
        app,
        dealer,
        case_id,
        text,
        Visibility::Internal,
        NoteSource::System,
        system_author(),
    )
}

/// A new note on `case_id`, now, notifying every recipient when it is external.
fn new_note(
    app: &App,
    case_id: &CaseId,
    text: String,
    visibility: Visibility,
    source: NoteSource,
    author: Author,
) -> Note {
    Note {
        id: app.ids.new_id(),
        case_id: case_id.clone(),
        text,
        visibility,
        source,
        author,
        created_at: app.clock.now(),
        contact_ids: None,
    }
}

/// Prepares the writes and the event of a note already made.
fn prepare_note_as(app: &App, dealer: &DealerId, note: Note) -> Result<PendingNote> {
    let event = DomainEvent::new(
        app,
        dealer,
        Some(&note.case_id),
        Happened::NoteCreated(note.clone()),
    );
    let ops = super::store::note_ops(dealer, &note)?;
    Ok(PendingNote { note, ops, event })
}

/// The check that a case exists, for plans that write onto it (404 when it does not).
pub(crate) fn case_exists(dealer: &DealerId, case_id: &CaseId) -> Result<(WriteOp, Error)> {
    Ok(super::store::exists_check(dealer, case_id))
}

/// Puts a note on a case (from a Case user, Prokeep, a contact's SMS or casebridge itself)
/// and raises `note.created`; the case must exist.
pub async fn post_note(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    text: String,
    visibility: Visibility,
    source: NoteSource,
    author: Author,
) -> Result<Note> {
    let pending = prepare_note(app, dealer, case_id, text, visibility, source, author)?;
    commit_note(app, dealer, pending).await
}

/// Writes a prepared note and raises its event, on condition its case exists (404 if not).
pub(crate) async fn commit_note(
    app: &App,
    dealer: &DealerId,
    pending: PendingNote,
) -> Result<Note> {
    let case_id = pending.note.case_id.clone();
    let (check, missing) = case_exists(dealer, &case_id)?;
    let plan = Plan::new(pending.note.clone())
        .write(check)
        .refuse_if_fails(missing);
    crate::commit::commit_once(app, &format!("case {case_id}"), pending.into_plan(plan)).await
}

pub async fn list_notes(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<Note>> {
    let case = load_case(app, &caller.dealer, case_id).await?;
    super::store::notes(app, &caller.dealer, &case.id, false, page).await
}
