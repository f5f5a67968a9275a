//! The Prokeep stand-in (`/console/prokeep`): what the location's Prokeep users see, so the
//! seeds that start in Prokeep can be walked locally. An advisor opens a conversation
//! thread, picks "Decisiv integration" and the case, and the thread goes onto the case as a
//! PDF; closing the thread makes that PDF final. The parts counter's inbox shows each
//! escalation as Prokeep received it, with Claim, Parts Ordered and Parts Received. Every
//! step reaches casebridge as the real connector's signed call does ([`super::connector`]).

use axum::extract::{Path, State};
use axum::response::Redirect;
use casebridge_core::cases::CaseSummary;
use casebridge_core::ports::transcripts::ThreadState;
use casebridge_core::{parts, Error};
use casebridge_http::QueryMap;
use serde_json::json;

use super::connector::call;
use super::prokeep_pages::{self, Arrived};
use super::prokeep_threads::{Sample, SAMPLES};
use super::{ConsoleState, Page, PageResult, Person, PersonForm, Refused};

fn sample(id: &str) -> Result<&'static Sample, Refused> {
    Sample::find(id).ok_or_else(|| Error::not_found(format!("Prokeep thread {id}")).into())
}

/// `GET /console/prokeep`: the threads, and the counter's inbox.
pub async fn home(State(s): State<ConsoleState>, person: Person) -> PageResult {
    let threads: Vec<_> = SAMPLES
        .iter()
        .map(|t| {
            let closed = s.standin.is_closed(&person.dealer, t.id);
            (t, closed, s.standin.attached(&person.dealer, t.id))
        })
        .collect();
    let inbox = inbox(&s, &person).await?;
    Ok(Page(prokeep_pages::home(&person, &threads, &inbox)))
}

/// What Prokeep received for the location's groups, newest first, one entry a request (its
/// reminder folded in), each with what the counter did about it.
async fn inbox(s: &ConsoleState, person: &Person) -> Result<Vec<Arrived>, Error> {
    let secrets = s.app.secrets.dealer(&person.dealer).await?;
    let Some(account) = secrets.prokeep_api.map(|c| c.username) else {
        return Ok(Vec::new());
    };
    // Prokeep shows its group by name.
    let groups = person.location(&s.app).await?.settings.prokeep_groups;
    let group_name = |id: &str| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| id.to_string(), |g| g.name.clone())
    };
    let mut seen = std::collections::HashSet::new();
    let mut arrived = Vec::new();
    for line in s.prokeep_sent.iter().flat_map(|p| p.recorded()).rev() {
        if line["username"].as_str() != Some(account.as_str()) {
            continue;
        }
        let text = line["text"].as_str().unwrap_or_default().to_string();
        let Some(reference) = parts::request_in_prokeep_text(&text).map(str::to_string) else {
            continue;
        };
        if seen.insert(reference.clone()) {
            arrived.push(Arrived {
                steps: s.standin.steps(&person.dealer, &reference),
                group: group_name(line["to"].as_str().unwrap_or_default()),
                at: line["at"].as_str().and_then(|t| t.parse().ok()),
                reference,
                text,
            });
        }
    }
    Ok(arrived)
}

/// `GET /console/prokeep/threads/{threadId}`: the conversation.
pub async fn thread(
    State(s): State<ConsoleState>,
    person: Person,
    Path(id): Path<String>,
    q: QueryMap,
) -> PageResult {
    let t = sample(&id)?;
    let closed = s.standin.is_closed(&person.dealer, t.id);
    let attached = s.standin.attached(&person.dealer, t.id);
    // What the last step did, by name (`?done=`), in the page's own words.
    let said = match q.get("done") {
        Some("attached") => attached
            .last()
            .map(|on| format!("The transcript is on {on}.")),
        Some("closed") => Some(match q.get("final").and_then(|n| n.parse::<i64>().ok()) {
            Some(n) if n > 0 => format!(
                "Thread closed; {} now final.",
                casebridge_core::text::count(n, "transcript is", "transcripts are")
            ),
            _ => "Thread closed. It was on no case, so no transcript changed.".to_string(),
        }),
        _ => None,
    };
    Ok(Page(prokeep_pages::thread(
        &person,
        t,
        closed,
        &attached,
        said.as_deref(),
    )))
}

