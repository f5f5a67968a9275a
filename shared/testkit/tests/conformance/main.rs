//! The port conformance suite: one set of scenarios, run against every backend.
//!
//! Test names say the backend: `embedded_sqlite::…`, `embedded_local_dir::…`,
//! `embedded_in_process::…` for the local server's adapters, and `moto_dynamodb::…`,
//! `moto_s3::…`, `moto_sns::…` for the AWS adapters against moto server on 127.0.0.1
//! (each test starts its own moto and stops it).

mod blob_store;
mod event_bus;
mod item_store;
mod secret_store;

use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};

use casebridge_aws::dynamodb::DynamoStore;
use casebridge_aws::s3::S3Blobs;
use casebridge_aws::sns::SnsEvents;
use casebridge_core::events::DomainEvent;
use casebridge_core::ports::{BlobStore, Clock, EventPublisher, FixedClock, SecretStore};
use casebridge_core::App;
use casebridge_embedded::in_process::{InProcessBus, RecordingSubscriber};
use casebridge_embedded::local_blobs::LocalBlobs;
use casebridge_embedded::sqlite::SqliteStore;
use casebridge_testkit::Moto;

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::at("2026-11-23T09:00:00Z".parse().unwrap()))
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("casebridge-conformance-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

macro_rules! item_store_suite {
    ($($scenario:ident),* $(,)?) => {
        mod embedded_sqlite {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let clock = clock();
                let store = SqliteStore::in_memory(clock.clone()).unwrap();
                item_store::$scenario(&store, &clock).await;
            })*
        }
        mod moto_dynamodb {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let moto = Moto::start();
                let clients = moto.clients().await;
                casebridge_testkit::moto::create_table(&clients, "t").await;
                let clock = clock();
                let store = DynamoStore::new(clients.dynamodb.clone(), "t", clock.clone());
                item_store::$scenario(&store, &clock).await;
            })*
        }
    };
}

item_store_suite!(
    an_item_reads_back_exactly_as_written,
    a_missing_item_reads_as_none,
    a_second_create_of_the_same_key_conflicts,
    a_stale_version_cannot_overwrite_a_newer_one,
    a_prefix_query_returns_that_prefix_of_that_partition_in_order,
    paging_visits_every_item_once_and_ends_with_no_cursor,
    a_cursor_cannot_leave_its_prefix,
    a_transaction_applies_every_write,
    a_transaction_with_one_failed_condition_changes_nothing,
    malformed_transactions_are_refused,
    an_expired_item_is_gone_for_reads_and_conditions,
    a_lone_conditional_delete_behaves_like_one_in_a_transaction,
);

macro_rules! blob_store_suite {
    ($($scenario:ident),* $(,)?) => {
        mod embedded_local_dir {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let blobs = Arc::new(LocalBlobs::new(tempdir(), "http://127.0.0.1:9", b"k".to_vec(), clock()));
                let b = blobs.clone();
                // A browser on the local server would hit /_local/blobs/...; do what it serves.
                let fetch = move |url: String| {
                    let b = b.clone();
                    Box::pin(async move {
                        b.open_link(&url).await.unwrap().unwrap().bytes
                    }) as std::pin::Pin<Box<dyn std::future::Future<Output = Vec<u8>> + Send>>
                };
                blob_store::$scenario(&*blobs, &fetch).await;
            })*
        }
        mod moto_s3 {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let moto = Moto::start();
                let clients = moto.clients().await;
                casebridge_testkit::moto::create_versioned_bucket(&clients, "casebridge-test").await;
                let blobs = S3Blobs::new(clients.s3.clone(), "casebridge-test");
                let fetch = |url: String| {
                    Box::pin(async move {
                        let resp = casebridge_testkit::http_client().get(&url).send().await.unwrap();
                        assert!(resp.status().is_success(), "{}", resp.status());
                        resp.bytes().await.unwrap().to_vec()
                    }) as std::pin::Pin<Box<dyn std::future::Future<Output = Vec<u8>> + Send>>
                };
                blob_store::$scenario(&blobs, &fetch).await;
            })*
        }
    };
}

blob_store_suite!(
    a_second_put_keeps_the_first_as_an_older_version,
    a_missing_blob_reads_as_none,
    a_download_link_serves_the_exact_version,
    keys_belong_to_one_dealer,
    a_view_link_shows_one_version_and_removing_a_blob_removes_them_all,
);

