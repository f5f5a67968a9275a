//! Merging two contacts of one person: every case link and invitation kept, and per channel
//! the stricter consent of the contacts that have an address for it; what changed is
//! answered and noted on each of the person's cases.

use serde::Serialize;

use super::*;
use crate::ids::ContactId;

/// A channel a contact consents to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    Sms,
    Email,
}

/// What a merge changed in the kept contact's consent, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentChange {
    pub channel: ConsentChannel,
    /// Whether the kept contact had this channel on before the merge, and has it after.
    pub before: bool,
    pub after: bool,
    /// In words, as the case notes say it.
    pub reason: String,
}

/// `POST /v1/contacts/{contactId}/merge`: the contact that stays, and what the merge changed
/// in its consent (empty when nothing changed).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MergedContact {
    #[serde(flatten)]
    pub contact: Contact,
    pub consent_changed: Vec<ConsentChange>,
}

/// One channel's consent after a merge: the stricter of the two contacts that have an
/// address for it (a contact without a mobile said nothing about texts), either one's when
/// only it has an address.
fn merged_consent(keep: (bool, bool), gone: (bool, bool)) -> bool {
    let ((keep_has, keep_on), (gone_has, gone_on)) = (keep, gone);
    match (keep_has, gone_has) {
        (true, false) => keep_on,
        (false, true) => gone_on,
        _ => keep_on && gone_on,
    }
}

/// Each channel whose consent the merge turned, and why.
fn consent_changes(keep: &Contact, gone: &Contact, merged: &Contact) -> Vec<ConsentChange> {
    let mut changed = Vec::new();
    for (channel, what, before, after, gone_on) in [
        (
            ConsentChannel::Sms,
            "texts",
            keep.sms_opt_in,
            merged.sms_opt_in,
            gone.sms_opt_in,
        ),
        (
            ConsentChannel::Email,
            "emails",
            keep.email_opt_in,
            merged.email_opt_in,
            gone.email_opt_in,
        ),
    ] {
        if before != after {
            let state = if after { "on" } else { "off" };
            let had = if gone_on { "on" } else { "off" };
            changed.push(ConsentChange {
                channel,
                before,
                after,
                reason: format!(
                    "{what} {state} for {}: the merged contact {} had {what} {had}",
                    keep.name, gone.name
                ),
            });
        }
    }
    changed
}

/// The kept contact after `gone` is merged into it, and the consent that changed.
pub fn decide_merge(
    keep: &Contact,
    gone: &Contact,
    now: jiff::Timestamp,
) -> (Contact, Vec<ConsentChange>) {
    let mut merged = keep.clone();
    merged.sms_opt_in = merged_consent(
        (keep.mobile.is_some(), keep.sms_opt_in),
        (gone.mobile.is_some(), gone.sms_opt_in),
    );
    merged.email_opt_in = merged_consent(
        (keep.email.is_some(), keep.email_opt_in),
        (gone.email.is_some(), gone.email_opt_in),
    );
    merged.mobile = keep.mobile.clone().or(gone.mobile.clone());
    merged.email = keep.email.clone().or(gone.email.clone());
    // Why the kept address gets no email stays with that address.
    merged.email_stopped = if keep.email.is_some() {
        keep.email_stopped.clone()
    } else {
        gone.email_stopped.clone()
    };
    merged.ongoing = keep.ongoing || gone.ongoing;
    merged.language = keep.language.or(gone.language);
    merged.customer_id = keep.customer_id.clone().or(gone.customer_id.clone());
    for case in &gone.case_ids {
        if !merged.case_ids.contains(case) {
            merged.case_ids.push(case.clone());
        }
    }
    merged.updated_at = now;
    merged.version += 1;
    let changed = consent_changes(keep, gone, &merged);
    (merged, changed)
}

