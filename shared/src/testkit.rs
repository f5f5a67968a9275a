//! Test support (feature `testkit`): a moto server on 127.0.0.1 started and stopped by the
//! test that needs it, and the AWS-backed [`App`] wired to it.
//!
//! moto comes from the Python package registry; `infra/scripts/test.sh` installs it into
//! `.tools/venv`. Set `CASEBRIDGE_MOTO_SERVER` to use another `moto_server` executable.

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::adapters::dynamodb::DynamoStore;
use crate::adapters::s3::S3Blobs;
use crate::adapters::sns::SnsEvents;
pub use crate::adapters::AwsClients;
use crate::ports::{Clock, IdGen, UuidV7Ids};
use crate::App;

/// A running moto server; stopped (by PID) when dropped.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    pub port: u16,
}

fn moto_executable() -> PathBuf {
    if let Ok(p) = std::env::var("CASEBRIDGE_MOTO_SERVER") {
        return PathBuf::from(p);
    }
    // The workspace root is two levels above any crate's manifest dir at most.
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for _ in 0..3 {
        let candidate = dir.join(".tools/venv/bin/moto_server");
        if candidate.exists() {
            return candidate;
        }
        if !dir.pop() {
            break;
        }
    }
    PathBuf::from("moto_server")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port on 127.0.0.1: {e}"))
}

