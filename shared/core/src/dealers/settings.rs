//! A location's settings: what its admins (and, for some switches, its OEM) set, the rules
//! serde cannot express, and what the customer sees of the location (its name, address and
//! the number to call), which every customer page shows.

use serde::{Deserialize, Serialize};

use super::{is_safe_id, Dealer, ProkeepGroup, ReplyMode};
use crate::error::{Error, FieldError};

/// What a dealer admin may change about the location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DealerSettings {
    /// IANA zone, e.g. `America/Chicago`; timestamps shown to people use it.
    #[schema(min_length = 1)]
    pub time_zone: String,
    pub prokeep_connector_enabled: bool,
    /// Texts, emails and the mobile page for this location's customers (the OEM's switch).
    /// Dealers stored before the switch existed keep communicating.
    #[serde(default = "on")]
    pub mobile_communications_enabled: bool,
    pub parts_counter_uses_prokeep: bool,
    #[serde(default)]
    pub prokeep_groups: Vec<ProkeepGroup>,
    pub procede_search_enabled: bool,
    /// The location's reply mode where the OEM lets dealer admins choose; else the OEM default.
    #[serde(default)]
    pub sms_reply_mode: Option<ReplyMode>,
    /// Minutes before an unclaimed parts escalation is re-sent.
    #[serde(default = "default_reminder_minutes")]
    #[schema(minimum = 1, maximum = 1440)]
    pub parts_reminder_minutes: u32,
    /// The location's country (ISO 3166 alpha-2): mobiles typed without a `+` are read as
    /// its national numbers (`214-555-0100` is `+12145550100` in `US` and `CA`).
    #[serde(default = "default_country")]
    #[schema(pattern = "^[A-Z]{2}$", example = "US")]
    pub country: String,
    /// Where the Case application shows a case, with `{caseId}` for its id (e.g.
    /// `https://case.example/cases/{caseId}`): messages to the parts counter link back to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 500, example = "https://case.example/cases/{caseId}")]
    pub case_url_template: Option<String>,
    /// The sales tax estimates compute on their taxable lines, in percent (8.25), at most
    /// three decimals; absent, an advisor types an estimate's tax as one sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 0, maximum = 30, example = 8.25)]
    pub tax_rate_percent: Option<f64>,
    /// The number customers call about their cases (E.164; typed as people write it, read in
    /// the location's country). Absent, the pages give the number the location texts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "+12145550199")]
    pub customer_phone: Option<String>,
    /// The location's street address as customers read it, on one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 200, example = "2400 Commerce St, Dallas, TX 75201")]
    pub address: Option<String>,
    /// Whether a customer approving estimate lines must give a purchase-order number.
    #[serde(default)]
    pub po_number_required: bool,
    /// The sentence a customer agrees to when they send decisions; absent, the standard one
    /// ("I authorise <dealer> to do the work I approve, for the amounts shown.").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 300)]
    pub authorisation_text: Option<String>,
    /// Hours after an approval request before an unanswered one is sent again (at most two
    /// reminders, none once every asked line is decided).
    #[serde(default = "default_approval_reminder_hours")]
    #[schema(minimum = 1, maximum = 168)]
    pub approval_reminder_hours: u32,
}

impl DealerSettings {
    /// The link to a case in the Case application, when the dealer set where cases are.
    pub(crate) fn case_url(&self, case_id: &str) -> Option<String> {
        self.case_url_template
            .as_deref()
            .map(|t| t.replace("{caseId}", case_id))
    }
}

/// `PATCH /v1/dealers/{dealerId}/settings`: any of the settings (the rest stay as they are).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DealerSettingsPatch {
    #[schema(min_length = 1)]
    pub time_zone: Option<String>,
    pub prokeep_connector_enabled: Option<bool>,
    pub mobile_communications_enabled: Option<bool>,
    pub parts_counter_uses_prokeep: Option<bool>,
    pub prokeep_groups: Option<Vec<ProkeepGroup>>,
    pub procede_search_enabled: Option<bool>,
    pub sms_reply_mode: Option<ReplyMode>,
    #[schema(minimum = 1, maximum = 1440)]
    pub parts_reminder_minutes: Option<u32>,
    /// `null` goes back to a typed tax.
    #[schema(minimum = 0, maximum = 30)]
    pub tax_rate_percent: Option<f64>,
    /// `null` goes back to the texting number.
    pub customer_phone: Option<String>,
    #[schema(max_length = 200)]
    pub address: Option<String>,
    pub po_number_required: Option<bool>,
    /// `null` goes back to the standard sentence.
    #[schema(max_length = 300)]
    pub authorisation_text: Option<String>,
    #[schema(minimum = 1, maximum = 168)]
    pub approval_reminder_hours: Option<u32>,
}

fn default_reminder_minutes() -> u32 {
    15
}

fn default_approval_reminder_hours() -> u32 {
    24
}

fn default_country() -> String {
    "US".into()
}

fn on() -> bool {
    true
}

impl DealerSettings {
    /// A new location's settings: every switch off until the people it belongs to turn it on.
    pub fn new_location(time_zone: String) -> Self {
        DealerSettings {
            time_zone,
            prokeep_connector_enabled: false,
            mobile_communications_enabled: false,
            parts_counter_uses_prokeep: false,
            prokeep_groups: vec![],
            procede_search_enabled: false,
            sms_reply_mode: None,
            parts_reminder_minutes: default_reminder_minutes(),
            country: default_country(),
            case_url_template: None,
            tax_rate_percent: None,
            customer_phone: None,
            address: None,
            po_number_required: false,
            authorisation_text: None,
            approval_reminder_hours: default_approval_reminder_hours(),
        }
    }
}