macro_rules! secret_store_suite {
    ($($scenario:ident),* $(,)?) => {
        mod embedded_files {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let store = casebridge_embedded::file_secrets::FileSecrets::new(tempdir());
                secret_store::$scenario(&store).await;
            })*
        }
        mod moto_secretsmanager {
            use super::*;
            $(#[tokio::test]
            async fn $scenario() {
                let moto = Moto::start();
                let client = aws_sdk_secretsmanager::Client::new(&moto.sdk_config().await);
                let store = casebridge_aws::secrets_manager::SecretsManagerStore::new(client, "stack");
                secret_store::$scenario(&store).await;
            })*
        }
    };
}

secret_store_suite!(
    a_dealer_without_secrets_has_none,
    secrets_read_back_as_written_and_a_write_replaces_them,
    secrets_never_show_in_debug_output,
);

/// Local secret files are for this user alone.
#[cfg(unix)]
mod embedded_file_modes {
    use super::*;

    #[tokio::test]
    async fn only_their_owner_reads_them() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempdir();
        let store = casebridge_embedded::file_secrets::FileSecrets::new(dir.join("secrets"));
        let dealer = casebridge_core::dealers::DealerId::parse("d1").unwrap();
        store
            .put_dealer(&dealer, &casebridge_core::ports::DealerSecrets::default())
            .await
            .unwrap();
        let mode =
            |p: std::path::PathBuf| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.join("secrets/dealers/d1.json")), 0o600);
        assert_eq!(mode(dir.join("secrets/dealers")), 0o700);
    }
}

/// The links `cases-api` hands out (signed without the S3 client) open the exact version.
mod moto_s3_links {
    use super::*;

    #[tokio::test]
    async fn a_download_link_serves_the_exact_version() {
        let moto = Moto::start();
        let sdk = moto.sdk_config().await;
        let clients = casebridge_testkit::AwsClients::new(&sdk);
        casebridge_testkit::moto::create_versioned_bucket(&clients, "casebridge-test").await;
        let blobs = S3Blobs::new(clients.s3.clone(), "casebridge-test");
        let links = casebridge_aws::s3_links::S3Links::new(&sdk, "casebridge-test").unwrap();
        let k = casebridge_core::ports::BlobKey::for_dealer(
            &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
            &["cases", "c1", "t.pdf"],
        )
        .unwrap();
        let v1 = blobs
            .put(&k, b"version one".to_vec(), "application/pdf")
            .await
            .unwrap();
        blobs
            .put(&k, b"version two".to_vec(), "application/pdf")
            .await
            .unwrap();
        let url = links
            .download_url(
                &k,
                Some(&v1),
                "Transcript 1.pdf",
                std::time::Duration::from_secs(60),
            )
            .await
            .unwrap();
        let resp = casebridge_testkit::http_client()
            .get(&url)
            .send()
            .await
            .unwrap();
        assert!(resp.status().is_success(), "{}", resp.status());
        assert_eq!(
            resp.headers()["content-disposition"],
            "attachment; filename=\"Transcript_1.pdf\""
        );
        assert_eq!(resp.bytes().await.unwrap().to_vec(), b"version one");
    }
}

/// An HTTP endpoint on 127.0.0.1 subscribed to the SNS topic, as a Lambda subscription would be.
struct SnsSubscriber {
    got: Arc<Mutex<Vec<DomainEvent>>>,
    url: String,
    _server: tokio::task::JoinHandle<()>,
}

async fn sns_subscriber() -> SnsSubscriber {
    let got = Arc::new(Mutex::new(Vec::new()));
    let sink = got.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/sns", listener.local_addr().unwrap());
    let router = axum::Router::new().route(
        "/sns",
        axum::routing::post(move |body: String| {
            let sink = sink.clone();
            async move {
                let envelope: serde_json::Value = serde_json::from_str(&body).unwrap();
                if envelope["Type"] == "Notification" {
                    let event: DomainEvent =
                        serde_json::from_str(envelope["Message"].as_str().unwrap()).unwrap();
                    sink.lock().unwrap().push(event);
                }
                "ok"
            }
        }),
    );
    let server = tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    SnsSubscriber {
        got,
        url,
        _server: server,
    }
}

