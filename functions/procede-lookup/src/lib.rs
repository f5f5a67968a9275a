//! `procede-lookup`: search the Procede DMS, add DMS customers to Case (read-only) and
//! refresh them; Case's own customer routes.

use axum::extract::State;
use axum::response::Response;
use axum::Json;
use casebridge_core::customers::{self, Customer, CustomerFields};
use casebridge_core::procede::{self, Added, Refreshed, SearchField, SearchResult};
use casebridge_core::{App, Listing};
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
}

casebridge_http::api! {
    [search],
    [add_from_procede],
    [refresh_from_procede],
    [create_customer],
    [get_customer, update_customer],
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
    let added = procede::add_from_procede(&app, &who, &body.procede_id).await?;
    Ok(created_or_ok(added.created, added))
}

/// Re-reads the DMS record and answers what changed.
#[utoipa::path(post, path = "/v1/customers/{customerId}/refresh-from-procede", tag = "procede",
    params(("customerId" = String, Path, description = "A DMS-sourced Case customer")),
    responses((status = 200, description = "The customer and what changed", body = Refreshed)),
    security(("bearer" = [])))]
async fn refresh_from_procede(
    State(app): State<App>,
    User(who): User,
    Path(customer_id): Path<String>,
) -> ApiResult<Json<Refreshed>> {
    Ok(Json(
        procede::refresh_from_procede(&app, &who, &customer_id).await?,
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
    params(("customerId" = String, Path, description = "The customer")),
    responses((status = 200, description = "The customer", body = Customer)),
    security(("bearer" = [])))]
async fn get_customer(
    State(app): State<App>,
    User(who): User,
    Path(customer_id): Path<String>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(customers::get(&app, &who.dealer, &customer_id).await?))
}

/// Edits a customer typed into Case (a DMS-sourced one is 409: change it in Procede).
#[utoipa::path(patch, path = "/v1/customers/{customerId}", tag = "procede",
    params(("customerId" = String, Path, description = "The customer")),
    request_body = CustomerFields,
    responses((status = 200, description = "The customer", body = Customer)),
    security(("bearer" = [])))]
async fn update_customer(
    State(app): State<App>,
    User(who): User,
    Path(customer_id): Path<String>,
    JsonBody(fields): Body<CustomerFields>,
) -> ApiResult<Json<Customer>> {
    Ok(Json(
        customers::update(&app, &who, &customer_id, fields).await?,
    ))
}
