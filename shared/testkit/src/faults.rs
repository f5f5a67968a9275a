//! Fault injection: the ports of an App wrapped so that one chosen call — counted across
//! the store, the blob store, the bus and the SMS and email senders, in the order they happen — fails
//! once. Two ways to fail, as networks do:
//! - [`Fault::Fail`]: the call does not happen and the caller gets a transient error;
//! - [`Fault::Timeout`]: the call happens, then the caller gets a transient error anyway
//!   (the answer was lost), so a retry repeats work that was in fact done.
//!
//! `tests/tests/faults.rs` runs each operation once to count its calls, then once per call
//! and per fault, retries as Lambda or the connector would, and checks the invariants.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use casebridge_core::events::DomainEvent;
use casebridge_core::ports::{
    BlobKey, BlobStore, BlobVersion, Cond, EmailError, EmailSender, EventPublisher, Item,
    ItemStore, OutgoingEmail, OutgoingSms, Page, PageRequest, SmsError, SmsSender, StoreError,
    StoredBlob, WriteOp,
};
use casebridge_core::{App, Error};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Fail,
    Timeout,
}

/// The shared call counter and the one armed fault.
#[derive(Default)]
pub struct Faults {
    calls: AtomicUsize,
    armed: Mutex<Option<(usize, Fault)>>,
    fired: Mutex<Option<String>>,
}

impl Faults {
    /// Fails the `at`-th call from now (1-based) once, the `fault` way.
    pub fn arm(&self, at: usize, fault: Fault) {
        let base = self.calls.load(Ordering::SeqCst);
        *self.armed.lock().unwrap_or_else(|p| p.into_inner()) = Some((base + at, fault));
        *self.fired.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn disarm(&self) {
        *self.armed.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// Calls counted so far.
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    /// Which call the armed fault hit ("store.transact #7"), once it fired.
    pub fn fired(&self) -> Option<String> {
        self.fired.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn before(&self, what: &str) -> Option<Fault> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let mut armed = self.armed.lock().unwrap_or_else(|p| p.into_inner());
        match *armed {
            Some((at, fault)) if at == n => {
                *armed = None;
                *self.fired.lock().unwrap_or_else(|p| p.into_inner()) =
                    Some(format!("{what} #{n} ({fault:?})"));
                Some(fault)
            }
            _ => None,
        }
    }
}

fn store_fault(what: &str) -> StoreError {
    StoreError::Unavailable(format!("injected: {what}"))
}

/// Runs `call` under the armed fault, if any.
macro_rules! faulty {
    ($faults:expr, $what:expr, $call:expr, $err:expr) => {
        match $faults.before($what) {
            None => $call.await,
            Some(Fault::Fail) => Err($err($what)),
            Some(Fault::Timeout) => {
                let _ = $call.await;
                Err($err($what))
            }
        }
    };
}

pub struct FaultyStore {
    pub inner: Arc<dyn ItemStore>,
    pub faults: Arc<Faults>,
}

#[async_trait]
impl ItemStore for FaultyStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        faulty!(
            self.faults,
            "store.get",
            self.inner.get(pk, sk),
            store_fault
        )
    }
    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        faulty!(
            self.faults,
            "store.put",
            self.inner.put(item, cond),
            store_fault
        )
    }
    async fn query(&self, pk: &str, prefix: &str, page: PageRequest) -> Result<Page, StoreError> {
        faulty!(
            self.faults,
            "store.query",
            self.inner.query(pk, prefix, page),
            store_fault
        )
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        faulty!(
            self.faults,
            "store.transact",
            self.inner.transact(ops),
            store_fault
        )
    }
}

pub struct FaultyBlobs {
    pub inner: Arc<dyn BlobStore>,
    pub faults: Arc<Faults>,
}

#[async_trait]
impl BlobStore for FaultyBlobs {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        faulty!(
            self.faults,
            "blobs.put",
            self.inner.put(key, bytes, ct),
            store_fault
        )
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        faulty!(
            self.faults,
            "blobs.get",
            self.inner.get(key, v),
            store_fault
        )
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        faulty!(
            self.faults,
            "blobs.versions",
            self.inner.versions(key),
            store_fault
        )
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        name: &str,
        expires: std::time::Duration,
    ) -> Result<String, StoreError> {
        faulty!(
            self.faults,
            "blobs.download_url",
            self.inner.download_url(key, version, name, expires),
            store_fault
        )
    }
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires: std::time::Duration,
    ) -> Result<String, StoreError> {
        faulty!(
            self.faults,
            "blobs.inline_url",
            self.inner.inline_url(key, version, expires),
            store_fault
        )
    }
    async fn upload_url(
        &self,
        key: &BlobKey,
        expires: std::time::Duration,
    ) -> Result<String, StoreError> {
        faulty!(
            self.faults,
            "blobs.upload_url",
            self.inner.upload_url(key, expires),
            store_fault
        )
    }
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        faulty!(
            self.faults,
            "blobs.delete",
            self.inner.delete(key),
            store_fault
        )
    }
    fn link_origin(&self) -> Option<String> {
        self.inner.link_origin()
    }
}

pub struct FaultyBus {
    pub inner: Arc<dyn EventPublisher>,
    pub faults: Arc<Faults>,
}

#[async_trait]
impl EventPublisher for FaultyBus {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error> {
        faulty!(
            self.faults,
            "bus.publish",
            self.inner.publish(event),
            |w: &str| Error::Unavailable(format!("injected: {w}"))
        )
    }
}

pub struct FaultySms {
    pub inner: Arc<dyn SmsSender>,
    pub faults: Arc<Faults>,
}

#[async_trait]
impl SmsSender for FaultySms {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        match self.faults.before("sms.send") {
            None => self.inner.send(sms).await,
            Some(Fault::Fail) => Err(SmsError::Transient("injected: sms.send".into())),
            // The text went out; its answer was lost.
            Some(Fault::Timeout) => {
                let _ = self.inner.send(sms).await;
                Err(SmsError::Unconfirmed("injected: sms.send".into()))
            }
        }
    }
}

pub struct FaultyEmail {
    pub inner: Arc<dyn EmailSender>,
    pub faults: Arc<Faults>,
}

#[async_trait]
impl EmailSender for FaultyEmail {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError> {
        match self.faults.before("email.send") {
            None => self.inner.send(email).await,
            Some(Fault::Fail) => Err(EmailError::Transient("injected: email.send".into())),
            // The email went out; its answer was lost.
            Some(Fault::Timeout) => {
                let _ = self.inner.send(email).await;
                Err(EmailError::Unconfirmed("injected: email.send".into()))
            }
        }
    }
}

/// `app` with its store, blobs, bus, SMS and email senders wrapped under one fault counter.
pub fn with_faults(app: &App) -> (App, Arc<Faults>) {
    let faults = Arc::new(Faults::default());
    let mut wrapped = app.clone();
    wrapped.store = Arc::new(FaultyStore {
        inner: app.store.clone(),
        faults: faults.clone(),
    });
    wrapped.blobs = Arc::new(FaultyBlobs {
        inner: app.blobs.clone(),
        faults: faults.clone(),
    });
    wrapped.events = Arc::new(FaultyBus {
        inner: app.events.clone(),
        faults: faults.clone(),
    });
    wrapped.sms = Arc::new(FaultySms {
        inner: app.sms.clone(),
        faults: faults.clone(),
    });
    wrapped.email = Arc::new(FaultyEmail {
        inner: app.email.clone(),
        faults: faults.clone(),
    });
    (wrapped, faults)
}
