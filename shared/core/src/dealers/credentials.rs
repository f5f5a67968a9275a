//! A location's credentials: the connector secrets Prokeep's connector signs with (created
//! and shown once, listed by id and date, revoked; two in force during a rotation), the
//! Prokeep API credentials and the Procede API key (set and replaced, never answered, never
//! logged), and the texting number and email sender customers see.
//!
//! Values live in the secret store (Secrets Manager in AWS); the dealer record keeps only
//! which connector secrets are in force and when each credential was set. A connector
//! secret is written to the secret store before the dealer lists it, and unlisted before
//! it is removed, so the record never names a secret that cannot be checked, and a revoked
//! one stops opening anything at once.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use super::{dealer_in_reach, ConnectorSecretInfo, Dealer, DealerId};
use crate::auth::permissions::Action;
use crate::auth::Principal;
use crate::error::{Error, FieldError, Result};
use crate::ports::{ConnectorSecret, ProkeepCredentials, StoreError};
use crate::App;

/// At most this many connector secrets are in force (the old and the new one, while the
/// connector moves over).
pub(crate) const MAX_CONNECTOR_SECRETS: usize = 2;

/// A connector secret as created: its value is answered this once.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewConnectorSecret {
    pub id: String,
    /// Give it to the connector now; it is never shown again.
    pub secret: String,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
}

/// `PUT /v1/dealers/{dealerId}/prokeep-credentials`.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProkeepCredentialsInput {
    #[schema(min_length = 1, max_length = 200)]
    pub username: String,
    #[schema(min_length = 1, max_length = 500)]
    pub password: String,
    /// The sender name Prokeep shows on escalations.
    #[schema(min_length = 1, max_length = 200)]
    pub sender: String,
}

/// `PUT /v1/dealers/{dealerId}/procede-credentials`.
#[derive(Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProcedeCredentialsInput {
    #[schema(min_length = 1, max_length = 500)]
    pub api_key: String,
}

/// `PUT /v1/dealers/{dealerId}/messaging`: what customers see the location text and email
/// from (each optional: only what is given changes).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagingInput {
    /// The origination number (E.164) provisioned for the location.
    pub sms_origination_number: Option<String>,
    /// An SES-verified address (or an address of a verified domain).
    #[schema(max_length = 254)]
    pub email_from_address: Option<String>,
}

fn random_secret() -> String {
    // 32 random bytes from two v4 UUIDs' random parts is 244 bits; enough for an HMAC key.
    let mut bytes = Vec::with_capacity(32);
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    URL_SAFE_NO_PAD.encode(bytes)
}

async fn update_dealer(
    app: &App,
    dealer: &DealerId,
    change: impl Fn(&mut Dealer) -> Result<()>,
) -> Result<Dealer> {
    super::store::update(app, dealer, change).await
}

/// `POST /v1/dealers/{dealerId}/connector-secrets`.
pub async fn create_connector_secret(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
) -> Result<NewConnectorSecret> {
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::ManageConnectorSecrets).await?;
    let full = || {
        Error::Conflict(format!(
            "dealer {} has {MAX_CONNECTOR_SECRETS} connector secrets in force; revoke the old one first",
            dealer.id
        ))
    };
    if dealer.connector_secret_ids.len() >= MAX_CONNECTOR_SECRETS {
        return Err(full());
    }
    let created = NewConnectorSecret {
        id: format!("cs-{}", uuid::Uuid::now_v7().simple()),
        secret: random_secret(),
        created_at: app.clock.now(),
    };
    let mut secrets = app.secrets.dealer(&dealer.id).await?;
    // Values the record no longer lists (revoked, or a create that failed half-way) go.
    secrets
        .connector
        .retain(|s| dealer.connector_secret_ids.iter().any(|i| i.id == s.id));
    secrets.connector.insert(
        0,
        ConnectorSecret {
            id: created.id.clone(),
            secret: created.secret.clone().into(),
        },
    );
    app.secrets.put_dealer(&dealer.id, &secrets).await?;
    update_dealer(app, &dealer.id, |d| {
        if d.connector_secret_ids.len() >= MAX_CONNECTOR_SECRETS {
            return Err(full());
        }
        d.connector_secret_ids.insert(
            0,
            ConnectorSecretInfo {
                id: created.id.clone(),
                created_at: created.created_at,
            },
        );
        Ok(())
    })
    .await?;
    tracing::info!(dealer = %dealer.id, secret_id = %created.id, "connector secret created");
    Ok(created)
}

/// `GET /v1/dealers/{dealerId}/connector-secrets`: ids and dates, newest first.
pub async fn list_connector_secrets(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
) -> Result<crate::Listing<ConnectorSecretInfo>> {
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::ManageConnectorSecrets).await?;
    Ok(crate::Listing {
        items: dealer.connector_secret_ids,
        next_page: None,
    })
}

