//! The dealers and OEMs every scenario starts from.

use casebridge_core::dealers::{
    ConnectorSecretInfo, Dealer, DealerId, DealerSettings, Oem, ProkeepGroup, ReplyMode, SmsPolicy,
};
use casebridge_core::ids::OemId;
use casebridge_core::ports::{ConnectorSecret, DealerSecrets, ProkeepCredentials};
use casebridge_core::App;

/// The test dealers email from this domain (a verified SES identity on moto).
pub const DEALERS_EMAIL_DOMAIN: &str = "dealers.example";

/// OEM `oem-a` (dealers `d1`, `d2`; dealer admins may not change the reply mode) and OEM
/// `oem-b` (dealer `d3`).
pub async fn seed_dealers(app: &App) {
    for (id, may_change) in [("oem-a", false), ("oem-b", true)] {
        let oem = Oem {
            id: OemId::parse(id).unwrap_or_else(|e| panic!("{e}")),
            name: id.to_uppercase(),
            sms_policy: SmsPolicy {
                default_mode: ReplyMode::SmsAndMobile,
                dealer_admins_may_change: may_change,
            },
        };
        casebridge_core::dealers::seed_oem(app, &oem)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (id, oem) in [("d1", "oem-a"), ("d2", "oem-a"), ("d3", "oem-b")] {
        let dealer = test_dealer(id, oem);
        casebridge_core::dealers::seed_dealer(app, &dealer)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let secrets = test_secrets(id);
        app.secrets
            .put_dealer(&dealer.id, &secrets)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Dealer `id` of `oem`: Chicago time, the parts counter on Prokeep, a texting number and a
/// sending address of its own.
fn test_dealer(id: &str, oem: &str) -> Dealer {
    Dealer {
        id: DealerId::parse(id).unwrap_or_else(|e| panic!("{e}")),
        name: format!("Dealer {id}"),
        oem_id: OemId::parse(oem).unwrap_or_else(|e| panic!("{e}")),
        settings: DealerSettings {
            prokeep_connector_enabled: true,
            mobile_communications_enabled: true,
            parts_counter_uses_prokeep: true,
            prokeep_groups: vec![ProkeepGroup {
                id: "parts-counter".into(),
                name: "Parts".into(),
            }],
            // The rest as a new location starts.
            ..DealerSettings::new_location("America/Chicago".into())
        },
        connector_secret_ids: vec![ConnectorSecretInfo {
            id: "cs-1".into(),
            created_at: jiff::Timestamp::UNIX_EPOCH,
        }],
        sms_origination_number: Some(format!(
            "+1214555{:04}",
            1000 + id.len() * 7 + id.bytes().map(u32::from).sum::<u32>() as usize % 1000
        )),
        email_from_address: Some(format!("service-{id}@{DEALERS_EMAIL_DOMAIN}")),
        credentials: casebridge_core::dealers::CredentialsSet {
            prokeep_api_set_at: Some(jiff::Timestamp::UNIX_EPOCH),
            procede_api_key_set_at: Some(jiff::Timestamp::UNIX_EPOCH),
        },
        reply_mode_set_by_oem: false,
        version: 1,
    }
}

/// Dealer `id`'s connector secret `cs-1` (`<id>-secret`) and partner credentials.
fn test_secrets(id: &str) -> DealerSecrets {
    DealerSecrets {
        connector: vec![ConnectorSecret {
            id: "cs-1".into(),
            secret: format!("{id}-secret").into(),
        }],
        prokeep_api: Some(ProkeepCredentials {
            username: format!("{id}-api"),
            password: format!("{id}-password").into(),
            sender: format!("casebridge-{id}"),
        }),
        procede_api_key: Some(format!("{id}-procede-key").into()),
    }
}

/// The token of a fresh link to dealer d1's `case` for `contact` (what a text would carry).
pub async fn mobile_link_token(app: &App, case: &str, contact: &str) -> String {
    let url = casebridge_core::mobile::links::issue(
        app,
        &DealerId::parse("d1").unwrap_or_else(|e| panic!("{e}")),
        &casebridge_core::ids::CaseId::parse(case).unwrap_or_else(|e| panic!("{e}")),
        &casebridge_core::ids::ContactId::parse(contact).unwrap_or_else(|e| panic!("{e}")),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    url.rsplit("/m/").next().unwrap_or_default().to_string()
}

/// Given d1's dealer admin turned Procede search on (through the settings route, as a
/// person would; d1's Procede key is set).
pub async fn procede_search_on(app: &App) {
    let body = serde_json::json!({"procedeSearchEnabled": true});
    let (status, answer) = crate::client::user(
        app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(body),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(status, 200, "Procede search on for d1: {answer}");
}
