//! Estimates on a case: lines of parts, labour and fees that the customer approves, defers
//! or declines one by one. Totals are computed here from the lines, never taken from the
//! client; each line carries its approval the way Decisiv's API models it
//! (`approval: {status, reason, reviewedBy, reviewedAt, channel}`). A revision keeps the
//! decision of every line that says what it said, and asks again about the rest.

mod approval;
mod asking;
mod authorisation;
mod decisions;
mod model;
mod photos;
mod printing;
mod quick_actions;
mod reminders;
mod revising;
mod service;
pub mod store;
mod sums;
mod wording;

pub use approval::*;
pub use asking::*;
pub use authorisation::Authorisation;
pub(crate) use authorisation::{authorise, Authorising};
pub use decisions::*;
pub use model::*;
pub use photos::{
    add_photo, check_upload, line_photos, remove_photo, LinePhotos, PhotoChecked, PhotoInput,
    PhotoStatus, PhotoUpload, PhotoView, MAX_PHOTO_BYTES, PHOTO_TYPES,
};
pub(crate) use photos::{photo_link, shown_photos};
pub use printing::{version_pdf, version_pdf_for};
pub use quick_actions::{QuickAction, QuickActionRequest};
pub(crate) use reminders::record_opened;
pub use reminders::send_approval_reminders;
pub use service::*;
pub use sums::*;
pub(crate) use wording::asked_names;
pub use wording::{decision_sentence, kind_word, sections, total_rows, with_authorisation};

pub use quick_actions::run as quick_action;

#[cfg(test)]
pub(crate) mod fixtures {
    use super::EstimateInput;

    pub fn input(json: serde_json::Value) -> EstimateInput {
        serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Line ids l1, l2, … in order.
    pub fn ids() -> impl FnMut() -> String {
        let mut n = 0;
        move || {
            n += 1;
            format!("l{n}")
        }
    }
}