impl Moto {
    /// Starts moto on a free loopback port and waits until it answers.
    pub fn start() -> Moto {
        let exe = moto_executable();
        for _attempt in 0..3 {
            let port = free_port();
            let child = Command::new(&exe)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot start {}: {e}. Run the README's test command \
                         (bash infra/scripts/test.sh), which installs moto into .tools/venv, \
                         or set CASEBRIDGE_MOTO_SERVER.",
                        exe.display()
                    )
                });
            let mut moto = Moto {
                child,
                endpoint: format!("http://127.0.0.1:{port}"),
                port,
            };
            let deadline = Instant::now() + Duration::from_secs(30);
            while Instant::now() < deadline {
                if let Ok(Some(_)) = moto.child.try_wait() {
                    break; // exited: the port was taken; try another
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return moto;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        panic!("moto server ({}) did not start on 127.0.0.1", exe.display());
    }

    /// SDK config pointing at this server with dummy credentials.
    pub async fn sdk_config(&self) -> aws_config::SdkConfig {
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .endpoint_url(&self.endpoint)
            .credentials_provider(aws_sdk_dynamodb::config::Credentials::new(
                "testing", "testing", None, None, "moto",
            ))
            .load()
            .await
    }

    pub async fn clients(&self) -> AwsClients {
        AwsClients::new(&self.sdk_config().await)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The resources `template.yaml` creates, made on moto.
pub struct AwsResources {
    pub table: String,
    pub bucket: String,
    pub topic_arn: String,
}

pub async fn create_table(clients: &AwsClients, name: &str) {
    use aws_sdk_dynamodb::types::*;
    let attr = |n: &str| {
        AttributeDefinition::builder()
            .attribute_name(n)
            .attribute_type(ScalarAttributeType::S)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let key = |n: &str, t| {
        KeySchemaElement::builder()
            .attribute_name(n)
            .key_type(t)
            .build()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    clients
        .dynamodb
        .create_table()
        .table_name(name)
        .attribute_definitions(attr("pk"))
        .attribute_definitions(attr("sk"))
        .key_schema(key("pk", KeyType::Hash))
        .key_schema(key("sk", KeyType::Range))
        .billing_mode(BillingMode::PayPerRequest)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create table: {e:?}"));
}

pub async fn create_versioned_bucket(clients: &AwsClients, name: &str) {
    use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
    clients
        .s3
        .create_bucket()
        .bucket(name)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create bucket: {e:?}"));
    clients
        .s3
        .put_bucket_versioning()
        .bucket(name)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("bucket versioning: {e:?}"));
}

pub async fn create_topic(clients: &AwsClients, name: &str) -> String {
    clients
        .sns
        .create_topic()
        .name(name)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create topic: {e:?}"))
        .topic_arn
        .unwrap_or_else(|| panic!("moto returned no topic ARN"))
}

pub async fn create_resources(clients: &AwsClients) -> AwsResources {
    let res = AwsResources {
        table: "casebridge".into(),
        bucket: "casebridge-attachments".into(),
        topic_arn: String::new(),
    };
    create_table(clients, &res.table).await;
    create_versioned_bucket(clients, &res.bucket).await;
    let topic_arn = create_topic(clients, "casebridge-events").await;
    AwsResources { topic_arn, ..res }
}

/// The production wiring on moto, with the test's clock and ids.
pub async fn aws_app(
    moto: &Moto,
    clock: Arc<dyn Clock>,
    ids: Option<Arc<dyn IdGen>>,
) -> (App, AwsClients, AwsResources) {
    let clients = moto.clients().await;
    let res = create_resources(&clients).await;
    let app = App {
        store: Arc::new(DynamoStore::new(
            clients.dynamodb.clone(),
            &res.table,
            clock.clone(),
        )),
        blobs: Arc::new(S3Blobs::new(clients.s3.clone(), &res.bucket)),
        events: Arc::new(SnsEvents::new(clients.sns.clone(), &res.topic_arn)),
        clock,
        ids: ids.unwrap_or_else(|| Arc::new(UuidV7Ids)),
        prokeep: Arc::new(crate::adapters::prokeep_local::RecordingProkeep::new(
            temp_dir("prokeep").join("prokeep.jsonl"),
        )),
        procede: Arc::new(crate::adapters::procede_http::ProcedeNotConfigured),
        sms: Arc::new(crate::adapters::sns_sms::SnsSms::new(clients.sns.clone())),
        links: Arc::new(crate::sms::links::MobileLinks::new(
            b"test-links".to_vec(),
            "http://127.0.0.1:9",
        )),
    };
    (app, clients, res)
}

// ---------------------------------------------------------------------------------------
// Backends for scenario tests: the same App on the embedded adapters or on moto.

use crate::adapters::in_process::InProcessBus;
use crate::adapters::local_blobs::LocalBlobs;
use crate::adapters::sqlite::SqliteStore;
use crate::events::DomainEvent;
use crate::ports::{EventPublisher, FixedClock};

/// Records every published event, then passes it on (to SNS or the in-process bus).
pub struct RecordingPublisher {
    inner: Arc<dyn EventPublisher>,
    seen: std::sync::Mutex<Vec<DomainEvent>>,
}

impl RecordingPublisher {
    pub fn events(&self) -> Vec<DomainEvent> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    pub fn kinds(&self) -> Vec<String> {
        self.events().into_iter().map(|e| e.kind).collect()
    }
}

#[async_trait::async_trait]
impl EventPublisher for RecordingPublisher {
    async fn publish(&self, event: &DomainEvent) -> crate::Result<()> {
        self.inner.publish(event).await?;
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(event.clone());
        Ok(())
    }
}

/// An App for a scenario test, on one backend.
pub struct TestBackend {
    pub name: &'static str,
    pub app: App,
    pub clock: Arc<FixedClock>,
    pub events: Arc<RecordingPublisher>,
    /// What was sent to Prokeep (the same adapter as `app.prokeep`).
    pub prokeep: Arc<crate::adapters::prokeep_local::RecordingProkeep>,
    /// The local DMS file `app.procede` reads (tests write it).
    pub procede_file: PathBuf,
    /// The local SMS recorder on the embedded backend (moto records what SNS sent itself).
    pub sms: Option<Arc<crate::adapters::sms_local::RecordingSms>>,
    pub moto: Option<Moto>,
}

fn recording_sms() -> Arc<crate::adapters::sms_local::RecordingSms> {
    Arc::new(crate::adapters::sms_local::RecordingSms::new(
        temp_dir("sms").join("sms.jsonl"),
    ))
}

fn recording_prokeep() -> Arc<crate::adapters::prokeep_local::RecordingProkeep> {
    Arc::new(crate::adapters::prokeep_local::RecordingProkeep::new(
        temp_dir("prokeep").join("prokeep.jsonl"),
    ))
}

pub fn temp_dir(label: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("casebridge-{label}-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("temp dir: {e}"));
    dir
}

pub fn test_clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at(
        "2026-11-23T09:00:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}")),
    ))
}

