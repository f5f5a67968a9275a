//! `admin-api`: onboarding OEMs and dealer locations, a location's connector secrets, its
//! partner credentials, and what its customers see it text and email from. Who may call
//! what is `casebridge_core::auth::permissions` (the README prints the same table).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use casebridge_core::dealers::credentials::{
    self, MessagingInput, NewConnectorSecret, ProcedeCredentialsInput, ProkeepCredentialsInput,
};
use casebridge_core::dealers::onboarding::{self, DealerSummary, NewDealer, NewOem};
use casebridge_core::dealers::{self, ConnectorSecretInfo, DealerSettingsView, Oem};
use casebridge_core::ports::Order;
use casebridge_core::search::reindex::{self, Reindexed};
use casebridge_core::{App, Listing};
use casebridge_http::paths::{DealerPath, OemPath, SecretPath};
use casebridge_http::{Admin, ApiResult, Created, JsonBody, PageParams, Path, QueryMap};

/// Bodies here are small JSON documents.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

type Body<T> = JsonBody<T, MAX_BODY_BYTES>;

casebridge_http::api! {
    [create_oem],
    [create_dealer],
    [list_oem_dealers],
    [create_connector_secret, list_connector_secrets],
    [revoke_connector_secret],
    [set_prokeep_credentials],
    [set_procede_credentials],
    [set_messaging],
    [reindex],
}

/// Onboards an OEM (platform admin).
#[utoipa::path(post, path = "/v1/oems", tag = "admin",
    request_body = NewOem,
    responses((status = 201, description = "The OEM", body = Oem)),
    security(("bearer" = [])))]
async fn create_oem(
    State(app): State<App>,
    Admin(who): Admin,
    JsonBody(new): Body<NewOem>,
) -> ApiResult<Created<Oem>> {
    Ok(Created(onboarding::create_oem(&app, &who, new).await?))
}

/// Onboards a dealer location of an OEM (platform admin): every switch off, no secrets yet.
#[utoipa::path(post, path = "/v1/dealers", tag = "admin",
    request_body = NewDealer,
    responses((status = 201, description = "The new location's settings", body = DealerSettingsView)),
    security(("bearer" = [])))]
async fn create_dealer(
    State(app): State<App>,
    Admin(who): Admin,
    JsonBody(new): Body<NewDealer>,
) -> ApiResult<Created<DealerSettingsView>> {
    let dealer = onboarding::create_dealer(&app, &who, new).await?;
    Ok(Created(
        dealers::get_settings(&app, &who, &dealer.id).await?,
    ))
}

/// An OEM's dealer locations, in id order (platform admin, that OEM's admins).
#[utoipa::path(get, path = "/v1/oems/{oemId}/dealers", tag = "admin",
    params(OemPath, PageParams),
    responses((status = 200, description = "One page of dealers", body = Listing<DealerSummary>)),
    security(("bearer" = [])))]
async fn list_oem_dealers(
    State(app): State<App>,
    Admin(who): Admin,
    Path(OemPath { oem_id }): Path<OemPath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<DealerSummary>>> {
    let page = q.page(Order::Ascending)?;
    Ok(Json(
        onboarding::list_oem_dealers(&app, &who, &oem_id, page).await?,
    ))
}

/// Issues a connector secret (platform admin). Its value is in this answer only; at most
/// two are in force, so a rotation is: create the new one, move the connector, revoke the
/// old one.
#[utoipa::path(post, path = "/v1/dealers/{dealerId}/connector-secrets", tag = "admin",
    params(DealerPath),
    responses((status = 201, description = "The secret, shown this once", body = NewConnectorSecret)),
    security(("bearer" = [])))]
async fn create_connector_secret(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
) -> ApiResult<Created<NewConnectorSecret>> {
    Ok(Created(
        credentials::create_connector_secret(&app, &who, &dealer_id).await?,
    ))
}

/// The connector secrets in force: ids and dates, never values (platform admin).
#[utoipa::path(get, path = "/v1/dealers/{dealerId}/connector-secrets", tag = "admin",
    params(DealerPath),
    responses((status = 200, description = "The secrets in force, newest first", body = Listing<ConnectorSecretInfo>)),
    security(("bearer" = [])))]
async fn list_connector_secrets(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
) -> ApiResult<Json<Listing<ConnectorSecretInfo>>> {
    Ok(Json(
        credentials::list_connector_secrets(&app, &who, &dealer_id).await?,
    ))
}

/// Revokes a connector secret: signatures made with it are refused from now on.
#[utoipa::path(delete, path = "/v1/dealers/{dealerId}/connector-secrets/{secretId}", tag = "admin",
    params(
        SecretPath,
    ),
    responses((status = 204, description = "Revoked")),
    security(("bearer" = [])))]
async fn revoke_connector_secret(
    State(app): State<App>,
    Admin(who): Admin,
    Path(SecretPath {
        dealer_id,
        secret_id,
    }): Path<SecretPath>,
) -> ApiResult<StatusCode> {
    credentials::revoke_connector_secret(&app, &who, &dealer_id, &secret_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets (or replaces) the location's Prokeep API credentials; they are never answered.
#[utoipa::path(put, path = "/v1/dealers/{dealerId}/prokeep-credentials", tag = "admin",
    params(DealerPath),
    request_body = ProkeepCredentialsInput,
    responses((status = 204, description = "Set")),
    security(("bearer" = [])))]
async fn set_prokeep_credentials(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(input): Body<ProkeepCredentialsInput>,
) -> ApiResult<StatusCode> {
    credentials::set_prokeep_credentials(&app, &who, &dealer_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets (or replaces) the location's Procede API key; it is never answered.
#[utoipa::path(put, path = "/v1/dealers/{dealerId}/procede-credentials", tag = "admin",
    params(DealerPath),
    request_body = ProcedeCredentialsInput,
    responses((status = 204, description = "Set")),
    security(("bearer" = [])))]
async fn set_procede_credentials(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(input): Body<ProcedeCredentialsInput>,
) -> ApiResult<StatusCode> {
    credentials::set_procede_key(&app, &who, &dealer_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets the number the location texts from and the address it emails from (platform
/// admin); a number another dealer uses is refused (409).
#[utoipa::path(put, path = "/v1/dealers/{dealerId}/messaging", tag = "admin",
    params(DealerPath),
    request_body = MessagingInput,
    responses((status = 204, description = "Set")),
    security(("bearer" = [])))]
async fn set_messaging(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(input): Body<MessagingInput>,
) -> ApiResult<StatusCode> {
    credentials::set_messaging(&app, &who, &dealer_id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Writes the search index of the location's customers and cases stored before it existed,
/// one batch a call (platform admin): call again with `nextPage` as `page` until it is
/// `null`. Idempotent: running it again writes the same entries.
#[utoipa::path(post, path = "/v1/dealers/{dealerId}/reindex", tag = "admin",
    params(DealerPath,
        ("page" = Option<String>, Query, description = "The `nextPage` of the previous call")),
    responses((status = 200, description = "What this call indexed, and where the next goes on", body = Reindexed)),
    security(("bearer" = [])))]
async fn reindex(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    q: QueryMap,
) -> ApiResult<Json<Reindexed>> {
    Ok(Json(
        reindex::reindex(&app, &who, &dealer_id, q.get("page")).await?,
    ))
}
