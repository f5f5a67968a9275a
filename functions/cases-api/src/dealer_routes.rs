//! The location's own routes in this function: its settings, the Prokeep groups an advisor
//! escalates to, and its customers' activity.

use axum::extract::State;
use axum::Json;
use casebridge_core::dealers::{
    self, DealerSettings, DealerSettingsPatch, DealerSettingsView, ProkeepGroup,
};
use casebridge_core::ports::Order;
use casebridge_core::{App, Listing};
use casebridge_http::paths::DealerPath;
use casebridge_http::{Admin, ApiResult, JsonBody, PageParams, Path, QueryMap};

use super::Body;

/// The dealer's settings: for the platform admin, the OEM's admins and the dealer's admins.
#[utoipa::path(get, path = "/v1/dealers/{dealerId}/settings", tag = "dealers",
    params(DealerPath),
    responses((status = 200, description = "The settings (never the secrets)", body = DealerSettingsView)),
    security(("bearer" = [])))]
pub(crate) async fn get_settings(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
) -> ApiResult<Json<DealerSettingsView>> {
    Ok(Json(dealers::get_settings(&app, &who, &dealer_id).await?))
}

/// Replaces the dealer's settings. What `GET` answered may be sent back as it is: its
/// read-only fields (`dealerId`, `name`, `oemId`, `effectiveSmsReplyMode`, the
/// `…Configured` flags) are ignored. Each setting that changes must be the caller's to
/// change (the connector: the platform admin; mobile communications: the OEM admin; the
/// reply mode: the OEM admin, or the dealer admin where the OEM allows; the rest: the
/// dealer admin); 403 names who may.
#[utoipa::path(put, path = "/v1/dealers/{dealerId}/settings", tag = "dealers",
    params(DealerPath),
    request_body = DealerSettings,
    responses((status = 200, description = "The settings now", body = DealerSettingsView)),
    security(("bearer" = [])))]
pub(crate) async fn put_settings(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(settings): Body<serde_json::Value>,
) -> ApiResult<Json<DealerSettingsView>> {
    Ok(Json(
        dealers::replace_settings(&app, &who, &dealer_id, settings).await?,
    ))
}

/// Changes only the settings named (JSON merge); the same rules as `PUT`.
#[utoipa::path(patch, path = "/v1/dealers/{dealerId}/settings", tag = "dealers",
    params(DealerPath),
    request_body = DealerSettingsPatch,
    responses((status = 200, description = "The settings now", body = DealerSettingsView)),
    security(("bearer" = [])))]
pub(crate) async fn patch_settings(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(settings): Body<serde_json::Value>,
) -> ApiResult<Json<DealerSettingsView>> {
    Ok(Json(
        dealers::patch_settings(&app, &who, &dealer_id, settings).await?,
    ))
}

/// The Prokeep groups an advisor may escalate a Parts Hold case to (none while the
/// connector or the parts counter's use of Prokeep is off).
#[utoipa::path(get, path = "/v1/dealers/{dealerId}/prokeep-groups", tag = "dealers",
    params(DealerPath),
    responses((status = 200, description = "The groups", body = Listing<ProkeepGroup>)),
    security(("bearer" = [])))]
pub(crate) async fn prokeep_groups(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
) -> ApiResult<Json<Listing<ProkeepGroup>>> {
    Ok(Json(dealers::prokeep_groups(&app, &who, &dealer_id).await?))
}

/// What the location's customers did, newest first: replied, decided or opened an
/// estimate, a text or email to them failed, opted out. A Case screen badges its cases from
/// it (each item names its case number and contact) without polling every case.
#[utoipa::path(get, path = "/v1/dealers/{dealerId}/activity", tag = "dealers",
    params(
        DealerPath,
        ("since" = Option<String>, Query, format = DateTime,
            description = "Only what happened at or after this time (RFC 3339)"),
        PageParams,
    ),
    responses((status = 200, description = "One page of activity, newest first",
        body = Listing<casebridge_core::activity::Activity>)),
    security(("bearer" = [])))]
pub(crate) async fn activity(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    q: QueryMap,
) -> ApiResult<Json<Listing<casebridge_core::activity::Activity>>> {
    let page = q.page(Order::Descending)?;
    Ok(Json(
        casebridge_core::activity::list(&app, &who, &dealer_id, q.get("since"), page).await?,
    ))
}
