//! Administration: a platform admin onboards an OEM and a dealer location, turns its
//! connector on and issues connector secrets; the OEM admin turns mobile communications
//! on; the dealer admin sets its own switches and partner credentials; advisors see the
//! groups they may escalate to — each switch only by the role the product gives it. On the
//! embedded backend and on moto (DynamoDB and Secrets Manager).

#[path = "../common/mod.rs"]
mod common;

use casebridge_core::notifications::LOCAL_BUDGET;
use casebridge_core::ports::functions;
use casebridge_testkit::{procede_search_on, seed_dealers, signed, TestBackend};
use common::{api, user};
use serde_json::{json, Value};

mod case_customers;
mod connector;
mod onboarding;

const PLATFORM: (&str, &str, Option<&str>) = ("", "platform_admin", None);

const KW_OEM_ADMIN: (&str, &str, Option<&str>) = ("", "oem_admin", Some("kenworth"));

const KW_ADMIN: (&str, &str, Option<&str>) = ("kw-dallas", "dealer_admin", None);

const KW_ADVISOR: (&str, &str, Option<&str>) = ("kw-dallas", "advisor", None);

const SETTINGS: &str = "/v1/dealers/kw-dallas/settings";

/// Given Kenworth and its Dallas location, onboarded by the platform admin.
async fn onboarded(b: &TestBackend) {
    seed_dealers(&b.app).await;
    let (s, oem) = user(
        &b.app,
        "POST",
        "/v1/oems",
        Some(json!({"id": "kenworth", "name": "Kenworth"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 201, "{oem}");
    let (s, dealer) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "kw-dallas", "name": "Kenworth of Dallas", "oemId": "kenworth", "timeZone": "America/Chicago"})),
        PLATFORM,
    )
    .await;
    assert_eq!(s, 201, "{dealer}");
}

async fn patch(b: &TestBackend, body: Value, who: (&str, &str, Option<&str>)) -> (u16, Value) {
    user(&b.app, "PATCH", SETTINGS, Some(body), who).await
}

const D1_ADVISOR: (&str, &str, Option<&str>) = ("d1", "advisor", None);
