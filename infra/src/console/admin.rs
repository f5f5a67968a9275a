//! Administration by role (`/console/admin`): the location's settings, each where its role
//! may change it; the OEM's reply-mode policy; connector secrets (shown once, revoked);
//! the partners' credentials (set, never shown). Each form calls the core function its
//! administration route calls, so who may do what is the permissions table's.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebridge_core::auth::permissions::{may, Action};
use casebridge_core::auth::Principal;
use casebridge_core::dealers::credentials::{
    self, ProcedeCredentialsInput, ProkeepCredentialsInput,
};
use casebridge_core::dealers::{self, ReplyMode, SmsPolicy};
use casebridge_core::Error;
use casebridge_http::forms::FormFields;
use casebridge_http::QueryMap;
use serde_json::{json, Map, Value};

use super::admin_pages::{self, Shown, SWITCHES};
use super::{ConsoleState, Page, Person, PersonForm, Refused};

/// Everything the administration page shows, read as `person` may read it.
async fn shown(s: &ConsoleState, person: &Person, p: &Principal) -> Result<Shown, Error> {
    let view = dealers::get_settings(&s.app, p, &person.dealer).await?;
    let oem = dealers::load_oem(&s.app, &view.oem_id).await?;
    let secrets = if may(p.role, Action::ManageConnectorSecrets) {
        Some(
            credentials::list_connector_secrets(&s.app, p, &person.dealer)
                .await?
                .items,
        )
    } else {
        None
    };
    Ok(Shown {
        seen: dealers::settings_seen(&view.settings),
        view,
        oem,
        secrets,
    })
}

/// What a change did, named in the redirect after it (`?done=`), so the page says it in
/// its own words and no link can put other words on it.
const DONE: &[(&str, &str)] = &[
    ("settings", "Settings saved."),
    ("policy", "The OEM's reply-mode policy is saved."),
    (
        "revoked",
        "The connector secret is revoked: calls signed with it are refused.",
    ),
    (
        "prokeep",
        "The Prokeep API credentials are set (they are never shown).",
    ),
    ("procede", "The Procede API key is set (it is never shown)."),
];

/// `GET /console/admin` (`done`: what the last change did).
pub async fn show(
    State(s): State<ConsoleState>,
    person: Person,
    q: QueryMap,
) -> Result<Page, Refused> {
    let p = person.principal()?;
    let shown = shown(&s, &person, p).await?;
    let done = q.get("done");
    let said = DONE
        .iter()
        .find(|(code, _)| Some(*code) == done)
        .map(|(_, words)| *words);
    Ok(Page(admin_pages::admin(&person, &shown, said)))
}

/// The page again, with what happened (or why not) on top.
async fn again(s: &ConsoleState, person: &Person, status: StatusCode, said: String) -> Response {
    let Ok(p) = person.principal() else {
        return Refused(Error::Forbidden(said)).into_response();
    };
    match shown(s, person, p).await {
        Ok(shown) => (
            status,
            Page(admin_pages::admin(person, &shown, Some(&said))),
        )
            .into_response(),
        Err(e) => Refused(e).into_response(),
    }
}

/// A change's outcome: back to the page; a conflict (the settings changed since the form
/// was opened, or a switch needs what is not set) is the page as it is now, with why (409).
async fn done(s: &ConsoleState, person: &Person, outcome: Result<&'static str, Error>) -> Response {
    match outcome {
        Ok(done) => Redirect::to(&format!("/console/admin?done={done}")).into_response(),
        Err(Error::Conflict(why)) => again(s, person, StatusCode::CONFLICT, why).await,
        Err(e) => Refused(e).into_response(),
    }
}

