//! Backends for scenario tests: the same App on the embedded adapters or on moto, with a
//! clock the test moves, every published event recorded, and the partners' recorders.

use std::path::PathBuf;
use std::sync::Arc;

use casebridge_core::events::{DomainEvent, EventKind};
use casebridge_core::ports::{EventPublisher, FixedClock, UuidV7Ids};
use casebridge_core::App;
use casebridge_embedded::in_process::InProcessBus;
use casebridge_embedded::local_blobs::LocalBlobs;
use casebridge_embedded::sqlite::SqliteStore;

use crate::moto::{aws_app, Moto};
pub use crate::scratch::{temp_dir, test_clock};

/// Records every published event, then passes it on (to SNS or the in-process bus).
pub struct RecordingPublisher {
    inner: Arc<dyn EventPublisher>,
    seen: std::sync::Mutex<Vec<DomainEvent>>,
}

impl RecordingPublisher {
    pub fn events(&self) -> Vec<DomainEvent> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
    /// The `type` of every event published so far, oldest first.
    pub fn kinds(&self) -> Vec<&'static str> {
        self.events().iter().map(|e| e.kind().as_str()).collect()
    }

    /// The events of one kind, oldest first.
    pub fn of(&self, kind: EventKind) -> Vec<DomainEvent> {
        self.events()
            .into_iter()
            .filter(|e| e.kind() == kind)
            .collect()
    }
}

#[async_trait::async_trait]
impl EventPublisher for RecordingPublisher {
    async fn publish(&self, event: &DomainEvent) -> casebridge_core::Result<()> {
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
    pub prokeep: Arc<casebridge_embedded::prokeep_local::RecordingProkeep>,
    /// The local DMS file `app.procede` reads (tests write it).
    pub procede_file: PathBuf,
    /// The local SMS recorder on the embedded backend (moto records what SNS sent itself).
    pub sms: Option<Arc<casebridge_embedded::sms_local::RecordingSms>>,
    /// The local email recorder on the embedded backend (moto keeps what SES sent itself).
    pub email: Option<Arc<casebridge_embedded::email_local::RecordingEmail>>,
    pub moto: Option<Moto>,
    /// The embedded backend's blob store (its upload links are taken here, not by a server).
    pub local_blobs: Option<Arc<LocalBlobs>>,
    /// Where the backend keeps its files (removed when it is dropped).
    root: PathBuf,
}

fn recording_sms(root: &std::path::Path) -> Arc<casebridge_embedded::sms_local::RecordingSms> {
    Arc::new(casebridge_embedded::sms_local::RecordingSms::new(
        root.join("sms.jsonl"),
    ))
}

fn recording_email(
    root: &std::path::Path,
) -> Arc<casebridge_embedded::email_local::RecordingEmail> {
    Arc::new(casebridge_embedded::email_local::RecordingEmail::new(
        root.join("email.jsonl"),
    ))
}

fn recording_prokeep(
    root: &std::path::Path,
) -> Arc<casebridge_embedded::prokeep_local::RecordingProkeep> {
    Arc::new(casebridge_embedded::prokeep_local::RecordingProkeep::new(
        root.join("prokeep.jsonl"),
    ))
}

impl TestBackend {
    /// SQLite in memory, blobs in a temp dir, in-process bus.
    pub fn embedded() -> TestBackend {
        let clock = test_clock();
        let root = temp_dir("backend");
        let prokeep = recording_prokeep(&root);
        let procede_file = root.join("dms.json");
        let sms = recording_sms(&root);
        let email = recording_email(&root);
        let events = Arc::new(RecordingPublisher {
            inner: Arc::new(InProcessBus::new()),
            seen: Default::default(),
        });
        let blobs = Arc::new(LocalBlobs::new(
            root.join("blobs"),
            "http://127.0.0.1:9",
            b"test-link-key".to_vec(),
            clock.clone(),
        ));
        let app = App {
            store: Arc::new(
                SqliteStore::in_memory(clock.clone()).unwrap_or_else(|e| panic!("{e}")),
            ),
            blobs: blobs.clone(),
            events: events.clone(),
            clock: clock.clone(),
            ids: Arc::new(UuidV7Ids),
            prokeep: prokeep.clone(),
            procede: Arc::new(casebridge_embedded::procede_file::ProcedeFile::new(
                procede_file.clone(),
                None,
            )),
            sms: sms.clone(),
            email: email.clone(),
            links: Arc::new(casebridge_core::ports::MobileLinks::new(
                b"test-links".to_vec(),
                "http://127.0.0.1:9",
            )),
            secrets: Arc::new(casebridge_embedded::file_secrets::FileSecrets::new(
                root.join("secrets"),
            )),
            transcripts: Arc::new(casebridge_transcripts_pdf::PdfTranscripts::from_config()),
            onboarded: Default::default(),
        };
        TestBackend {
            prokeep,
            procede_file,
            sms: Some(sms),
            email: Some(email),
            name: "embedded",
            app,
            clock,
            events,
            moto: None,
            local_blobs: Some(blobs),
            root,
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
        let root = temp_dir("backend");
        let prokeep = recording_prokeep(&root);
        app.prokeep = prokeep.clone();
        let procede_file = root.join("dms.json");
        app.procede = Arc::new(casebridge_embedded::procede_file::ProcedeFile::new(
            procede_file.clone(),
            None,
        ));
        TestBackend {
            prokeep,
            procede_file,
            sms: None,
            email: None,
            name: "moto",
            app,
            clock,
            events,
            moto: Some(moto),
            local_blobs: None,
            root,
        }
    }
}

impl Drop for TestBackend {
    /// The backend's files (recorders, blobs, secrets, the DMS file) go with it.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
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
        let data = self.moto_data().await;
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

/// One email as the backend saw it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmailSeen {
    pub to: String,
    pub subject: String,
    /// The HTML part (moto keeps only that one).
    pub html: String,
}

impl TestBackend {
    /// What moto recorded (`/moto-api/data.json`); empty on the embedded backend.
    async fn moto_data(&self) -> serde_json::Value {
        let Some(moto) = &self.moto else {
            return serde_json::Value::Null;
        };
        casebridge_aws::install_tls_provider();
        match reqwest::get(format!("{}/moto-api/data.json", moto.endpoint)).await {
            Ok(r) => r.json().await.unwrap_or_default(),
            Err(_) => serde_json::Value::Null,
        }
    }

