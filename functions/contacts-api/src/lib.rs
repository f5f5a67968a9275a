//! `contacts-api`: customer contacts, invitations to cases, and the SMS reply-mode policy.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use casebridge_core::contacts::{
    self, CaseContact, Contact, ContactFields, InvitationRequest, MergeRequest, MergedContact,
};
use casebridge_core::dealers::{self, Oem, ReplyMode, SmsMode, SmsPolicy};
use casebridge_core::ids::ContactId;
use casebridge_core::{App, Listing};
use casebridge_http::paths::{
    CasePath, ContactPath, CustomerPath, DealerPath, InvitationPath, LeavingContactPath, OemPath,
};
use casebridge_http::{Admin, ApiResult, Created, JsonBody, Path, User};

pub const MAX_BODY_BYTES: usize = 64 * 1024;

type Body<T> = JsonBody<T, MAX_BODY_BYTES>;

/// `PUT /v1/dealers/{dealerId}/sms-mode`.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModeBody {
    mode: ReplyMode,
}

casebridge_http::api! {
    [create_for_customer, list_for_customer],
    [create_for_case, list_for_case],
    [update_contact, delete_contact],
    [merge_contact],
    [invite],
    [uninvite],
    [set_sms_policy],
    [get_sms_mode, set_sms_mode],
}

/// An ongoing contact of the customer.
#[utoipa::path(post, path = "/v1/customers/{customerId}/contacts", tag = "contacts",
    params(CustomerPath),
    request_body = ContactFields,
    responses((status = 201, description = "The contact", body = Contact)),
    security(("bearer" = [])))]
async fn create_for_customer(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
    JsonBody(fields): Body<ContactFields>,
) -> ApiResult<Created<Contact>> {
    Ok(Created(
        contacts::create_for_customer(&app, &who, &customer_id, fields).await?,
    ))
}

#[utoipa::path(get, path = "/v1/customers/{customerId}/contacts", tag = "contacts",
    params(CustomerPath),
    responses((status = 200, description = "The customer's ongoing contacts", body = Listing<Contact>)),
    security(("bearer" = [])))]
async fn list_for_customer(
    State(app): State<App>,
    User(who): User,
    Path(CustomerPath { customer_id }): Path<CustomerPath>,
) -> ApiResult<Json<Listing<Contact>>> {
    Ok(Json(
        contacts::list_for_customer(&app, &who, &customer_id).await?,
    ))
}

/// A contact on the case: one-time (this case only) unless `ongoing`; `caseRole` `primary`
/// or `driver` makes it a recipient of the case's notifications without an invitation.
#[utoipa::path(post, path = "/v1/cases/{caseId}/contacts", tag = "contacts",
    params(CasePath),
    request_body = ContactFields,
    responses((status = 201, description = "The contact, with its role on the case", body = CaseContact)),
    security(("bearer" = [])))]
async fn create_for_case(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(fields): Body<ContactFields>,
) -> ApiResult<Created<CaseContact>> {
    Ok(Created(
        contacts::create_for_case(&app, &who, &case_id, fields).await?,
    ))
}

#[utoipa::path(get, path = "/v1/cases/{caseId}/contacts", tag = "contacts",
    params(CasePath),
    responses((status = 200, description = "The case's contacts: entered on it (with their role) or invited; `recipient` says who hears of the case", body = Listing<CaseContact>)),
    security(("bearer" = [])))]
async fn list_for_case(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
) -> ApiResult<Json<Listing<CaseContact>>> {
    Ok(Json(contacts::list_for_case(&app, &who, &case_id).await?))
}

#[utoipa::path(patch, path = "/v1/contacts/{contactId}", tag = "contacts",
    params(ContactPath),
    request_body = ContactFields,
    responses((status = 200, description = "The contact", body = Contact)),
    security(("bearer" = [])))]
async fn update_contact(
    State(app): State<App>,
    User(who): User,
    Path(ContactPath { contact_id }): Path<ContactPath>,
    JsonBody(fields): Body<ContactFields>,
) -> ApiResult<Json<Contact>> {
    Ok(Json(
        contacts::update(&app, &who, &contact_id, fields).await?,
    ))
}