impl TestBackend {
    /// SQLite in memory, blobs in a temp dir, in-process bus.
    pub fn embedded() -> TestBackend {
        let clock = test_clock();
        let prokeep = recording_prokeep();
        let procede_file = temp_dir("procede").join("dms.json");
        let sms = recording_sms();
        let events = Arc::new(RecordingPublisher {
            inner: Arc::new(InProcessBus::new()),
            seen: Default::default(),
        });
        let app = App {
            store: Arc::new(
                SqliteStore::in_memory(clock.clone()).unwrap_or_else(|e| panic!("{e}")),
            ),
            blobs: Arc::new(LocalBlobs::new(
                temp_dir("blobs"),
                "http://127.0.0.1:9",
                b"test-link-key".to_vec(),
                clock.clone(),
            )),
            events: events.clone(),
            clock: clock.clone(),
            ids: Arc::new(UuidV7Ids),
            prokeep: prokeep.clone(),
            procede: Arc::new(crate::adapters::procede_file::ProcedeFile::new(
                procede_file.clone(),
                None,
            )),
            sms: sms.clone(),
            links: Arc::new(crate::sms::links::MobileLinks::new(
                b"test-links".to_vec(),
                "http://127.0.0.1:9",
            )),
        };
        TestBackend {
            prokeep,
            procede_file,
            sms: Some(sms),
            name: "embedded",
            app,
            clock,
            events,
            moto: None,
        }
    }

    /// DynamoDB, S3 and SNS on a moto server of its own.
    pub async fn moto() -> TestBackend {
        let moto = Moto::start();
        let clock = test_clock();
        let (mut app, _clients, _res) = aws_app(&moto, clock.clone(), None).await;
        let events = Arc::new(RecordingPublisher {
            inner: app.events.clone(),
            seen: Default::default(),
        });
        app.events = events.clone();
        let prokeep = recording_prokeep();
        app.prokeep = prokeep.clone();
        let procede_file = temp_dir("procede").join("dms.json");
        app.procede = Arc::new(crate::adapters::procede_file::ProcedeFile::new(
            procede_file.clone(),
            None,
        ));
        TestBackend {
            prokeep,
            procede_file,
            sms: None,
            name: "moto",
            app,
            clock,
            events,
            moto: Some(moto),
        }
    }
}

