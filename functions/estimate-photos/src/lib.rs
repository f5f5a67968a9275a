//! `estimate-photos`: an advisor's photos on an estimate's lines. `POST` answers an upload
//! link (the photo goes straight to the bucket, past the API's 6 MB limit), `GET` lists the
//! line's photos with where each stands, `DELETE` removes one from the page and the bucket.

use axum::extract::State;
use axum::http::StatusCode;
use casebridge_core::estimates::{self, LinePhotos, PhotoInput, PhotoUpload};
use casebridge_core::App;
use casebridge_http::paths::{LinePhotoPath, LinePhotosPath};
use casebridge_http::{ApiResult, Created, JsonBody, Path, User};

casebridge_http::api! {
    [add_photo, line_photos],
    [remove_photo],
}

type Body<T> = JsonBody<T, 4096>;

/// A photo for a line: where to `PUT` it (with its `content-type`) in the next minutes.
/// JPEG, PNG or HEIC up to 10 MB; checked once it has arrived, then shown to the customer
/// under the line.
#[utoipa::path(post, path = "/v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos", tag = "cases",
    params(LinePhotosPath),
    request_body = PhotoInput,
    responses((status = 201, description = "Where to send the photo, until when", body = PhotoUpload)),
    security(("bearer" = [])))]
async fn add_photo(
    State(app): State<App>,
    User(who): User,
    Path(LinePhotosPath {
        case_id,
        estimate_id,
        line_id,
    }): Path<LinePhotosPath>,
    JsonBody(input): Body<PhotoInput>,
) -> ApiResult<Created<PhotoUpload>> {
    Ok(Created(
        estimates::add_photo(&app, &who, &case_id, &estimate_id, &line_id, input).await?,
    ))
}

/// The line's photos, oldest first: waiting, ready (with a link to see it for five
/// minutes), refused (and why) or expired.
#[utoipa::path(get, path = "/v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos", tag = "cases",
    params(LinePhotosPath),
    responses((status = 200, description = "The line's photos", body = LinePhotos)),
    security(("bearer" = [])))]
async fn line_photos(
    State(app): State<App>,
    User(who): User,
    Path(LinePhotosPath {
        case_id,
        estimate_id,
        line_id,
    }): Path<LinePhotosPath>,
) -> ApiResult<axum::Json<LinePhotos>> {
    let items = estimates::line_photos(&app, &who, &case_id, &estimate_id, &line_id).await?;
    Ok(axum::Json(LinePhotos { items }))
}

/// Removes a photo: gone from the customer's page and from the bucket.
#[utoipa::path(delete, path = "/v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos/{photoId}", tag = "cases",
    params(LinePhotoPath),
    responses((status = 204, description = "Removed")),
    security(("bearer" = [])))]
async fn remove_photo(
    State(app): State<App>,
    User(who): User,
    Path(LinePhotoPath {
        case_id,
        estimate_id,
        line_id,
        photo_id,
    }): Path<LinePhotoPath>,
) -> ApiResult<StatusCode> {
    estimates::remove_photo(&app, &who, &case_id, &estimate_id, &line_id, &photo_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