impl DealerSettings {
    /// Checks the rules serde cannot express.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if jiff::tz::TimeZone::get(&self.time_zone).is_err() {
            errors.push(FieldError::new(
                "timeZone",
                format!(
                    "{:?} is not an IANA time zone (for example America/Chicago)",
                    self.time_zone
                ),
            ));
        }
        if let Some(t) = &self.case_url_template {
            let ok = t.starts_with("https://")
                && t.contains("{caseId}")
                && t.chars().count() <= 500
                && !t.chars().any(|c| c.is_whitespace() || c.is_control());
            if !ok {
                errors.push(FieldError::new(
                    "caseUrlTemplate",
                    "an https:// address with {caseId} where the case's id goes (for example https://case.example/cases/{caseId})",
                ));
            }
        }
        if crate::phones::phone_country(&self.country).is_none() {
            errors.push(FieldError::new(
                "country",
                format!(
                    "{:?} is not a country code (ISO 3166 alpha-2, for example US or CA)",
                    self.country
                ),
            ));
        }
        self.check_groups(&mut errors);
        if self
            .tax_rate_percent
            .is_some_and(|r| !crate::estimates::is_tax_rate(r))
        {
            errors.push(FieldError::new(
                "taxRatePercent",
                "a percentage from 0 to 30 with at most three decimals (for example 8.25)",
            ));
        }
        self.check_customer_side(&mut errors);
        if !(1..=24 * 60).contains(&self.parts_reminder_minutes) {
            errors.push(FieldError::new(
                "partsReminderMinutes",
                "must be between 1 and 1440 minutes",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::invalid(errors))
        }
    }

    /// What customers read of the location: one line each, within bounds, a number that is
    /// one (normalised to E.164 by [`Self::normalise`] before this runs).
    fn check_customer_side(&self, errors: &mut Vec<FieldError>) {
        if let Some(p) = &self.customer_phone {
            if !crate::phones::is_e164(p) {
                errors.push(FieldError::new(
                    "customerPhone",
                    format!("{p:?} is not a phone number customers can call (for example 214-555-0199 or +12145550199)"),
                ));
            }
        }
        for (field, value, max) in [
            ("address", &self.address, MAX_ADDRESS_CHARS),
            (
                "authorisationText",
                &self.authorisation_text,
                MAX_AUTHORISATION_CHARS,
            ),
        ] {
            let Some(v) = value else { continue };
            if v.trim().is_empty() || v.chars().count() > max {
                errors.push(FieldError::new(field, format!("1 to {max} characters")));
            } else {
                crate::text::require_single_line(errors, field, Some(v));
            }
        }
        if !(1..=7 * 24).contains(&self.approval_reminder_hours) {
            errors.push(FieldError::new(
                "approvalReminderHours",
                "must be between 1 and 168 hours (a week)",
            ));
        }
    }

    /// The settings as stored: the customer phone in E.164 (read in the location's
    /// country), one-line texts trimmed. A number that cannot be read stays as typed, for
    /// [`Self::validate`] to refuse with its field.
    pub(crate) fn normalise(&mut self) {
        if let Some(p) = &self.customer_phone {
            if let Ok(e164) = crate::phones::read_mobile(p, &self.country) {
                self.customer_phone = Some(e164);
            }
        }
        for v in [&mut self.address, &mut self.authorisation_text]
            .into_iter()
            .flatten()
        {
            *v = v.trim().to_string();
        }
    }

    /// Each Prokeep group: a key-safe id, listed once, with a name.
    fn check_groups(&self, errors: &mut Vec<FieldError>) {
        let mut ids = std::collections::HashSet::new();
        for (i, g) in self.prokeep_groups.iter().enumerate() {
            if !is_safe_id(&g.id) {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].id"),
                    "a group id is 1 to 64 letters, digits, '-' or '_'",
                ));
            } else if !ids.insert(g.id.as_str()) {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].id"),
                    format!("group {:?} is listed twice", g.id),
                ));
            }
            if g.name.trim().is_empty() {
                errors.push(FieldError::new(
                    format!("prokeepGroups[{i}].name"),
                    "a group needs a name",
                ));
            }
        }
    }
}

const MAX_ADDRESS_CHARS: usize = 200;
const MAX_AUTHORISATION_CHARS: usize = 300;

/// What a customer page shows of the location on every page, error pages included: its
/// name, address and the number to call (`tel:` wants E.164, people read the other form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DealerFront {
    pub name: String,
    pub address: Option<String>,
    /// `(214) 555-0199` and `+12145550199`.
    pub phone: Option<(String, String)>,
}

impl DealerFront {
    pub fn of(dealer: &Dealer) -> Self {
        let number = dealer
            .settings
            .customer_phone
            .clone()
            .or_else(|| dealer.sms_origination_number.clone());
        DealerFront {
            name: dealer.name.clone(),
            address: dealer.settings.address.clone(),
            phone: number.map(|n| (phone_for_people(&n), n)),
        }
    }
}

/// `+12145550000` → `(214) 555-0000`; other numbers as they are.
pub(crate) fn phone_for_people(e164: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
        }
        _ => e164.to_string(),
    }
}

/// The sentence a customer agrees to when they send decisions: the dealer's own words, else
/// the standard sentence in the page's language.
pub(crate) fn authorisation_statement(dealer: &Dealer, language: crate::Language) -> String {
    dealer
        .settings
        .authorisation_text
        .clone()
        .unwrap_or_else(|| {
            crate::words::say(
                language,
                "authorise-statement",
                &[("dealer", (&dealer.name).into())],
            )
        })
}