#[utoipa::path(delete, path = "/v1/contacts/{contactId}", tag = "contacts",
    params(ContactPath),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = [])))]
async fn delete_contact(
    State(app): State<App>,
    User(who): User,
    Path(ContactPath { contact_id }): Path<ContactPath>,
) -> ApiResult<StatusCode> {
    contacts::delete(&app, &who, &contact_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Merges this contact into another of the same person (every case link and invitation
/// kept, the stricter consent kept).
#[utoipa::path(post, path = "/v1/contacts/{contactId}/merge", tag = "contacts",
    params(LeavingContactPath),
    request_body = MergeRequest,
    responses((status = 200, description = "The contact that stays, and what the merge changed in its consent", body = MergedContact)),
    security(("bearer" = [])))]
async fn merge_contact(
    State(app): State<App>,
    User(who): User,
    Path(LeavingContactPath { contact_id }): Path<LeavingContactPath>,
    JsonBody(body): Body<MergeRequest>,
) -> ApiResult<Json<MergedContact>> {
    Ok(Json(
        contacts::merge(&app, &who, &contact_id, &ContactId::parse(&body.into)?).await?,
    ))
}

/// Invites a contact into the case: it gets the case's notifications from now on.
#[utoipa::path(post, path = "/v1/cases/{caseId}/invitations", tag = "contacts",
    params(CasePath),
    request_body = InvitationRequest,
    responses((status = 201, description = "The invited contact", body = Contact)),
    security(("bearer" = [])))]
async fn invite(
    State(app): State<App>,
    User(who): User,
    Path(CasePath { case_id }): Path<CasePath>,
    JsonBody(body): Body<InvitationRequest>,
) -> ApiResult<Created<Contact>> {
    Ok(Created(
        contacts::invite(&app, &who, &case_id, &ContactId::parse(&body.contact_id)?).await?,
    ))
}

#[utoipa::path(delete, path = "/v1/cases/{caseId}/invitations/{contactId}", tag = "contacts",
    params(
        InvitationPath,
    ),
    responses((status = 204, description = "No longer invited")),
    security(("bearer" = [])))]
async fn uninvite(
    State(app): State<App>,
    User(who): User,
    Path(InvitationPath {
        case_id,
        contact_id,
    }): Path<InvitationPath>,
) -> ApiResult<StatusCode> {
    contacts::uninvite(&app, &who, &case_id, &contact_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The OEM's reply-mode policy for its network (that OEM's admins).
#[utoipa::path(put, path = "/v1/oems/{oemId}/sms-policy", tag = "contacts",
    params(OemPath),
    request_body = SmsPolicy,
    responses((status = 200, description = "The OEM with its policy", body = Oem)),
    security(("bearer" = [])))]
async fn set_sms_policy(
    State(app): State<App>,
    Admin(who): Admin,
    Path(OemPath { oem_id }): Path<OemPath>,
    JsonBody(policy): Body<SmsPolicy>,
) -> ApiResult<Json<Oem>> {
    Ok(Json(
        dealers::set_sms_policy(&app, &who, &oem_id, policy).await?,
    ))
}

/// The reply mode in force at the dealer and who may change it.
#[utoipa::path(get, path = "/v1/dealers/{dealerId}/sms-mode", tag = "contacts",
    params(DealerPath),
    responses((status = 200, description = "The mode in force", body = SmsMode)),
    security(("bearer" = [])))]
async fn get_sms_mode(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
) -> ApiResult<Json<SmsMode>> {
    Ok(Json(dealers::get_sms_mode(&app, &who, &dealer_id).await?))
}

/// A dealer admin picks the mode, where the OEM allows it.
#[utoipa::path(put, path = "/v1/dealers/{dealerId}/sms-mode", tag = "contacts",
    params(DealerPath),
    request_body = ModeBody,
    responses((status = 200, description = "The mode in force", body = SmsMode)),
    security(("bearer" = [])))]
async fn set_sms_mode(
    State(app): State<App>,
    Admin(who): Admin,
    Path(DealerPath { dealer_id }): Path<DealerPath>,
    JsonBody(body): Body<ModeBody>,
) -> ApiResult<Json<SmsMode>> {
    Ok(Json(
        dealers::set_sms_mode(&app, &who, &dealer_id, body.mode).await?,
    ))
}
