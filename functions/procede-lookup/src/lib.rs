//! `procede-lookup`: search the Procede DMS, add DMS customers to Case (read-only) and
//! refresh them; Case's own customer routes.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use casebridge_core::customers::{
    self, Customer, CustomerAsset, CustomerFields, CustomerSummary, NewAsset,
};
use casebridge_core::procede::{
    self, Added, NewCustomerPreview, RefreshPreview, Refreshed, SearchField, SearchResult,
};
use casebridge_core::{App, Listing};
use casebridge_http::paths::{CustomerPath, DmsCustomerPath};
use casebridge_http::{
    created_or_ok, ApiResult, Created, JsonBody, PageParams, Path, QueryMap, User,
};

pub const MAX_BODY_BYTES: usize = 64 * 1024;

type Body<T> = JsonBody<T, MAX_BODY_BYTES>;

/// `POST /v1/customers/from-procede`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FromProcede {
    #[schema(min_length = 1, max_length = 128)]
    procede_id: String,
    /// The `dmsVersion` of the preview the user confirmed: refused (409) when the DMS record
    /// changed since. Without it the record is added as the DMS has it now.
    #[serde(default)]
    #[schema(max_length = 64)]
    dms_version: Option<String>,
}

casebridge_http::api! {
    [search],
    [preview_new],
    [add_from_procede],
    [preview_refresh, refresh_from_procede],
    [create_customer, list_customers],
    [get_customer, update_customer],
    [customer_assets, add_customer_asset],
}

/// Searches the DMS: every word must start some word of the field, in any order.
#[utoipa::path(get, path = "/v1/procede/customers", tag = "procede",
    params(
        ("by" = inline(Option<SearchField>), Query, description = "name (default), customer_number, phone or city"),
        ("q" = String, Query, min_length = 2, max_length = 200, description = "One or more words (or beginnings of words)"),
        PageParams,
    ),
    responses((status = 200, description = "One page of DMS customers, each to add or edit", body = Listing<SearchResult>)),
    security(("bearer" = [])))]
async fn search(
    State(app): State<App>,
    User(who): User,
    q: QueryMap,
) -> ApiResult<Json<Listing<SearchResult>>> {
    let by = q.get("by").unwrap_or("name");
    let text = q.get("q").unwrap_or_default();
    let limit = q.number("limit")?;
    Ok(Json(
        procede::search(&app, &who, by, text, q.get("page"), limit).await?,
    ))
}

/// Adds a DMS customer to Case, read-only: 201 the first time, 200 with the existing one.
#[utoipa::path(post, path = "/v1/customers/from-procede", tag = "procede",
    request_body = FromProcede,
    responses(
        (status = 201, description = "The new DMS-sourced customer", body = Added),
        (status = 200, description = "The customer was in Case already", body = Added),
    ),
    security(("bearer" = [])))]
async fn add_from_procede(
    State(app): State<App>,
    User(who): User,
    JsonBody(body): Body<FromProcede>,
) -> ApiResult<Response> {
    let added =
        procede::add_from_procede(&app, &who, &body.procede_id, body.dms_version.as_deref())
            .await?;
    Ok(created_or_ok(added.created, added))
}

/// The New Customer form as the DMS record fills it, to review before adding it
/// (`POST /v1/customers/from-procede` with its `dmsVersion`).
#[utoipa::path(get, path = "/v1/procede/customers/{procedeId}", tag = "procede",
    params(("procedeId" = String, Path, description = "The DMS customer")),
    responses((status = 200, description = "The prefilled form", body = NewCustomerPreview)),
    security(("bearer" = [])))]
async fn preview_new(
    State(app): State<App>,
    User(who): User,
    Path(procede_id): Path<String>,
) -> ApiResult<Json<NewCustomerPreview>> {
    Ok(Json(procede::preview_new(&app, &who, &procede_id).await?))
}

/// The Edit Customer form as the DMS record fills it now, with what would change, to review
/// before the `POST` confirms it.
#[utoipa::path(get, path = "/v1/customers/{customerId}/refresh-from-procede", tag = "procede",
    params(DmsCustomerPath),
    responses((status = 200, description = "The prefilled form and the changes", body = RefreshPreview)),
    security(("bearer" = [])))]