/// `GET /console/prokeep/threads/{threadId}/decisiv?q=`: "Decisiv integration" — the
/// location's open cases, as the connector's picker lists them.
pub async fn decisiv(
    State(s): State<ConsoleState>,
    person: Person,
    Path(id): Path<String>,
    q: QueryMap,
) -> PageResult {
    let t = sample(&id)?;
    let words = q.get("q").unwrap_or_default();
    let path = format!(
        "/v1/prokeep/open-cases?q={}",
        form_urlencoded::byte_serialize(words.as_bytes()).collect::<String>()
    );
    let open: OpenCases = call(&s, &person.dealer, "GET", &path, None).await?;
    Ok(Page(prokeep_pages::decisiv(&person, t, words, &open.items)))
}

/// The page of open cases the picker answers (the first page is what a person scans).
#[derive(serde::Deserialize)]
struct OpenCases {
    items: Vec<CaseSummary>,
}

/// `POST /console/prokeep/threads/{threadId}/attachments`: the thread onto the chosen case.
pub async fn attach(
    State(s): State<ConsoleState>,
    Path(id): Path<String>,
    PersonForm { person, form }: PersonForm,
) -> Result<Redirect, Refused> {
    let t = sample(&id)?;
    let dealer = person.location(&s.app).await?;
    let state = if s.standin.is_closed(&person.dealer, t.id) {
        ThreadState::Closed
    } else {
        ThreadState::Open
    };
    let body = json!({"caseId": form.get("case"), "thread": t.snapshot(&dealer.name, state)});
    let path = format!("/v1/prokeep/threads/{}/attachments", t.id);
    let _: serde_json::Value = call(&s, &person.dealer, "POST", &path, Some(&body)).await?;
    s.standin
        .attach(&person.dealer, t.id, form.get("label").to_string());
    Ok(back_to_thread(t, "done=attached"))
}

/// `POST /console/prokeep/threads/{threadId}/close`: the draft transcripts become final.
pub async fn close(
    State(s): State<ConsoleState>,
    Path(id): Path<String>,
    PersonForm { person, form: _ }: PersonForm,
) -> Result<Redirect, Refused> {
    let t = sample(&id)?;
    let dealer = person.location(&s.app).await?;
    let body = json!({"thread": t.snapshot(&dealer.name, ThreadState::Closed)});
    let path = format!("/v1/prokeep/threads/{}/close", t.id);
    let closed: serde_json::Value = call(&s, &person.dealer, "POST", &path, Some(&body)).await?;
    s.standin.close(&person.dealer, t.id);
    let n = closed["attachments"].as_array().map_or(0, Vec::len);
    Ok(back_to_thread(t, &format!("done=closed&final={n}")))
}

fn back_to_thread(t: &Sample, done: &str) -> Redirect {
    Redirect::to(&format!("/console/prokeep/threads/{}?{done}", t.id))
}

/// `POST /console/prokeep/parts-requests/{reference}/events`: the counter's step, sent as
/// the connector's signed callback (`type` claimed, ordered or received; an order's
/// confirmation and ETA).
pub async fn counter_step(
    State(s): State<ConsoleState>,
    Path(reference): Path<String>,
    PersonForm { person, form }: PersonForm,
) -> Result<Redirect, Refused> {
    let kind = form.get("type");
    let mut data = serde_json::Map::new();
    for (field, name) in [("confirmation", "confirmation"), ("eta", "eta")] {
        let v = form.get(field).trim();
        if !v.is_empty() {
            data.insert(name.into(), v.into());
        }
    }
    let event = json!({
        "eventId": uuid::Uuid::new_v4().to_string(),
        "type": kind,
        "occurredAt": s.app.clock.now(),
        "actor": {"name": person.name},
        "data": data,
    });
    let path = format!(
        "/v1/prokeep/parts-requests/{}/events",
        form_urlencoded::byte_serialize(reference.as_bytes()).collect::<String>()
    );
    let answer: serde_json::Value = call(&s, &person.dealer, "POST", &path, Some(&event)).await?;
    let step = prokeep_pages::step_said(kind, &data, answer["state"].as_str().unwrap_or("?"));
    s.standin.record_step(&person.dealer, &reference, step);
    Ok(Redirect::to("/console/prokeep#inbox"))
}
