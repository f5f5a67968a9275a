//! The findings of the probe (issue 10), one scenario each: what an attacker or a flaky
//! network did, and what casebridge answers now. Lost replies and double texts under
//! failures are proven call by call in `faults.rs`; the attach/close race in
//! `transcripts.rs` (`attaches_and_closes_racing…`, run 100 times in a row); the
//! template's findings in `template.rs`; the renderer's line bound in the PDF crate.

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::events::{self, DomainEvent};
use casebridge_core::keys;
use casebridge_core::mobile::links;
use casebridge_core::ports::functions;
use std::sync::Arc;

use casebridge_core::ports::{
    Cond, EventPublisher, Item, ItemStore, Page, PageRequest, StoreError, WriteOp,
};

use casebridge_core::sms::inbound::{Inbound, TwoWaySms};
use casebridge_core::sms::notify::opted_out;
use casebridge_testkit::{parts, request, seed_dealers, Reply, TestBackend};
use common::{advisor, api, thread, user, user_reply, D1_ADVISOR};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

#[path = "../common/mod.rs"]
mod common;

mod customer_links;
mod failures;
mod isolation;
mod signatures;
mod texts;

const ANN: &str = "+12145550101";

fn d1() -> DealerId {
    DealerId::parse("d1").unwrap()
}

/// A d1 case with Ann (a one-time contact) invited; answers (case, Ann's id).
async fn case_with_ann(b: &TestBackend) -> (String, String) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-101"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let ann = contact_on(b, &case, "Ann Fleet", ANN).await;
    (case, ann)
}

/// A one-time contact of `case`, invited.
async fn contact_on(b: &TestBackend, case: &str, name: &str, mobile: &str) -> String {
    let (s, c) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": name, "mobile": mobile, "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": id})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    id
}

/// The token of a fresh link to `case` for `contact`.
async fn link(b: &TestBackend, case: &str, contact: &str) -> String {
    casebridge_testkit::fixtures::mobile_link_token(&b.app, case, contact).await
}

async fn page(b: &TestBackend, token: &str) -> Reply {
    casebridge_testkit::send(api(&b.app), request("GET", &format!("/m/{token}"), None)).await
}

fn reply(from: &str, to: &str, body: &str, id: &str) -> TwoWaySms {
    TwoWaySms {
        origination_number: from.into(),
        destination_number: to.into(),
        message_keyword: None,
        message_body: body.into(),
        inbound_message_id: id.into(),
        previous_published_message_id: None,
    }
}

/// d1's texting number, as the fixtures give it.
async fn d1_number(b: &TestBackend) -> String {
    casebridge_core::dealers::load_dealer(&b.app, &d1())
        .await
        .unwrap()
        .sms_origination_number
        .unwrap()
}

// ------------------------------------------------------------------ mobile links
