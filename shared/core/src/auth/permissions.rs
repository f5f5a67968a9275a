//! Who may do what on the administration side, as one table (`RULES`); the README prints
//! the same table (a test keeps the two equal).
//!
//! A rule names the roles that may act; the scope follows from the role: a platform admin
//! acts on every OEM and dealer, an OEM admin on its own OEM and that OEM's dealers, a
//! dealer admin or an advisor on its own dealer. Outside the scope the dealer or OEM is "not
//! found" (404), exactly as if it did not exist; inside it, a role the rule does not name
//! is refused (403) with who may.

use super::{Principal, Role};
use crate::dealers::Dealer;
use crate::error::{Error, Result};
use crate::ids::OemId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    OnboardOem,
    OnboardDealer,
    ListOemDealers,
    ReadDealerSettings,
    SwitchProkeepConnector,
    SwitchMobileCommunications,
    SetReplyModePolicy,
    SetReplyMode,
    ChangeLocationSettings,
    ManageConnectorSecrets,
    SetPartnerCredentials,
    SetMessagingIdentity,
    ListProkeepGroups,
    ReadActivity,
    RebuildSearchIndex,
}

pub(crate) struct Rule {
    pub action: Action,
    /// What it is, in the README's words.
    pub what: &'static str,
    pub roles: &'static [Role],
}

use Role::{Advisor, DealerAdmin, OemAdmin, PlatformAdmin};

pub(crate) const RULES: &[Rule] = &[
    Rule {
        action: Action::OnboardOem,
        what: "onboard an OEM (`POST /v1/oems`)",
        roles: &[PlatformAdmin],
    },
    Rule {
        action: Action::OnboardDealer,
        what: "onboard a dealer location (`POST /v1/dealers`)",
        roles: &[PlatformAdmin],
    },
    Rule {
        action: Action::ListOemDealers,
        what: "list an OEM's dealers (`GET /v1/oems/{oemId}/dealers`)",
        roles: &[PlatformAdmin, OemAdmin],
    },
    Rule {
        action: Action::ReadDealerSettings,
        what: "read a dealer's settings",
        roles: &[PlatformAdmin, OemAdmin, DealerAdmin],
    },
    Rule {
        action: Action::SwitchProkeepConnector,
        what: "turn the Prokeep connector on or off (`prokeepConnectorEnabled`)",
        roles: &[PlatformAdmin],
    },
    Rule {
        action: Action::SwitchMobileCommunications,
        what: "turn mobile communications (texts, emails, the page) on or off per location (`mobileCommunicationsEnabled`)",
        roles: &[OemAdmin],
    },
    Rule {
        action: Action::SetReplyModePolicy,
        what: "set the OEM's reply-mode policy (`PUT /v1/oems/{oemId}/sms-policy`)",
        roles: &[OemAdmin],
    },
    Rule {
        action: Action::SetReplyMode,
        what: "choose the location's reply mode (`smsReplyMode`; dealer admins only where the OEM allows)",
        roles: &[OemAdmin, DealerAdmin],
    },
    Rule {
        action: Action::ChangeLocationSettings,
        what: "time zone, Procede search, parts counter uses Prokeep, Prokeep groups, reminder minutes, tax rate, customer phone and address, PO numbers, authorisation sentence, approval reminder hours",
        roles: &[DealerAdmin],
    },
    Rule {
        action: Action::ManageConnectorSecrets,
        what: "create (shown once), list and revoke connector secrets",
        roles: &[PlatformAdmin],
    },
    Rule {
        action: Action::SetPartnerCredentials,
        what: "set the Prokeep API credentials and the Procede API key (never shown again)",
        roles: &[PlatformAdmin, DealerAdmin],
    },
    Rule {
        action: Action::SetMessagingIdentity,
        what: "set the SMS origination number and the email sender",
        roles: &[PlatformAdmin],
    },
    Rule {
        action: Action::ListProkeepGroups,
        what: "list the Prokeep groups to escalate to (`GET /v1/dealers/{dealerId}/prokeep-groups`)",
        roles: &[PlatformAdmin, OemAdmin, DealerAdmin, Advisor],
    },
    Rule {
        action: Action::ReadActivity,
        what: "read the location's customer activity (`GET /v1/dealers/{dealerId}/activity`)",
        roles: &[PlatformAdmin, OemAdmin, DealerAdmin, Advisor],
    },
    Rule {
        action: Action::RebuildSearchIndex,
        what: "write the search index of records stored before it existed (`POST /v1/dealers/{dealerId}/reindex`)",
        roles: &[PlatformAdmin],
    },
];

fn rule(action: Action) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.action == action)
        .unwrap_or_else(|| unreachable!("every action has a rule"))
}

/// The roles that may do `action` (to say who may, where a person may not).
pub fn who_may(action: Action) -> &'static [Role] {
    rule(action).roles
}

pub fn may(role: Role, action: Action) -> bool {
    rule(action).roles.contains(&role)
}

fn refused(action: Action) -> Error {
    let r = rule(action);
    let who: Vec<&str> = r.roles.iter().map(|r| r.as_str()).collect();
    Error::Forbidden(format!("only {} may {}", who.join(" or "), r.what))
}

/// May `p` do `action` at all (platform-wide actions: onboarding an OEM or a dealer)?
pub fn check(p: &Principal, action: Action) -> Result<()> {
    if may(p.role, action) {
        Ok(())
    } else {
        Err(refused(action))
    }
}

/// Whether `dealer` is within `p`'s reach.
pub(crate) fn reaches_dealer(p: &Principal, dealer: &Dealer) -> bool {
    match p.role {
        PlatformAdmin => true,
        OemAdmin => p.oem.as_deref() == Some(dealer.oem_id.as_str()),
        DealerAdmin | Advisor => p.dealer.as_ref() == Some(&dealer.id),
    }
}

/// May `p` do `action` on `dealer`? Out of reach is 404 (as if it did not exist).
pub(crate) fn check_dealer(p: &Principal, action: Action, dealer: &Dealer) -> Result<()> {
    if !reaches_dealer(p, dealer) {
        return Err(Error::not_found(format!("dealer {}", dealer.id)));
    }
    check(p, action)
}

/// May `p` do `action` on OEM `oem_id`? Another OEM's admin, or a dealer's user, gets 404.
pub(crate) fn check_oem(p: &Principal, action: Action, oem_id: &OemId) -> Result<()> {
    let reaches = match p.role {
        PlatformAdmin => true,
        OemAdmin => p.oem.as_deref() == Some(oem_id.as_str()),
        DealerAdmin | Advisor => false,
    };
    if !reaches {
        return Err(Error::not_found(format!("OEM {oem_id}")));
    }
    check(p, action)
}

/// The table as the README prints it.
pub fn table_markdown() -> String {
    let mut out = String::from(
        "| what | platform_admin | oem_admin (its OEM) | dealer_admin (its dealer) | advisor (its dealer) |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        let mark = |role: Role| if r.roles.contains(&role) { "yes" } else { "" };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            r.what,
            mark(PlatformAdmin),
            mark(OemAdmin),
            mark(DealerAdmin),
            mark(Advisor)
        ));
    }
    out
}