async fn subscribe(clients: &casebridge_testkit::AwsClients, topic: &str, url: &str) {
    clients
        .sns
        .subscribe()
        .topic_arn(topic)
        .protocol("http")
        .endpoint(url)
        .send()
        .await
        .unwrap();
}

fn reader(
    got: Arc<Mutex<Vec<DomainEvent>>>,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Vec<DomainEvent>> + Send>> + Sync
{
    move || {
        let v = got.lock().unwrap().clone();
        Box::pin(async move { v })
    }
}

mod embedded_in_process {
    use super::*;

    fn bus() -> (Arc<InProcessBus>, Arc<RecordingSubscriber>) {
        let bus = Arc::new(InProcessBus::new());
        let rec = Arc::new(RecordingSubscriber::default());
        bus.subscribe(rec.clone());
        (bus, rec)
    }

    #[tokio::test]
    async fn published_events_reach_the_subscriber_intact() {
        let (bus, rec) = bus();
        let read = move || {
            let v = rec.events();
            Box::pin(async move { v })
                as std::pin::Pin<Box<dyn std::future::Future<Output = Vec<DomainEvent>> + Send>>
        };
        event_bus::published_events_reach_the_subscriber_intact(&*bus, &read).await;
    }

    #[tokio::test]
    async fn an_event_whose_publish_failed_is_delivered_by_the_relay() {
        let clock = clock();
        let (bus, rec) = bus();
        let app = App {
            store: Arc::new(SqliteStore::in_memory(clock.clone()).unwrap()),
            blobs: Arc::new(LocalBlobs::new(
                tempdir(),
                "http://127.0.0.1:9",
                b"k".to_vec(),
                clock.clone(),
            )),
            events: Arc::new(event_bus::FlakyPublisher {
                inner: bus,
                fail: AtomicUsize::new(1),
            }),
            clock: clock.clone() as Arc<dyn Clock>,
            ids: Arc::new(casebridge_core::ports::UuidV7Ids),
            prokeep: Arc::new(casebridge_aws::prokeep_rest::ProkeepNotConfigured),
            procede: Arc::new(casebridge_aws::procede_http::ProcedeNotConfigured),
            email: Arc::new(casebridge_core::ports::Unwired),
            sms: Arc::new(casebridge_embedded::sms_local::RecordingSms::new(
                tempdir().join("sms.jsonl"),
            )),
            links: Arc::new(casebridge_core::ports::MobileLinks::unconfigured()),
            secrets: Arc::new(casebridge_core::ports::Unwired),
            transcripts: Arc::new(casebridge_core::ports::Unwired),
            onboarded: Default::default(),
        };
        let read = move || {
            let v = rec.events();
            Box::pin(async move { v })
                as std::pin::Pin<Box<dyn std::future::Future<Output = Vec<DomainEvent>> + Send>>
        };
        event_bus::an_event_whose_publish_failed_is_delivered_by_the_relay(&app, &clock, &read)
            .await;
    }
}

mod moto_sns {
    use super::*;

    #[tokio::test]
    async fn published_events_reach_the_subscriber_intact() {
        let moto = Moto::start();
        let clients = moto.clients().await;
        let topic = casebridge_testkit::moto::create_topic(&clients, "events").await;
        let sub = sns_subscriber().await;
        subscribe(&clients, &topic, &sub.url).await;
        let publisher = SnsEvents::new(clients.sns.clone(), &topic);
        event_bus::published_events_reach_the_subscriber_intact(
            &publisher,
            &reader(sub.got.clone()),
        )
        .await;
    }

    /// DynamoDB holds the outbox, SNS is the bus.
    #[tokio::test]
    async fn an_event_whose_publish_failed_is_delivered_by_the_relay() {
        let moto = Moto::start();
        let clock = clock();
        let (mut app, clients, res) = casebridge_testkit::aws_app(&moto, clock.clone(), None).await;
        let sub = sns_subscriber().await;
        subscribe(&clients, &res.topic_arn, &sub.url).await;
        let sns: Arc<dyn EventPublisher> =
            Arc::new(SnsEvents::new(clients.sns.clone(), &res.topic_arn));
        app.events = Arc::new(event_bus::FlakyPublisher {
            inner: sns,
            fail: AtomicUsize::new(1),
        });
        event_bus::an_event_whose_publish_failed_is_delivered_by_the_relay(
            &app,
            &clock,
            &reader(sub.got.clone()),
        )
        .await;
    }
}