    /// Every email sent so far, oldest first: from the local recorder, or from what moto's
    /// SES recorded as sent.
    pub async fn emails(&self) -> Vec<SentEmailSeen> {
        let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
        if let Some(rec) = &self.email {
            return rec
                .recorded()
                .iter()
                .map(|v| SentEmailSeen {
                    to: text(&v["to"]),
                    subject: text(&v["subject"]),
                    html: text(&v["html"]),
                })
                .collect();
        }
        self.moto_data().await["ses"]["Message"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| SentEmailSeen {
                to: text(&v["destinations"]["ToAddresses"][0]),
                subject: text(&v["subject"]),
                html: text(&v["body"]),
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
                super::$scenario($crate::TestBackend::embedded()).await;
            })*
        }
        mod moto {
            $(#[tokio::test]
            async fn $scenario() {
                super::$scenario($crate::TestBackend::moto().await).await;
            })*
        }
    };
}

impl TestBackend {
    /// `case-notify` handling `event`, wired as it is deployed (what the events topic does).
    pub async fn notify(&self, event: &DomainEvent) -> casebridge_core::Result<usize> {
        let app = self
            .app
            .as_function(&casebridge_core::ports::functions::CASE_NOTIFY);
        casebridge_core::notifications::notify_case_event(
            &app,
            event,
            casebridge_core::notifications::LOCAL_BUDGET,
        )
        .await
    }

    /// `sms-inbound` handling a customer's text, wired as it is deployed.
    pub async fn text_in(
        &self,
        sms: &casebridge_core::sms::inbound::TwoWaySms,
    ) -> casebridge_core::Result<casebridge_core::sms::inbound::Inbound> {
        let app = self
            .app
            .as_function(&casebridge_core::ports::functions::SMS_INBOUND);
        casebridge_core::sms::inbound::receive(
            &app,
            sms,
            casebridge_core::notifications::LOCAL_BUDGET,
        )
        .await
    }

    /// Sends a file to an upload link as a client would (`PUT` with its content type), then
    /// has it checked as the store's notification would (`photo-check` in AWS, the upload
    /// route locally). Answers the store's status for the `PUT`.
    pub async fn upload(&self, url: &str, bytes: Vec<u8>, content_type: &str) -> u16 {
        let key = match &self.local_blobs {
            Some(blobs) => match blobs.accept_upload(url, bytes, content_type).await {
                Ok(key) => key.as_str().to_string(),
                Err(_) => return 403,
            },
            None => {
                let status = crate::requests::http_client()
                    .put(url)
                    .header("content-type", content_type)
                    .body(bytes)
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("PUT {url}: {e}"))
                    .status()
                    .as_u16();
                if status != 200 {
                    return status;
                }
                // Path-style on moto: /<bucket>/<key>.
                let path = url::Url::parse(url)
                    .unwrap_or_else(|e| panic!("{e}"))
                    .path()
                    .to_string();
                let key = path.trim_start_matches('/').split_once('/').map(|(_, k)| k);
                key.unwrap_or_else(|| panic!("no key in {url}")).to_string()
            }
        };
        casebridge_core::estimates::check_upload(
            &self
                .app
                .as_function(&casebridge_core::ports::functions::PHOTO_CHECK),
            &key,
        )
        .await
        .unwrap_or_else(|e| panic!("check of {key}: {e}"));
        200
    }

    /// What a download or view link serves, as a browser would get it: (content type,
    /// bytes), or `None` when the link is refused or the file is gone.
    pub async fn fetch(&self, url: &str) -> Option<(String, Vec<u8>)> {
        match &self.local_blobs {
            Some(blobs) => {
                let blob = blobs.open_link(url).await.ok()??;
                Some((blob.content_type, blob.bytes))
            }
            None => {
                let r = crate::requests::http_client().get(url).send().await.ok()?;
                if !r.status().is_success() {
                    return None;
                }
                let ct = r
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                Some((ct, r.bytes().await.ok()?.to_vec()))
            }
        }
    }
}
