//! A thread file to a PDF without a server: what `casebridge render` and the fuzz target
//! do with a file (a thread snapshot, or an attach / close body with a `thread` in it).

use casebridge_core::json;
use casebridge_core::ports::TranscriptRenderer;
use casebridge_core::transcripts::{ThreadSnapshot, ThreadState, TranscriptInfo};
use casebridge_core::{Error, Result};

/// Renders a thread file without a server (`casebridge render`): the file holds a thread
/// snapshot, or an attach / close body with a `thread` in it.
pub fn render_file(
    renderer: &dyn TranscriptRenderer,
    json_bytes: &[u8],
    thread_id: &str,
    time_zone: &str,
    now: jiff::Timestamp,
) -> Result<Vec<u8>> {
    // An attach or close body (`{"caseId"?, "thread"}`), else a bare snapshot; read once,
    // straight into the snapshot (a JSON tree of a big thread cost more than its PDF).
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Wrapped {
        #[serde(default)]
        case_id: Option<String>,
        thread: ThreadSnapshot,
    }
    let (case_id, snapshot) = match json::parse::<Wrapped>(json_bytes) {
        Ok(w) => (w.case_id, w.thread),
        Err(Error::BadRequest { errors, .. })
            if errors
                .iter()
                .all(|e| !e.field.starts_with("thread") && e.field != "caseId") =>
        {
            (None, json::parse::<ThreadSnapshot>(json_bytes)?)
        }
        Err(e) => return Err(e),
    };
    let case_id = case_id.unwrap_or_else(|| "(not attached)".to_string());
    let messages = snapshot.validate()?;
    let info = TranscriptInfo {
        dealer: "(rendered locally)".into(),
        case: case_id,
        customer: "—".into(),
        asset: "—".into(),
        thread_id: thread_id.to_string(),
        time_zone: time_zone.to_string(),
        is_final: snapshot.state == ThreadState::Closed,
        generated_at: now,
        content_hash: snapshot.content_hash(),
    };
    if jiff::tz::TimeZone::get(time_zone).is_err() {
        return Err(Error::bad_field(
            "timeZone",
            format!("{time_zone:?} is not an IANA time zone"),
        ));
    }
    renderer.render(&info, &snapshot, &messages)
}
