//! `casebridge seed-demo`: OEM `demo-oem`, dealers `demo-dealer-1` (Prokeep connector on,
//! parts counter in Prokeep, group `parts-counter`, Procede search on, America/Chicago) and
//! `demo-dealer-2` (same OEM, everything off), and a few open cases for each.
//! Everything has fixed ids and fixed content, so a second run changes nothing.

use casebridge_core::cases::{self, Asset, Author, Case, CaseStatus, Customer, StatusChange};
use casebridge_core::dealers::{
    self, ConnectorSecretInfo, Dealer, DealerId, DealerSettings, Oem, ProkeepGroup, ReplyMode,
    SmsPolicy,
};
use casebridge_core::ids::{CaseId, OemId};
use casebridge_core::ports::{ConnectorSecret, DealerSecrets, ProkeepCredentials};
use casebridge_core::{App, Result};

pub const OEM: &str = "demo-oem";
pub const DEALER_1: &str = "demo-dealer-1";
pub const DEALER_2: &str = "demo-dealer-2";

/// Demo connector secrets are fixed so the seed is repeatable; never use them elsewhere.
pub fn demo_connector_secret(dealer: &str) -> String {
    format!("{dealer}-demo-connector-secret")
}

fn dealer(id: &str, name: &str, on: bool) -> Result<Dealer> {
    Ok(Dealer {
        id: DealerId::parse(id)?,
        name: name.into(),
        oem_id: OemId::parse(OEM)?,
        settings: DealerSettings {
            prokeep_connector_enabled: on,
            mobile_communications_enabled: true,
            parts_counter_uses_prokeep: on,
            prokeep_groups: if on {
                vec![ProkeepGroup {
                    id: "parts-counter".into(),
                    name: "Parts Counter".into(),
                }]
            } else {
                vec![]
            },
            procede_search_enabled: on,
            address: Some(if on {
                "2400 Commerce St, Dallas, TX 75201".into()
            } else {
                "1200 E 11th St, Tulsa, OK 74120".into()
            }),
            // The rest as a new location starts.
            ..DealerSettings::new_location("America/Chicago".into())
        },
        connector_secret_ids: vec![ConnectorSecretInfo {
            id: DEMO_SECRET_ID.into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
        }],
        sms_origination_number: Some(if on {
            "+12145550000".into()
        } else {
            "+19185550000".into()
        }),
        email_from_address: Some(format!("service@{id}.example")),
        credentials: casebridge_core::dealers::CredentialsSet {
            prokeep_api_set_at: on.then_some(jiff::Timestamp::UNIX_EPOCH),
            procede_api_key_set_at: on.then_some(jiff::Timestamp::UNIX_EPOCH),
        },
        reply_mode_set_by_oem: false,
        version: 1,
    })
}

const CASES: &[(&str, &str, &str, &str, &str, &str)] = &[
    // (customer, unit, vin, make, model, opened at)
    (
        "Johnson Tires",
        "T-101",
        "1XKYD49X0MJ441256",
        "Kenworth",
        "T680",
        "2026-11-02T14:05:00Z",
    ),
    (
        "John Deere Logistics",
        "JD-7",
        "3AKJHHDR5KSKE1234",
        "Freightliner",
        "Cascadia",
        "2026-11-09T16:30:00Z",
    ),
    (
        "Prairie Haulers",
        "PH-22",
        "1M1AN07Y6KM001234",
        "Mack",
        "Anthem",
        "2026-11-16T09:15:00Z",
    ),
];

fn demo_case(dealer: &DealerId, n: usize) -> Result<Case> {
    let (customer, unit, vin, make, model, opened) = CASES[n];
    let opened_at: jiff::Timestamp = opened
        .parse()
        .map_err(|e| casebridge_core::Error::Internal(format!("demo timestamp: {e}")))?;
    Ok(Case {
        id: CaseId::parse(&format!("{dealer}-case-{}", n + 1))?,
        number: cases::FIRST_CASE_NUMBER + n as u64,
        dealer_id: dealer.clone(),
        status: CaseStatus::Open,
        customer: Customer {
            name: customer.into(),
            id: None,
            number: None,
        },
        asset: Asset {
            unit_number: unit.into(),
            vin: Some(vin.into()),
            make: Some(make.into()),
            model: Some(model.into()),
        },
        opened_at,
        updated_at: opened_at,
        closed_at: None,
        status_history: vec![StatusChange {
            status: CaseStatus::Open,
            from: None,
            at: opened_at,
            by: Author {
                id: None,
                name: "seed-demo".into(),
            },
        }],
        version: 1,
    })
}

const DEMO_SECRET_ID: &str = "demo-connector-secret";

/// A demo dealer's secrets (fixed, like everything in the demo).
fn secrets(id: &str, on: bool) -> DealerSecrets {
    DealerSecrets {
        connector: vec![ConnectorSecret {
            id: DEMO_SECRET_ID.into(),
            secret: demo_connector_secret(id).into(),
        }],
        prokeep_api: on.then(|| ProkeepCredentials {
            username: format!("{id}-prokeep"),
            password: format!("{id}-demo-password").into(),
            sender: "casebridge".into(),
        }),
        procede_api_key: on.then(|| format!("{id}-demo-procede-key").into()),
    }
}

/// Loads the demo data; answers how many records were new.
pub async fn seed(app: &App) -> Result<usize> {
    let mut new = 0;
    let oem = Oem {
        id: OemId::parse(OEM)?,
        name: "Demo Trucks OEM".into(),
        sms_policy: SmsPolicy {
            default_mode: ReplyMode::MobileOnly,
            dealer_admins_may_change: true,
        },
    };
    new += dealers::seed_oem(app, &oem).await? as usize;
    for (id, name, on) in [
        (DEALER_1, "Demo Truck Center Dallas", true),
        (DEALER_2, "Demo Truck Center Tulsa", false),
    ] {
        let d = dealer(id, name, on)?;
        new += dealers::seed_dealer(app, &d).await? as usize;
        let wanted = secrets(id, on);
        if app.secrets.dealer(&d.id).await?.to_document() != wanted.to_document() {
            app.secrets.put_dealer(&d.id, &wanted).await?;
        }
        for n in 0..CASES.len() {
            new += cases::seed_case(app, &demo_case(&d.id, n)?).await? as usize;
        }
    }
    Ok(new)
}
