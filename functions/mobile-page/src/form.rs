//! The page's forms as the browser posts them (`application/x-www-form-urlencoded`), read
//! into what the core records. The field names are the templates'
//! (`casebridge_templates::page`); the function that serves those pages reads them.

use axum::extract::Request;
use casebridge_core::estimates::{AllLines, Choice, DecisionsInput, LineDecision};
use casebridge_core::{Error, FieldError};
use casebridge_http::extract::FormFields;

/// A reply is a note: at most 10,000 characters, urlencoded (up to 12 bytes a character).
const MAX_FORM_BYTES: usize = 128 * 1024;

/// A form's fields, in the order sent.
pub struct Fields(FormFields);

/// A form already read (the reference console reads its own, then decides with these rules).
impl From<FormFields> for Fields {
    fn from(form: FormFields) -> Self {
        Fields(form)
    }
}

impl Fields {
    pub async fn read(req: Request) -> Result<Self, Error> {
        Ok(Self(FormFields::read(req, MAX_FORM_BYTES).await?))
    }

    /// The field's value; empty when it was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name)
    }

    /// The decisions form: `version`, `line-<lineId>` = approve | defer | decline,
    /// `reason-<lineId>`, `all` = approve | decline for every line left unchosen, and the
    /// authorisation: `approver` (full name) and `poNumber`.
    pub fn decisions(&self) -> Result<DecisionsInput, Error> {
        let mut version = None;
        let mut lines = Vec::new();
        let mut errors = Vec::new();
        let all = match self.get("all") {
            "" => None,
            raw => {
                let all = AllLines::parse(raw);
                if all.is_none() {
                    errors.push(FieldError::new("all", "approve all or decline all"));
                }
                all
            }
        };
        for (k, v) in &self.0 .0 {
            if k == "version" {
                version = v.parse::<u32>().ok();
            }
            let Some(line_id) = k.strip_prefix("line-") else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            match Choice::parse(v) {
                Some(decision) => lines.push(LineDecision {
                    line_id: line_id.to_string(),
                    decision,
                    reason: self.reason_for(line_id),
                }),
                None => errors.push(FieldError::new(
                    k.as_str(),
                    "choose approve, defer or decline",
                )),
            }
        }
        let Some(version) = version else {
            return Err(Error::bad_field(
                "version",
                "send the decisions from the page's form",
            ));
        };
        if !errors.is_empty() {
            return Err(Error::invalid(errors));
        }
        Ok(DecisionsInput {
            version,
            lines,
            all,
            // Absent (a page rendered before the fields) is not the same as sent empty.
            approver: self.sent("approver").map(str::to_string),
            po_number: self.sent("poNumber").map(str::to_string),
        })
    }

    /// The field's value when the form sent it (empty or not).
    fn sent(&self, name: &str) -> Option<&str> {
        self.0.sent(name)
    }

    fn reason_for(&self, line_id: &str) -> Option<String> {
        self.0
             .0
            .iter()
            .find(|(k, _)| k.strip_prefix("reason-") == Some(line_id))
            .map(|(_, r)| r.clone())
            .filter(|r| !r.trim().is_empty())
    }
}