/// Merges `id` into `into` (two contacts of one person): the survivor keeps every case link
/// and invitation of both and, per channel, the stricter consent.
pub async fn merge(
    app: &App,
    caller: &Caller,
    id: &ContactId,
    into: &ContactId,
) -> Result<MergedContact> {
    let (keep, gone) = the_two(app, caller, id, into).await?;
    let (merged, consent_changed) = decide_merge(&keep, &gone, app.clock.now());
    let ops = merge_writes(app, caller, &keep, &gone, &merged).await?;
    let (notes, later) = consent_notes(app, caller, &keep, &gone, &merged, &consent_changed)?;
    let mut plan = crate::commit::Plan::new(()).writes(ops);
    for note in notes {
        plan = note.into_plan(plan);
    }
    match crate::commit::commit_once(app, &format!("contact {}", keep.id), plan).await {
        Ok(()) => {}
        Err(Error::Conflict(_)) => {
            return Err(Error::Conflict(
                "one of the contacts changed meanwhile; try again".into(),
            ))
        }
        Err(e) => return Err(e),
    }
    for note in later {
        crate::cases::commit_note(app, &caller.dealer, note).await?;
    }
    Ok(MergedContact {
        contact: merged,
        consent_changed,
    })
}

/// The contact that stays and the one that goes: two of one person (not the same contact,
/// not two customers' contacts).
async fn the_two(
    app: &App,
    caller: &Caller,
    id: &ContactId,
    into: &ContactId,
) -> Result<(Contact, Contact)> {
    if id == into {
        return Err(Error::invalid(vec![FieldError::new(
            "into",
            "a contact cannot be merged into itself",
        )]));
    }
    let gone = get(app, &caller.dealer, id).await?;
    let keep = get(app, &caller.dealer, into).await?;
    if gone.customer_id.is_some()
        && keep.customer_id.is_some()
        && gone.customer_id != keep.customer_id
    {
        return Err(Error::invalid(vec![FieldError::new(
            "into",
            "the two contacts belong to different customers; only one person's contacts merge",
        )]));
    }
    Ok((keep, gone))
}

/// The survivor on its version, the other gone on its, and every case link, invitation and
/// customer link of the merged-away contact moved to the survivor.
async fn merge_writes(
    app: &App,
    caller: &Caller,
    keep: &Contact,
    gone: &Contact,
    merged: &Contact,
) -> Result<Vec<WriteOp>> {
    let d = &caller.dealer;
    let mut ops = vec![
        store::replace_op(keep.version, merged)?,
        store::delete_op(d, gone),
    ];
    for case in &gone.case_ids {
        ops.push(store::case_link_op(
            d,
            case,
            CaseLink::Listed,
            &merged.id,
            None,
        ));
    }
    for case in invitations_of(app, d, gone).await? {
        let op = store::case_link_op(d, &case, CaseLink::Invited, &merged.id, None);
        if !ops.iter().any(|o| o.key() == op.key()) {
            ops.push(op);
        }
    }
    if let Some(cu) = &merged.customer_id {
        ops.push(store::customer_link_op(d, cu, &merged.id));
    }
    Ok(ops)
}

/// The advisor must see that consent changed, on every case the person is on: the notes that
/// go with the merge while the transaction has room, and the rest, written right after it.
fn consent_notes(
    app: &App,
    caller: &Caller,
    keep: &Contact,
    gone: &Contact,
    merged: &Contact,
    changed: &[ConsentChange],
) -> Result<(Vec<cases::PendingNote>, Vec<cases::PendingNote>)> {
    let (mut now, mut later) = (Vec::new(), Vec::new());
    if changed.is_empty() {
        return Ok((now, later));
    }
    let reasons: Vec<&str> = changed.iter().map(|c| c.reason.as_str()).collect();
    let text = format!(
        "Contacts merged: {} into {}. Consent changed: {}.",
        gone.name,
        keep.name,
        reasons.join("; ")
    );
    for (i, case) in merged.case_ids.iter().enumerate() {
        let note = cases::prepare_note(
            app,
            &caller.dealer,
            case,
            text.clone(),
            cases::Visibility::Internal,
            cases::NoteSource::System,
            cases::author_of(caller),
        )?;
        if i < NOTES_WITH_THE_MERGE {
            now.push(note);
        } else {
            later.push(note);
        }
    }
    Ok((now, later))
}

/// How many case notes go in the merge's own transaction (each is a note and its event:
/// well inside DynamoDB's 100 operations beside the merge's own writes).
const NOTES_WITH_THE_MERGE: usize = 20;