/// `DELETE /v1/dealers/{dealerId}/connector-secrets/{secretId}`: signatures with it stop
/// being accepted at once.
pub async fn revoke_connector_secret(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    secret_id: &str,
) -> Result<()> {
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::ManageConnectorSecrets).await?;
    let missing = || Error::not_found(format!("connector secret {secret_id}"));
    if !dealer
        .connector_secret_ids
        .iter()
        .any(|i| i.id == secret_id)
    {
        return Err(missing());
    }
    update_dealer(app, &dealer.id, |d| {
        let before = d.connector_secret_ids.len();
        d.connector_secret_ids.retain(|i| i.id != secret_id);
        if d.connector_secret_ids.len() == before {
            return Err(missing());
        }
        Ok(())
    })
    .await?;
    let mut secrets = app.secrets.dealer_uncached(&dealer.id).await?;
    secrets.connector.retain(|s| s.id != secret_id);
    app.secrets.put_dealer(&dealer.id, &secrets).await?;
    tracing::info!(dealer = %dealer.id, secret_id, "connector secret revoked");
    Ok(())
}

fn required(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() || value.chars().count() > max {
        errors.push(FieldError::new(field, format!("1 to {max} characters")));
    }
}

/// Replaces one partner credential in the dealer's secrets (read past the cache, so a
/// write is never made from a stale copy) and records on the dealer when it was set.
async fn set_partner_secret(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    what: &str,
    set: impl FnOnce(&mut crate::ports::DealerSecrets),
    record: impl Fn(&mut Dealer, jiff::Timestamp),
) -> Result<()> {
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::SetPartnerCredentials).await?;
    let mut secrets = app.secrets.dealer_uncached(&dealer.id).await?;
    set(&mut secrets);
    app.secrets.put_dealer(&dealer.id, &secrets).await?;
    let now = app.clock.now();
    update_dealer(app, &dealer.id, |d| {
        record(d, now);
        Ok(())
    })
    .await?;
    tracing::info!(dealer = %dealer.id, "{what} set");
    Ok(())
}

/// `PUT /v1/dealers/{dealerId}/prokeep-credentials`.
pub async fn set_prokeep_credentials(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    input: ProkeepCredentialsInput,
) -> Result<()> {
    let mut errors = Vec::new();
    required(&mut errors, "username", &input.username, 200);
    required(&mut errors, "password", &input.password, 500);
    required(&mut errors, "sender", &input.sender, 200);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    let credentials = ProkeepCredentials {
        username: input.username.trim().to_string(),
        password: input.password.into(),
        sender: input.sender.trim().to_string(),
    };
    set_partner_secret(
        app,
        p,
        dealer_id,
        "Prokeep API credentials",
        |s| s.prokeep_api = Some(credentials.clone()),
        |d, now| d.credentials.prokeep_api_set_at = Some(now),
    )
    .await
}

/// `PUT /v1/dealers/{dealerId}/procede-credentials`.
pub async fn set_procede_key(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    input: ProcedeCredentialsInput,
) -> Result<()> {
    let mut errors = Vec::new();
    required(&mut errors, "apiKey", &input.api_key, 500);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    let key = input.api_key.trim().to_string();
    set_partner_secret(
        app,
        p,
        dealer_id,
        "Procede API key",
        |s| s.procede_api_key = Some(key.clone().into()),
        |d, now| d.credentials.procede_api_key_set_at = Some(now),
    )
    .await
}

/// `PUT /v1/dealers/{dealerId}/messaging`: the texting number (one dealer's only: inbound
/// texts to it find the dealer by it) and the email sender.
pub async fn set_messaging(
    app: &App,
    p: &Principal,
    dealer_id: &DealerId,
    input: MessagingInput,
) -> Result<()> {
    let mut errors = Vec::new();
    let number = match &input.sms_origination_number {
        Some(raw) => match crate::contacts::normalize_phone(raw) {
            Some(n) => Some(n),
            None => {
                errors.push(FieldError::new(
                    "smsOriginationNumber",
                    "not an E.164 number (for example +12145550000)",
                ));
                None
            }
        },
        None => None,
    };
    if let Some(e) = &input.email_from_address {
        let e = e.trim();
        if !crate::text::is_deliverable_email(e) {
            errors.push(FieldError::new("emailFromAddress", "not an email address"));
        }
    }
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    let (dealer, _) = dealer_in_reach(app, p, dealer_id, Action::SetMessagingIdentity).await?;
    let mut after = dealer.clone();
    if let Some(n) = &number {
        after.sms_origination_number = Some(n.clone());
    }
    if let Some(e) = &input.email_from_address {
        after.email_from_address = Some(e.trim().to_string());
    }
    let mut ops = vec![super::store::replace_op(dealer.version, &mut after)?];
    if let (Some(n), true) = (&number, number != dealer.sms_origination_number) {
        // The number must be free; the one it replaces was this dealer's.
        ops.extend(super::store::number_change_ops(
            &dealer.id,
            n,
            dealer.sms_origination_number.as_deref(),
        ));
    }
    match app.store.transact(ops).await {
        Ok(()) => Ok(()),
        Err(StoreError::ConditionFailed { .. }) => Err(Error::Conflict(
            "the number is another dealer's, or the dealer changed meanwhile; read it and try again"
                .into(),
        )),
        Err(e) => Err(e.into()),
    }
}