/// The settings patch a settings form makes: only the fields it showed as changeable.
fn settings_patch(form: &FormFields) -> Result<Value, Error> {
    let shown: Vec<&str> = form.all("shown");
    let mut patch = Map::new();
    for (name, _, _) in SWITCHES {
        if shown.contains(name) {
            patch.insert((*name).into(), Value::Bool(form.get(name) == "on"));
        }
    }
    if shown.contains(&"smsReplyMode") {
        patch.insert(
            "smsReplyMode".into(),
            Value::String(form.get("smsReplyMode").into()),
        );
    }
    for name in ["partsReminderMinutes", "approvalReminderHours"] {
        if shown.contains(&name) {
            let n: u32 = form
                .get(name)
                .trim()
                .parse()
                .map_err(|_| Error::bad_field(name, "a whole number"))?;
            patch.insert(name.into(), json!(n));
        }
    }
    if shown.contains(&"address") {
        patch.insert(
            "address".into(),
            Value::String(form.get("address").trim().into()),
        );
    }
    Ok(Value::Object(patch))
}

/// `POST /console/admin/settings`.
pub async fn save_settings(
    State(s): State<ConsoleState>,
    PersonForm { person, form }: PersonForm,
) -> Response {
    let outcome = async {
        let p = person.principal()?;
        let patch = settings_patch(&form)?;
        dealers::patch_settings_seen(&s.app, p, &person.dealer, patch, form.get("seen")).await?;
        Ok("settings")
    };
    let outcome = outcome.await;
    done(&s, &person, outcome).await
}

/// `POST /console/admin/reply-policy`: the OEM's policy for its network.
pub async fn save_reply_policy(
    State(s): State<ConsoleState>,
    PersonForm { person, form }: PersonForm,
) -> Response {
    let outcome = async {
        let p = person.principal()?;
        let dealer = person.location(&s.app).await?;
        let default_mode: ReplyMode = serde_json::from_value(json!(form.get("defaultMode")))
            .map_err(|_| Error::bad_field("defaultMode", "sms_and_mobile or mobile_only"))?;
        let policy = SmsPolicy {
            default_mode,
            dealer_admins_may_change: form.get("dealerAdminsMayChange") == "on",
        };
        dealers::set_sms_policy(&s.app, p, &dealer.oem_id, policy).await?;
        Ok("policy")
    };
    let outcome = outcome.await;
    done(&s, &person, outcome).await
}

/// `POST /console/admin/connector-secrets`: the new secret, shown this once.
pub async fn create_secret(
    State(s): State<ConsoleState>,
    PersonForm { person, form: _ }: PersonForm,
) -> Result<Page, Refused> {
    let p = person.principal()?;
    let created = credentials::create_connector_secret(&s.app, p, &person.dealer).await?;
    Ok(Page(admin_pages::secret_created(&person, &created)))
}

/// `POST /console/admin/connector-secrets/{secretId}/revoke`.
pub async fn revoke_secret(
    State(s): State<ConsoleState>,
    Path(secret_id): Path<String>,
    PersonForm { person, form: _ }: PersonForm,
) -> Response {
    let outcome = async {
        let p = person.principal()?;
        credentials::revoke_connector_secret(&s.app, p, &person.dealer, &secret_id).await?;
        Ok("revoked")
    };
    let outcome = outcome.await;
    done(&s, &person, outcome).await
}

/// `POST /console/admin/prokeep-credentials`: set, never shown again.
pub async fn set_prokeep(
    State(s): State<ConsoleState>,
    PersonForm { person, form }: PersonForm,
) -> Response {
    let outcome = async {
        let p = person.principal()?;
        let input = ProkeepCredentialsInput {
            username: form.get("username").into(),
            password: form.get("password").into(),
            sender: form.get("sender").into(),
        };
        credentials::set_prokeep_credentials(&s.app, p, &person.dealer, input).await?;
        Ok("prokeep")
    };
    let outcome = outcome.await;
    done(&s, &person, outcome).await
}

/// `POST /console/admin/procede-credentials`: set, never shown again.
pub async fn set_procede(
    State(s): State<ConsoleState>,
    PersonForm { person, form }: PersonForm,
) -> Response {
    let outcome = async {
        let p = person.principal()?;
        let input = ProcedeCredentialsInput {
            api_key: form.get("apiKey").into(),
        };
        credentials::set_procede_key(&s.app, p, &person.dealer, input).await?;
        Ok("procede")
    };
    let outcome = outcome.await;
    done(&s, &person, outcome).await
}