impl TestBackend {
    /// Every text sent so far as (to, body), oldest first: from the local recorder, or from
    /// what moto's SNS recorded as published to phone numbers.
    pub async fn texts(&self) -> Vec<(String, String)> {
        if let Some(rec) = &self.sms {
            return rec
                .recorded()
                .into_iter()
                .map(|v| {
                    (
                        v["to"].as_str().unwrap_or_default().to_string(),
                        v["body"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect();
        }
        let Some(moto) = &self.moto else {
            return Vec::new();
        };
        crate::adapters::install_tls_provider();
        let data: serde_json::Value =
            match reqwest::get(format!("{}/moto-api/data.json", moto.endpoint)).await {
                Ok(r) => r.json().await.unwrap_or_default(),
                Err(_) => return Vec::new(),
            };
        data["sns"]["SMS"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                (
                    v["phone_number"].as_str().unwrap_or_default().to_string(),
                    v["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

/// Runs each named scenario `async fn(TestBackend)` as two tests: `embedded::<name>` and
/// `moto::<name>`. The scenarios must be in scope of the invoking module.
#[macro_export]
macro_rules! on_every_backend {
    ($($scenario:ident),* $(,)?) => {
        mod embedded {
            $(#[tokio::test]
            async fn $scenario() {
                super::$scenario($crate::testkit::TestBackend::embedded()).await;
            })*
        }
        mod moto {
            $(#[tokio::test]
            async fn $scenario() {
                super::$scenario($crate::testkit::TestBackend::moto().await).await;
            })*
        }
    };
}

// ---------------------------------------------------------------------------------------
// Fixtures and requests.

use crate::dealers::{Dealer, DealerId, DealerSettings, Oem, ProkeepGroup, ReplyMode, SmsPolicy};

/// OEM `oem-a` (dealers `d1`, `d2`; dealer admins may not change the reply mode) and OEM
/// `oem-b` (dealer `d3`).
pub async fn seed_dealers(app: &App) {
    for (id, may_change) in [("oem-a", false), ("oem-b", true)] {
        let oem = Oem {
            id: id.into(),
            name: id.to_uppercase(),
            sms_policy: SmsPolicy {
                default_mode: ReplyMode::SmsAndMobile,
                dealer_admins_may_change: may_change,
            },
        };
        crate::dealers::seed_oem(app, &oem)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
    for (id, oem) in [("d1", "oem-a"), ("d2", "oem-a"), ("d3", "oem-b")] {
        let dealer = Dealer {
            id: DealerId::parse(id).unwrap_or_else(|e| panic!("{e}")),
            name: format!("Dealer {id}"),
            oem_id: oem.into(),
            settings: DealerSettings {
                time_zone: "America/Chicago".into(),
                prokeep_connector_enabled: true,
                parts_counter_uses_prokeep: true,
                prokeep_groups: vec![ProkeepGroup {
                    id: "parts-counter".into(),
                    name: "Parts".into(),
                }],
                procede_search_enabled: false,
                sms_reply_mode: None,
                parts_reminder_minutes: 15,
            },
            connector_secrets: vec![format!("{id}-secret")],
            prokeep_api: Some(crate::ports::ProkeepCredentials {
                username: format!("{id}-api"),
                password: format!("{id}-password"),
                sender: format!("casebridge-{id}"),
            }),
            procede_api_key: Some(format!("{id}-procede-key")),
            sms_origination_number: Some(format!(
                "+1214555{:04}",
                1000 + id.len() * 7 + id.bytes().map(u32::from).sum::<u32>() as usize % 1000
            )),
            version: 1,
        };
        crate::dealers::seed_dealer(app, &dealer)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A request as API Gateway hands it to a function (no authorizer claims).
pub fn request(method: &str, path: &str, body: Option<&serde_json::Value>) -> lambda_http::Request {
    let body = match body {
        Some(v) => lambda_http::Body::Binary(serde_json::to_vec(v).unwrap_or_default()),
        None => lambda_http::Body::Empty,
    };
    http::Request::builder()
        .method(method)
        .uri(format!("https://api.example.test{path}"))
        .header("content-type", "application/json")
        .body(body)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Adds the JWT authorizer's claims for a Case user of `dealer`.
pub fn as_user(
    req: lambda_http::Request,
    dealer: &str,
    role: &str,
    oem: Option<&str>,
) -> lambda_http::Request {
    use lambda_http::aws_lambda_events::apigw::{
        ApiGatewayRequestAuthorizer, ApiGatewayRequestAuthorizerJwtDescription,
        ApiGatewayV2httpRequestContext,
    };
    use lambda_http::RequestExt;
    let mut jwt = ApiGatewayRequestAuthorizerJwtDescription::default();
    jwt.claims
        .insert("sub".into(), format!("{role}-of-{dealer}"));
    jwt.claims.insert("dealer_id".into(), dealer.into());
    jwt.claims.insert("role".into(), role.into());
    if let Some(o) = oem {
        jwt.claims.insert("oem_id".into(), o.into());
    }
    let mut authorizer = ApiGatewayRequestAuthorizer::default();
    authorizer.jwt = Some(jwt);
    let mut ctx = ApiGatewayV2httpRequestContext::default();
    ctx.authorizer = Some(authorizer);
    req.with_request_context(lambda_http::request::RequestContext::ApiGatewayV2(ctx))
}

/// Status and JSON body of a response.
pub fn parts(resp: &crate::http::Response) -> (u16, serde_json::Value) {
    let bytes: &[u8] = resp.body().as_ref();
    let json = if bytes.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(bytes).unwrap_or_else(|e| {
            panic!(
                "response is not JSON ({e}): {}",
                String::from_utf8_lossy(bytes)
            )
        })
    };
    (resp.status().as_u16(), json)
}

/// A Prokeep connector request for `dealer`, signed at `t` with `secret` (as the connector
/// signs: HMAC over `"{t}.{raw body}"`).
pub fn signed(
    method: &str,
    path: &str,
    body: &[u8],
    dealer: &str,
    secret: &str,
    t: i64,
) -> lambda_http::Request {
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("https://api.example.test{path}"))
        .header("content-type", "application/json")
        .header(crate::auth::signature::DEALER_HEADER, dealer)
        .header(
            crate::auth::signature::SIGNATURE_HEADER,
            crate::auth::signature::sign(secret, t, body),
        )
        .body(lambda_http::Body::Binary(body.to_vec()))
        .unwrap_or_else(|e| panic!("{e}"));
    // API Gateway hands over no authorizer claims on these routes.
    use lambda_http::RequestExt;
    req = req.with_request_context(lambda_http::request::RequestContext::ApiGatewayV2(
        Default::default(),
    ));
    req
}

/// An HTTP client for tests (after installing the TLS crypto provider reqwest needs).
pub fn http_client() -> reqwest::Client {
    crate::adapters::install_tls_provider();
    reqwest::Client::new()
}