async fn preview_refresh(
    State(app): State<App>,
    User(who): User,
    Path(DmsCustomerPath { customer_id }): Path<DmsCustomerPath>,
) -> ApiResult<Json<RefreshPreview>> {
    Ok(Json(
        procede::preview_refresh(&app, &who, &customer_id).await?,
    ))
}

/// Re-reads the DMS record, takes it, and answers what changed; with `dmsVersion` (from the
/// preview) a record changed since is refused (409).
#[utoipa::path(post, path = "/v1/customers/{customerId}/refresh-from-procede", tag = "procede",
    params(
        DmsCustomerPath,
        ("dmsVersion" = Option<String>, Query, max_length = 64, description = "The preview's dmsVersion"),
    ),
    responses((status = 200, description = "The customer and what changed", body = Refreshed)),
    security(("bearer" = [])))]
async fn refresh_from_procede(
    State(app): State<App>,
    User(who): User,
    Path(DmsCustomerPath { customer_id }): Path<DmsCustomerPath>,
    q: QueryMap,
) -> ApiResult<Json<Refreshed>> {
    Ok(Json(
        procede::refresh_from_procede(&app, &who, &customer_id, q.get("dmsVersion")).await?,
    ))
}

/// The dealer's customers, Case-created and Procede-sourced together; `q` keeps those where
/// every word starts a word of the name, customer number or city.
#[utoipa::path(get, path = "/v1/customers", tag = "procede",
    params(
        ("q" = Option<String>, Query, max_length = 200, description = "Words (or beginnings of words)"),
        PageParams,
    ),
    responses((status = 200, description = "One page of customers", body = Listing<CustomerSummary>)),
    security(("bearer" = [])))]
async fn list_customers(
    State(app): State<App>,
    User(who): User,
    q: QueryMap,
) -> ApiResult<Json<Listing<CustomerSummary>>> {
    let page = q.page(casebridge_core::ports::Order::Ascending)?;
    Ok(Json(customers::list(&app, &who, q.get("q"), page).await?))
}

/// The units the customer's cases were opened on, each with its cases.
#[utoipa::path(get, path = "/v1/customers/{customerId}/assets", tag = "procede",
    params(CustomerPath),
    responses((status = 200, description = "The customer's assets", body = Listing<CustomerAsset>)),
    security(("bearer" = [])))]
async fn customer_assets(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
) -> ApiResult<Json<Listing<CustomerAsset>>> {
    Ok(Json(customers::assets(&app, &who, &customer_id).await?))
}

/// Adds a unit to the customer before any case is opened on it (a VIN is one customer's:
/// 409 when another customer of the dealer has it).
#[utoipa::path(post, path = "/v1/customers/{customerId}/assets", tag = "procede",
    params(CustomerPath),
    request_body = NewAsset,
    responses((status = 201, description = "The asset", body = CustomerAsset)),
    security(("bearer" = [])))]
async fn add_customer_asset(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
    JsonBody(new): Body<NewAsset>,
) -> ApiResult<Created<CustomerAsset>> {
    Ok(Created(
        customers::add_asset(&app, &who, &customer_id, new).await?,
    ))
}

/// A customer typed into Case.
#[utoipa::path(post, path = "/v1/customers", tag = "procede",
    request_body = CustomerFields,
    responses((status = 201, description = "The customer", body = Customer)),
    security(("bearer" = [])))]
async fn create_customer(
    State(app): State<App>,
    User(who): User,
    JsonBody(fields): Body<CustomerFields>,
) -> ApiResult<Created<Customer>> {
    Ok(Created(customers::create(&app, &who, fields).await?))
}

#[utoipa::path(get, path = "/v1/customers/{customerId}", tag = "procede",
    params(CustomerPath),
    responses((status = 200, description = "The customer", body = Customer)),
    security(("bearer" = [])))]
async fn get_customer(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(customers::get(&app, &who.dealer, &customer_id).await?))
}

/// Edits a customer typed into Case (a DMS-sourced one is 409: change it in Procede).
#[utoipa::path(patch, path = "/v1/customers/{customerId}", tag = "procede",
    params(CustomerPath),
    request_body = CustomerFields,
    responses((status = 200, description = "The customer", body = Customer)),
    security(("bearer" = [])))]
async fn update_customer(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
    JsonBody(fields): Body<CustomerFields>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(
        customers::update(&app, &who, &customer_id, fields).await?,
    ))
}
