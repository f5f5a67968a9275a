//! A moto server on 127.0.0.1, started and stopped (by PID) by the test that needs it, the
//! resources `template.yaml` creates, and the AWS-backed [`App`] wired to it.
//!
//! moto comes from the Python package registry; `infra/scripts/test.sh` installs it into
//! `.tools/venv`. Set `CASEBRIDGE_MOTO_SERVER` to use another `moto_server` executable.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use casebridge_aws::dynamodb::DynamoStore;
use casebridge_aws::s3::S3Blobs;
use casebridge_aws::sns::SnsEvents;
pub use casebridge_aws::AwsClients;
use casebridge_core::ports::{
    Clock, Cond, IdGen, Item, ItemStore, Page, PageRequest, StoreError, UuidV7Ids, WriteOp,
};
use casebridge_core::App;

use crate::scratch::temp_dir;
use crate::servers::spawn_on_own_port;

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
    // The workspace root is at most three levels above any crate's manifest dir.
    let mut dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for _ in 0..4 {
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

impl Moto {
    /// Starts moto on a loopback port of its own choosing and waits until it answers.
    pub fn start() -> Moto {
        let exe = moto_executable();
        let (child, port) = spawn_on_own_port(
            Command::new(&exe)
                .args(["-H", "127.0.0.1", "-p", "0"])
                .stdout(Stdio::null()),
            "Running on",
            Duration::from_secs(30),
        )
        .unwrap_or_else(|e| {
            panic!(
                "cannot start {}: {e}. Run the README's test command \
                 (bash infra/scripts/test.sh), which installs moto into .tools/venv, \
                 or set CASEBRIDGE_MOTO_SERVER.",
                exe.display()
            )
        });
        Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
        }
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

/// The SES configuration set of the test resources.
pub const SES_CONFIGURATION_SET: &str = "casebridge-test";

pub async fn create_resources(clients: &AwsClients) -> AwsResources {
    let res = AwsResources {
        table: "casebridge".into(),
        bucket: "casebridge-attachments".into(),
        topic_arn: String::new(),
    };
    create_table(clients, &res.table).await;
    create_versioned_bucket(clients, &res.bucket).await;
    let topic_arn = create_topic(clients, "casebridge-events").await;
    // The dealers' sending domain, verified, and the configuration set emails go out with.
    clients
        .sesv2
        .create_email_identity()
        .email_identity(crate::fixtures::DEALERS_EMAIL_DOMAIN)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create email identity: {e:?}"));
    clients
        .sesv2
        .create_configuration_set()
        .configuration_set_name(SES_CONFIGURATION_SET)
        .send()
        .await
        .unwrap_or_else(|e| panic!("create configuration set: {e:?}"));
    AwsResources { topic_arn, ..res }
}

/// The item store on moto, one request at a time.
///
/// moto applies a DynamoDB transaction by snapshotting the table and, when any condition
/// fails, restoring the snapshot — which silently erases whatever another request wrote
/// in between. DynamoDB serialises transactions with every other write, so a real table
/// never does that. Race tests therefore send moto one store call at a time: the races
/// under test (between a service's separate reads and writes) stay as they are; only each
/// single call becomes as atomic as it is in AWS.
pub struct OneCallAtATime<S> {
    inner: S,
    lock: tokio::sync::Mutex<()>,
}

impl<S> OneCallAtATime<S> {
    pub fn new(inner: S) -> Self {
        OneCallAtATime {
            inner,
            lock: tokio::sync::Mutex::new(()),
        }
    }
}

#[async_trait::async_trait]
impl<S: ItemStore> ItemStore for OneCallAtATime<S> {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let _one = self.lock.lock().await;
        self.inner.get(pk, sk).await
    }
    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        let _one = self.lock.lock().await;
        self.inner.put(item, cond).await
    }
    async fn query(&self, pk: &str, prefix: &str, page: PageRequest) -> Result<Page, StoreError> {
        let _one = self.lock.lock().await;
        self.inner.query(pk, prefix, page).await
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        let _one = self.lock.lock().await;
        self.inner.transact(ops).await
    }
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
        store: Arc::new(OneCallAtATime::new(DynamoStore::new(
            clients.dynamodb.clone(),
            &res.table,
            clock.clone(),
        ))),
        blobs: Arc::new(S3Blobs::new(clients.s3.clone(), &res.bucket)),
        events: Arc::new(SnsEvents::new(clients.sns.clone(), &res.topic_arn)),
        clock,
        ids: ids.unwrap_or_else(|| Arc::new(UuidV7Ids)),
        prokeep: Arc::new(casebridge_embedded::prokeep_local::RecordingProkeep::new(
            temp_dir("prokeep").join("prokeep.jsonl"),
        )),
        procede: Arc::new(casebridge_aws::procede_http::ProcedeNotConfigured),
        sms: Arc::new(casebridge_aws::sns_sms::SnsSms::new(clients.sns.clone())),
        email: Arc::new(casebridge_aws::ses_email::SesEmail::new(
            clients.sesv2.clone(),
            Some(SES_CONFIGURATION_SET.into()),
        )),
        links: Arc::new(casebridge_core::ports::MobileLinks::new(
            b"test-links".to_vec(),
            "http://127.0.0.1:9",
        )),
        secrets: Arc::new(casebridge_aws::secrets_manager::SecretsManagerStore::new(
            aws_sdk_secretsmanager::Client::new(&moto.sdk_config().await),
            "casebridge-test",
        )),
        transcripts: Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config()),
        onboarded: Default::default(),
    };
    (app, clients, res)
}
