//! Who authorised a customer's decisions, and on what terms: the approver's full name (the
//! contact's unless they type another), a purchase-order number where the dealer requires
//! one to approve work, and the sentence they agreed to. Kept with each decision of the
//! submission, with where it came from and the version's digest.

use serde::{Deserialize, Serialize};

use super::model::{AllLines, Choice, DecisionsInput};
use crate::error::{Error, FieldError, Result};

pub(crate) const MAX_APPROVER_CHARS: usize = 100;
pub(crate) const MAX_PO_CHARS: usize = 64;

/// Who authorised a submission of decisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Authorisation {
    /// The full name given.
    pub approver: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub po_number: Option<String>,
    /// The sentence the customer agreed to on the page (none when an advisor recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// The dealer's terms for a submission, and the name the form was prefilled with.
#[derive(Debug, Clone)]
pub(crate) struct Authorising {
    pub po_required: bool,
    /// The sentence shown with the form (the customer's page only).
    pub statement: Option<String>,
    /// The contact's name, taken when the form sent none (a page rendered before the
    /// field existed).
    pub default_approver: Option<String>,
    /// Where the PO number is asked ("Lone Star Trucks asks for …").
    pub dealer_name: String,
}

impl Authorising {
    /// The terms on the customer's page: the dealer's, the contact's name prefilled.
    pub(crate) fn on_page(
        dealer: &crate::dealers::Dealer,
        contact_name: &str,
        language: crate::Language,
    ) -> Self {
        Authorising {
            po_required: dealer.settings.po_number_required,
            statement: Some(crate::dealers::authorisation_statement(dealer, language)),
            default_approver: Some(contact_name.to_string()),
            dealer_name: dealer.name.clone(),
        }
    }

    /// The terms when an advisor records the customer's decisions for them.
    pub(crate) fn by_staff(dealer: &crate::dealers::Dealer) -> Self {
        Authorising {
            po_required: dealer.settings.po_number_required,
            statement: None,
            default_approver: None,
            dealer_name: dealer.name.clone(),
        }
    }
}

/// The submission's authorisation, checked: a name that is one line of at most 100
/// characters, a PO number of at most 64, and a PO number when the dealer requires one and
/// the submission approves work. `None` when an advisor gave neither name nor PO.
pub(crate) fn authorise(
    input: &DecisionsInput,
    terms: &Authorising,
) -> Result<Option<Authorisation>> {
    let mut errors = Vec::new();
    let approver = match input.approver.as_deref().map(str::trim) {
        None => terms.default_approver.clone(),
        Some("") if terms.default_approver.is_some() => {
            errors.push(FieldError::new(
                "approver",
                "write your full name: it records who authorised the work",
            ));
            None
        }
        Some("") => None,
        Some(name) => Some(name.to_string()),
    };
    if let Some(name) = &approver {
        one_line(&mut errors, "approver", name, MAX_APPROVER_CHARS);
    }
    let po_number = input
        .po_number
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    if let Some(po) = &po_number {
        one_line(&mut errors, "poNumber", po, MAX_PO_CHARS);
    }
    if terms.po_required && po_number.is_none() && approves_work(input) {
        errors.push(FieldError::new(
            "poNumber",
            format!(
                "{} asks for your purchase-order (PO) number to approve work",
                terms.dealer_name
            ),
        ));
    }
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    if approver.is_none() && po_number.is_none() {
        return Ok(None);
    }
    Ok(Some(Authorisation {
        approver: approver.unwrap_or_default(),
        po_number,
        statement: terms.statement.clone(),
    }))
}

fn approves_work(input: &DecisionsInput) -> bool {
    input.all == Some(AllLines::Approve)
        || input.lines.iter().any(|l| l.decision == Choice::Approve)
}

fn one_line(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        errors.push(FieldError::new(field, format!("at most {max} characters")));
    } else {
        crate::text::require_single_line(errors, field, Some(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(po_required: bool) -> Authorising {
        Authorising {
            po_required,
            statement: Some("I authorise Lone Star Trucks to do the work I approve.".into()),
            default_approver: Some("Jo Fleet".into()),
            dealer_name: "Lone Star Trucks".into(),
        }
    }

    fn input(v: serde_json::Value) -> DecisionsInput {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn the_contacts_name_is_taken_when_the_form_sent_none_and_an_empty_one_is_refused() {
        let plain = input(serde_json::json!({"version": 1, "all": "approve"}));
        let a = authorise(&plain, &terms(false)).unwrap().unwrap();
        assert_eq!(a.approver, "Jo Fleet");
        let emptied = input(serde_json::json!({"version": 1, "all": "approve", "approver": " "}));
        let err = authorise(&emptied, &terms(false)).unwrap_err().to_string();
        assert!(err.contains("approver"), "{err}");
    }

    #[test]
    fn a_po_number_is_required_to_approve_only_where_the_dealer_says_so() {
        let approve =
            input(serde_json::json!({"version": 1, "all": "approve", "approver": "Sam Boss"}));
        let err = authorise(&approve, &terms(true)).unwrap_err().to_string();
        assert!(err.contains("poNumber"), "{err}");
        assert!(authorise(&approve, &terms(false)).is_ok());
        let decline = input(serde_json::json!({"version": 1, "all": "decline"}));
        assert!(
            authorise(&decline, &terms(true)).is_ok(),
            "declining needs no PO"
        );
        let with_po =
            input(serde_json::json!({"version": 1, "all": "approve", "poNumber": " PO-4471 "}));
        let a = authorise(&with_po, &terms(true)).unwrap().unwrap();
        assert_eq!(a.po_number.as_deref(), Some("PO-4471"));
    }

    #[test]
    fn a_long_po_number_or_name_and_a_line_break_are_refused() {
        for bad in [
            serde_json::json!({"version": 1, "all": "approve", "poNumber": "P".repeat(65)}),
            serde_json::json!({"version": 1, "all": "approve", "approver": "J".repeat(101)}),
            serde_json::json!({"version": 1, "all": "approve", "poNumber": "PO\n1"}),
        ] {
            assert!(
                authorise(&input(bad.clone()), &terms(false)).is_err(),
                "{bad}"
            );
        }
        let max =
            input(serde_json::json!({"version": 1, "all": "approve", "poNumber": "P".repeat(64)}));
        assert!(authorise(&max, &terms(false)).is_ok());
    }
}
