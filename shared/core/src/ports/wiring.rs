//! Which ports a deployed function wires, as data. Each function's list is declared once,
//! here ([`functions`]); its `main.rs` wires the AWS adapters of that list
//! (`casebridge_lambda::wire`), and the local server and the scenario tests serve the
//! function over [`App::as_function`] of the same list. A port missing from the list is [`Unwired`] in every one of them, so a
//! forgotten port fails a scenario, not a dealer's request in AWS.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{BlobKey, BlobStore, BlobVersion, MobileLinks, StoreError, StoredBlob, Unwired};
use crate::App;

/// A port beyond the table and the events topic (which every function has).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Port {
    /// The attachments bucket: read, write, version, delete, and links.
    Attachments,
    /// Only links to the attachments bucket (download, inline, upload), no S3 client.
    AttachmentLinks,
    /// Texts to customers' phones.
    Texts,
    /// Emails to customers.
    Emails,
    /// Signing and checking the links to the mobile page.
    MobileLinks,
    /// The dealers' secrets.
    Secrets,
    /// Prokeep's inbox API.
    Prokeep,
    /// The Procede DMS.
    Procede,
    /// The transcript and estimate PDF renderer.
    Transcripts,
}

impl App {
    /// This App as `function` sees it once deployed (its ports, nothing else).
    pub fn as_function(&self, function: &Function) -> App {
        self.wired_only(function.ports)
    }

    /// This App as a function that wires only `ports` sees it: the table, the events topic,
    /// the clock and the ids, plus those ports; every other port [`Unwired`].
    pub fn wired_only(&self, ports: &[Port]) -> App {
        let has = |p: Port| ports.contains(&p);
        App {
            blobs: if has(Port::Attachments) {
                self.blobs.clone()
            } else if has(Port::AttachmentLinks) {
                Arc::new(LinksOnly(self.blobs.clone()))
            } else {
                Arc::new(Unwired)
            },
            prokeep: if has(Port::Prokeep) {
                self.prokeep.clone()
            } else {
                Arc::new(Unwired)
            },
            procede: if has(Port::Procede) {
                self.procede.clone()
            } else {
                Arc::new(Unwired)
            },
            sms: if has(Port::Texts) {
                self.sms.clone()
            } else {
                Arc::new(Unwired)
            },
            email: if has(Port::Emails) {
                self.email.clone()
            } else {
                Arc::new(Unwired)
            },
            links: if has(Port::MobileLinks) {
                self.links.clone()
            } else {
                Arc::new(MobileLinks::unconfigured())
            },
            secrets: if has(Port::Secrets) {
                self.secrets.clone()
            } else {
                Arc::new(Unwired)
            },
            transcripts: if has(Port::Transcripts) {
                self.transcripts.clone()
            } else {
                Arc::new(Unwired)
            },
            ..self.clone()
        }
    }
}

/// The attachments bucket as a function that only hands out links has it (in AWS: presigned
/// URLs without an S3 client).
struct LinksOnly(Arc<dyn BlobStore>);

#[async_trait]
impl BlobStore for LinksOnly {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        Unwired.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        Unwired.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        Unwired.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: Duration,
    ) -> Result<String, StoreError> {
        self.0
            .download_url(key, version, file_name, expires_in)
            .await
    }
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: Duration,
    ) -> Result<String, StoreError> {
        self.0.inline_url(key, version, expires_in).await
    }
    async fn upload_url(&self, key: &BlobKey, expires_in: Duration) -> Result<String, StoreError> {
        self.0.upload_url(key, expires_in).await
    }
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        Unwired.delete(key).await
    }
    fn link_origin(&self) -> Option<String> {
        self.0.link_origin()
    }
}

/// A deployed function: its name in `template.yaml` and the ports its `main.rs` wires.
#[derive(Debug)]
pub struct Function {
    pub name: &'static str,
    pub ports: &'static [Port],
}

/// Every function `template.yaml` deploys, with the ports it wires.
pub mod functions {
    use super::{Function, Port::*};

    pub const ADMIN_API: Function = Function {
        name: "admin-api",
        ports: &[Secrets],
    };
    pub const CASE_NOTIFY: Function = Function {
        name: "case-notify",
        ports: &[Texts, Emails, MobileLinks],
    };
    pub const CASES_API: Function = Function {
        name: "cases-api",
        ports: &[AttachmentLinks],
    };
    pub const CONTACTS_API: Function = Function {
        name: "contacts-api",
        ports: &[],
    };
    pub const DELIVERY_FAILURES: Function = Function {
        name: "delivery-failures",
        ports: &[],
    };
    pub const EMAIL_FEEDBACK: Function = Function {
        name: "email-feedback",
        ports: &[],
    };
    pub const ESTIMATE_PDF: Function = Function {
        name: "estimate-pdf",
        ports: &[MobileLinks, Transcripts],
    };
    pub const ESTIMATE_PHOTOS: Function = Function {
        name: "estimate-photos",
        ports: &[Attachments],
    };
    pub const MOBILE_PAGE: Function = Function {
        name: "mobile-page",
        ports: &[MobileLinks, AttachmentLinks],
    };
    pub const OUTBOX_RELAY: Function = Function {
        name: "outbox-relay",
        ports: &[],
    };
    pub const PARTS_ESCALATION: Function = Function {
        name: "parts-escalation",
        ports: &[],
    };
    pub const PARTS_REMINDER: Function = Function {
        name: "parts-reminder",
        ports: &[],
    };
    pub const PHOTO_CHECK: Function = Function {
        name: "photo-check",
        ports: &[Attachments],
    };
    pub const PROCEDE_LOOKUP: Function = Function {
        name: "procede-lookup",
        ports: &[Procede, Secrets],
    };
    pub const PROKEEP_CALLBACK: Function = Function {
        name: "prokeep-callback",
        ports: &[Secrets],
    };
    pub const PROKEEP_DEAD_LETTER: Function = Function {
        name: "prokeep-dead-letter",
        ports: &[],
    };
    pub const PROKEEP_DELIVERY: Function = Function {
        name: "prokeep-delivery",
        ports: &[Prokeep, Secrets],
    };
    pub const SMS_INBOUND: Function = Function {
        name: "sms-inbound",
        ports: &[Texts, MobileLinks],
    };
    pub const THREAD_CLOSE: Function = Function {
        name: "thread-close",
        ports: &[Attachments, Secrets, Transcripts],
    };
    pub const THREAD_EXPORT: Function = Function {
        name: "thread-export",
        ports: &[Attachments, Secrets, Transcripts],
    };

    /// All of them, as `template.yaml` lists them (a test keeps the two equal).
    pub const ALL: [&Function; 20] = [
        &ADMIN_API,
        &CASE_NOTIFY,
        &CASES_API,
        &CONTACTS_API,
        &DELIVERY_FAILURES,
        &EMAIL_FEEDBACK,
        &ESTIMATE_PDF,
        &ESTIMATE_PHOTOS,
        &MOBILE_PAGE,
        &OUTBOX_RELAY,
        &PARTS_ESCALATION,
        &PARTS_REMINDER,
        &PHOTO_CHECK,
        &PROCEDE_LOOKUP,
        &PROKEEP_CALLBACK,
        &PROKEEP_DEAD_LETTER,
        &PROKEEP_DELIVERY,
        &SMS_INBOUND,
        &THREAD_CLOSE,
        &THREAD_EXPORT,
    ];
}
