//! The API document, assembled from the routers' own declarations (`#[utoipa::path]` on each
//! handler, collected by `utoipa_axum::routes!`), so the routes served and the routes
//! documented cannot drift apart. Tests hold the checked-in `openapi.json` equal to it and
//! its paths equal to `template.yaml`'s events.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{InfoBuilder, OpenApi, Ref, RefOr};
use utoipa::{Modify, PartialSchema, ToSchema};

use crate::problem::{Problem, PROBLEM_JSON};

/// Case users: a JWT (API Gateway's JWT authorizer in AWS; `casebridge token` locally).
pub const BEARER: &str = "bearer";
/// The Prokeep connector: `X-Casebridge-Dealer` names the dealer ...
pub const CONNECTOR_DEALER: &str = "connectorDealer";
/// ... and `X-Casebridge-Signature` signs the request with its connector secret.
pub const CONNECTOR_SIGNATURE: &str = "connectorSignature";

/// Tags, one per area, in the order a reader meets them.
pub const TAGS: &[(&str, &str)] = &[
    ("cases", "Cases, notes, attachments (Case users)"),
    ("dealers", "Dealer settings"),
    (
        "prokeep",
        "The Prokeep connector: open cases, transcripts, parts callbacks",
    ),
    ("parts", "Parts escalations to the Prokeep parts counter"),
    ("procede", "Procede DMS search and Case customers"),
    (
        "contacts",
        "Customer contacts, invitations, the SMS reply mode",
    ),
    (
        "mobile",
        "The customer's mobile page (signed links, no token)",
    ),
];

/// Completes a document collected from routers: title, the security schemes, the problem
/// schema, and `application/problem+json` for every 4XX and 5XX answer of every operation.
pub fn complete(mut api: OpenApi) -> OpenApi {
    let steps: [&dyn Modify; 6] = [
        &Info,
        &SecuritySchemes,
        &IdempotencyKeyHeader,
        &ProblemAnswers,
        &MergeFlattened,
        &Tags,
    ];
    for step in steps {
        step.modify(&mut api);
    }
    api
}

/// Title, version and the conventions every answer follows.
struct Info;

impl Modify for Info {
    fn modify(&self, api: &mut OpenApi) {
        api.info = InfoBuilder::new()
            .title("casebridge")
            .version(env!("CARGO_PKG_VERSION"))
            .description(Some(
                "The back end between Case, Prokeep, customers' phones and the Procede DMS. \
                 Lists answer {\"items\", \"nextPage\"}; errors answer application/problem+json \
                 (RFC 9457); another dealer's data is 404.",
            ))
            .build();
    }
}

/// The bearer JWT of Case users and the connector's two headers.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, api: &mut OpenApi) {
        let schemes = &mut api
            .components
            .get_or_insert_with(Default::default)
            .security_schemes;
        schemes.insert(
            BEARER.into(),
            RefOr::T(SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "Claims: sub, dealer_id, role (advisor, dealer_admin, oem_admin), oem_id, name",
                    ))
                    .build(),
            )),
        );
        schemes.insert(
            CONNECTOR_DEALER.into(),
            RefOr::T(SecurityScheme::ApiKey(ApiKey::Header(
                ApiKeyValue::with_description(
                    "X-Casebridge-Dealer",
                    "The dealer whose connector signs the request",
                ),
            ))),
        );
        schemes.insert(
            CONNECTOR_SIGNATURE.into(),
            RefOr::T(SecurityScheme::ApiKey(ApiKey::Header(
                ApiKeyValue::with_description(
                    "X-Casebridge-Signature",
                    "t=<unix seconds>,v2=<hex HMAC-SHA256 of t\\nMETHOD\\npath?query\\nbody> with the dealer's \
                     connector secret (see README)",
                ),
            ))),
        );
    }
}

/// Every POST a Case user makes may carry an `Idempotency-Key`.
struct IdempotencyKeyHeader;

impl Modify for IdempotencyKeyHeader {
    fn modify(&self, api: &mut OpenApi) {
        for item in api.paths.paths.values_mut() {
            let Some(post) = item.post.as_mut() else {
                continue;
            };
            let bearer = serde_json::to_value(&post.security)
                .map(|v| v.to_string().contains(BEARER))
                .unwrap_or(false);
            if bearer {
                post.parameters
                    .get_or_insert_with(Vec::new)
                    .push(RefOr::T(idempotency_key_parameter()));
            }
        }
    }
}

fn idempotency_key_parameter() -> utoipa::openapi::path::Parameter {
    utoipa::openapi::path::ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(utoipa::openapi::path::ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "Retrying with the same key (24 hours, per user) answers the first \
             answer again; the same key with another request is 422",
        ))
        .schema(Some(
            utoipa::openapi::ObjectBuilder::new()
                .schema_type(utoipa::openapi::schema::Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[!-~]+$")),
        ))
        .build()
}

