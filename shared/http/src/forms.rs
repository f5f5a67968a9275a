//! Forms as a browser posts them (`application/x-www-form-urlencoded`): their fields read
//! within a size limit, and the one form two front ends share, an estimate's decisions (the
//! customer's page, and the reference console recording them for the customer). The field
//! names are the customer's page's (`casebridge_templates::page`).

use axum::extract::Request;
use casebridge_core::estimates::{AllLines, Choice, DecisionsInput, LineDecision};
use casebridge_core::{Error, FieldError};

use crate::extract::read_body;

/// The largest form a page posts: a note of 10,000 characters, urlencoded (up to 12 bytes a
/// character).
pub const MAX_FORM_BYTES: usize = 128 * 1024;

/// A form as a browser posts it (`application/x-www-form-urlencoded`): its fields in the
/// order sent, read within a size limit (a page's forms: the customer's page, the console).
pub struct FormFields(pub Vec<(String, String)>);

impl FormFields {
    pub async fn read(req: Request, limit: usize) -> Result<Self, Error> {
        let body = read_body(req, limit).await?;
        Ok(Self(form_urlencoded::parse(&body).into_owned().collect()))
    }

    /// The field's value when the form sent it (empty or not).
    pub fn sent(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The field's value; empty when it was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.sent(name).unwrap_or("")
    }

    /// Every value sent under `name` (checkboxes of one name), in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
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
        for (k, v) in &self.0 {
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

    fn reason_for(&self, line_id: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k.strip_prefix("reason-") == Some(line_id))
            .map(|(_, r)| r.clone())
            .filter(|r| !r.trim().is_empty())
    }
}
