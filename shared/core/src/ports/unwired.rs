//! The port a function does not use. Each Lambda function wires only the adapters it needs
//! (its entry in [`super::functions`] says which), so the others' code — the S3 client, the SMS and email senders, the
//! partners' HTTP clients, the PDF stack — is not linked into it and not started when it
//! starts. Asking an unwired port is a wiring bug: an internal error naming the port.

use std::sync::Arc;

use async_trait::async_trait;

use super::procede::{DmsCustomer, Prepared, Query};
use super::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};
use super::{
    BlobKey, BlobStore, BlobVersion, DealerSecrets, DeliveryError, EmailError, EmailSender,
    OutgoingEmail, OutgoingSms, ProcedeAccount, ProcedeDms, ProcedeError, ProkeepApi,
    ProkeepCredentials, ProkeepMessage, SecretStore, SmsError, SmsSender, StoreError, StoredBlob,
    TranscriptRenderer,
};
use crate::error::Error;
use crate::ids::DealerId;

/// Stands in for every port a function leaves unwired.
#[derive(Debug, Clone, Copy, Default)]
pub struct Unwired;

fn message(port: &str) -> String {
    format!("the {port} is not wired in this function")
}

#[async_trait]
impl BlobStore for Unwired {
    async fn put(&self, _: &BlobKey, _: Vec<u8>, _: &str) -> Result<String, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn get(&self, _: &BlobKey, _: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn versions(&self, _: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn download_url(
        &self,
        _: &BlobKey,
        _: Option<&str>,
        _: &str,
        _: std::time::Duration,
    ) -> Result<String, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn inline_url(
        &self,
        _: &BlobKey,
        _: &str,
        _: std::time::Duration,
    ) -> Result<String, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn upload_url(&self, _: &BlobKey, _: std::time::Duration) -> Result<String, StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
    async fn delete(&self, _: &BlobKey) -> Result<(), StoreError> {
        Err(StoreError::Invalid(message("blob store")))
    }
}

#[async_trait]
impl SmsSender for Unwired {
    async fn send(&self, _: &OutgoingSms) -> Result<String, SmsError> {
        Err(SmsError::Refused(message("SMS sender")))
    }
}

#[async_trait]
impl EmailSender for Unwired {
    async fn send(&self, _: &OutgoingEmail) -> Result<String, EmailError> {
        Err(EmailError::Refused(message("email sender")))
    }
}

#[async_trait]
impl ProkeepApi for Unwired {
    async fn send(&self, _: &ProkeepCredentials, _: &ProkeepMessage) -> Result<(), DeliveryError> {
        Err(DeliveryError::Permanent(message("Prokeep API")))
    }
}

#[async_trait]
impl ProcedeDms for Unwired {
    async fn candidates(
        &self,
        _: &ProcedeAccount,
        _: &Query,
    ) -> Result<Arc<Prepared>, ProcedeError> {
        Err(ProcedeError::Refused(message("Procede DMS")))
    }
    async fn customer(
        &self,
        _: &ProcedeAccount,
        _: &str,
    ) -> Result<Option<DmsCustomer>, ProcedeError> {
        Err(ProcedeError::Refused(message("Procede DMS")))
    }
}

#[async_trait]
impl SecretStore for Unwired {
    async fn dealer(&self, _: &DealerId) -> Result<DealerSecrets, StoreError> {
        Err(StoreError::Invalid(message("secret store")))
    }
    async fn put_dealer(&self, _: &DealerId, _: &DealerSecrets) -> Result<(), StoreError> {
        Err(StoreError::Invalid(message("secret store")))
    }
}

impl TranscriptRenderer for Unwired {
    fn render_document(&self, _: &super::PrintedDocument) -> Result<Vec<u8>, Error> {
        Err(Error::Internal(message("transcript renderer")))
    }

    fn render(
        &self,
        _: &TranscriptInfo,
        _: &ThreadSnapshot,
        _: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error> {
        Err(Error::Internal(message("transcript renderer")))
    }
}