/// The problem schema, and `application/problem+json` for every 4XX and 5XX answer.
struct ProblemAnswers;

impl Modify for ProblemAnswers {
    fn modify(&self, api: &mut OpenApi) {
        let mut schemas = Vec::new();
        Problem::schemas(&mut schemas);
        schemas.push((Problem::name().to_string(), Problem::schema()));
        api.components
            .get_or_insert_with(Default::default)
            .schemas
            .extend(schemas);
        let problem = ResponseBuilder::new()
            .description("A problem (RFC 9457): what went wrong and, for bad input, which fields")
            .content(
                PROBLEM_JSON,
                ContentBuilder::new()
                    .schema(Some(RefOr::Ref(Ref::from_schema_name(Problem::name()))))
                    .build(),
            )
            .build();
        for item in api.paths.paths.values_mut() {
            let ops = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for op in ops.into_iter().flatten() {
                for range in ["4XX", "5XX"] {
                    op.responses
                        .responses
                        .entry(range.into())
                        .or_insert_with(|| RefOr::T(problem.clone()));
                }
            }
        }
    }
}

/// One tag per area, in the order a reader meets them.
struct Tags;

impl Modify for Tags {
    fn modify(&self, api: &mut OpenApi) {
        api.tags = Some(
            TAGS.iter()
                .map(|(name, description)| {
                    utoipa::openapi::tag::TagBuilder::new()
                        .name(*name)
                        .description(Some(*description))
                        .build()
                })
                .collect(),
        );
    }
}

struct MergeFlattened;

impl Modify for MergeFlattened {
    fn modify(&self, api: &mut OpenApi) {
        merge_flattened(api);
    }
}

/// `#[serde(flatten)]` of a closed struct (`deny_unknown_fields`, so `additionalProperties:
/// false`) comes out as `allOf: [closed, more]`, which no value can satisfy: the closed part
/// refuses the other part's properties. Serde means one object with both sets of fields, so
/// that is what the document says.
fn merge_flattened(api: &mut OpenApi) {
    use utoipa::openapi::schema::{Object, Schema};
    let Some(components) = api.components.as_mut() else {
        return;
    };
    let named = components.schemas.clone();
    let object_of = |item: &RefOr<Schema>| -> Option<Object> {
        let schema = match item {
            RefOr::T(s) => s,
            RefOr::Ref(r) => match named.get(r.ref_location.rsplit('/').next()?)? {
                RefOr::T(s) => s,
                RefOr::Ref(_) => return None,
            },
        };
        match schema {
            Schema::Object(o) => Some(o.clone()),
            _ => None,
        }
    };
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::AllOf(all)) = schema else {
            continue;
        };
        let parts: Option<Vec<Object>> = all.items.iter().map(object_of).collect();
        let Some(parts) = parts else { continue };
        if !parts.iter().any(|p| p.additional_properties.is_some()) {
            continue;
        }
        let mut merged = Object::new();
        merged.schema_type = utoipa::openapi::schema::Type::Object.into();
        merged.description = all.description.clone();
        for part in parts {
            merged.properties.extend(part.properties);
            merged.required.extend(part.required);
        }
        *schema = RefOr::T(Schema::Object(merged));
    }
}

/// The document as the checked-in file holds it: pretty JSON and a final newline.
pub fn to_file(api: &OpenApi) -> String {
    let mut s = api.to_pretty_json().unwrap_or_default();
    s.push('\n');
    s
}

/// Every (method, path) the document declares, e.g. `("GET", "/v1/cases/{caseId}")`.
pub fn operations(api: &OpenApi) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, item) in &api.paths.paths {
        for (method, op) in [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("PATCH", &item.patch),
        ] {
            if op.is_some() {
                out.push((method.to_string(), path.clone()));
            }
        }
    }
    out
}

/// The security a (method, path) declares: `None` for an open route, else its schemes.
pub fn security_of(api: &OpenApi, method: &str, path: &str) -> Option<Vec<String>> {
    let item = api.paths.paths.get(path)?;
    let op = match method {
        "GET" => item.get.as_ref(),
        "PUT" => item.put.as_ref(),
        "POST" => item.post.as_ref(),
        "DELETE" => item.delete.as_ref(),
        "PATCH" => item.patch.as_ref(),
        _ => None,
    }?;
    let reqs = op.security.as_ref()?;
    let value = serde_json::to_value(reqs).ok()?;
    let names: Vec<String> = value
        .as_array()?
        .iter()
        .filter_map(|r| r.as_object())
        .flat_map(|o| o.keys().cloned())
        .collect();
    (!names.is_empty()).then_some(names)
}
