//! Scenarios every secret store must pass (local files, Secrets Manager on moto).

use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{ConnectorSecret, DealerSecrets, ProkeepCredentials, SecretStore};
use secrecy::ExposeSecret;

fn d(id: &str) -> DealerId {
    DealerId::parse(id).unwrap()
}

fn secrets(n: u32) -> DealerSecrets {
    DealerSecrets {
        connector: vec![
            ConnectorSecret {
                id: format!("cs-{n}"),
                secret: format!("connector-{n}").into(),
            },
            ConnectorSecret {
                id: "cs-old".into(),
                secret: "connector-old".to_string().into(),
            },
        ],
        prokeep_api: Some(ProkeepCredentials {
            username: "api".into(),
            password: format!("password-{n}").into(),
            sender: "casebridge".into(),
        }),
        procede_api_key: Some(format!("procede-{n}").into()),
    }
}

pub async fn a_dealer_without_secrets_has_none(store: &dyn SecretStore) {
    let s = store.dealer(&d("nobody")).await.unwrap();
    assert!(s.connector.is_empty() && s.prokeep_api.is_none() && s.procede_api_key.is_none());
}

pub async fn secrets_read_back_as_written_and_a_write_replaces_them(store: &dyn SecretStore) {
    store.put_dealer(&d("d1"), &secrets(1)).await.unwrap();
    store.put_dealer(&d("d2"), &secrets(2)).await.unwrap();
    let one = store.dealer(&d("d1")).await.unwrap();
    assert_eq!(one.connector_values(), vec!["connector-1", "connector-old"]);
    assert_eq!(
        one.prokeep_api.unwrap().password.expose_secret(),
        "password-1"
    );
    store.put_dealer(&d("d1"), &secrets(3)).await.unwrap();
    let again = store.dealer(&d("d1")).await.unwrap();
    assert_eq!(again.procede_api_key.unwrap().expose_secret(), "procede-3");
    // Another dealer's are its own
    let two = store.dealer(&d("d2")).await.unwrap();
    assert_eq!(two.connector[0].id, "cs-2");
}

pub async fn secrets_never_show_in_debug_output(store: &dyn SecretStore) {
    store.put_dealer(&d("d1"), &secrets(7)).await.unwrap();
    let shown = format!("{:?}", store.dealer(&d("d1")).await.unwrap());
    for value in ["connector-7", "password-7", "procede-7"] {
        assert!(!shown.contains(value), "{value} leaked: {shown}");
    }
}
