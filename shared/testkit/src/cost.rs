//! What an operation costs as AWS bills it: a meter wrapped around the App's ports counts
//! DynamoDB reads and writes with their capacity units, S3 calls, event publishes, texts and
//! emails. The rules are DynamoDB's on-demand ones as the DynamoDB adapter calls it: every
//! read is strongly consistent (1 read unit per 4 KB, at least 1 a call; a query adds up the
//! items it returns), a write is 1 write unit per 1 KB (at least 1), a transaction twice that
//! per item, a lone delete is no transaction (the adapter's rule). An item's size is its keys
//! and its attributes as JSON: close to DynamoDB's count of names and values.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use casebridge_core::events::DomainEvent;
use casebridge_core::ports::{
    BlobKey, BlobStore, BlobVersion, EmailError, EmailSender, EventPublisher, Item, ItemStore,
    OutgoingEmail, OutgoingSms, Page, PageRequest, SmsError, SmsSender, StoreError, StoredBlob,
    WriteOp,
};
use casebridge_core::{App, Error};

/// What one operation called, and the capacity DynamoDB would bill for it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub reads: u64,
    pub read_units: u64,
    pub writes: u64,
    pub write_units: u64,
    pub s3_puts: u64,
    pub s3_gets: u64,
    pub publishes: u64,
    pub texts: u64,
    pub emails: u64,
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        self.reads += o.reads;
        self.read_units += o.read_units;
        self.writes += o.writes;
        self.write_units += o.write_units;
        self.s3_puts += o.s3_puts;
        self.s3_gets += o.s3_gets;
        self.publishes += o.publishes;
        self.texts += o.texts;
        self.emails += o.emails;
    }
}

/// The meter: wrap an App with it, run an operation, [`Meter::take`] its cost.
#[derive(Default)]
pub struct Meter {
    cost: Mutex<Cost>,
}

impl Meter {
    /// Puts metered ports in `app`'s place (the store, the blobs, the events, texts, emails).
    pub fn wrap(app: &mut App) -> Arc<Meter> {
        let meter = Arc::new(Meter::default());
        app.store = Arc::new(Metered(app.store.clone(), meter.clone()));
        app.blobs = Arc::new(Metered(app.blobs.clone(), meter.clone()));
        app.events = Arc::new(Metered(app.events.clone(), meter.clone()));
        app.sms = Arc::new(Metered(app.sms.clone(), meter.clone()));
        app.email = Arc::new(Metered(app.email.clone(), meter.clone()));
        meter
    }

    /// The cost since the last take.
    pub fn take(&self) -> Cost {
        std::mem::take(&mut *self.cost.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn add(&self, f: impl FnOnce(&mut Cost)) {
        f(&mut self.cost.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

/// A port with the meter beside it.
struct Metered<P: ?Sized>(Arc<P>, Arc<Meter>);

fn item_bytes(item: &Item) -> u64 {
    let attrs = serde_json::to_vec(&item.attrs).map_or(0, |b| b.len());
    (item.pk.len() + item.sk.len() + attrs) as u64
}

fn units(bytes: u64, unit: u64) -> u64 {
    bytes.div_ceil(unit).max(1)
}

#[async_trait]
impl ItemStore for Metered<dyn ItemStore> {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let found = self.0.get(pk, sk).await?;
        let bytes = found.as_ref().map_or(0, item_bytes);
        self.1.add(|c| {
            c.reads += 1;
            c.read_units += units(bytes, 4096);
        });
        Ok(found)
    }
    async fn put(&self, item: Item, cond: casebridge_core::ports::Cond) -> Result<(), StoreError> {
        let bytes = item_bytes(&item);
        self.1.add(|c| {
            c.writes += 1;
            c.write_units += units(bytes, 1024);
        });
        self.0.put(item, cond).await
    }
    async fn query(&self, pk: &str, prefix: &str, page: PageRequest) -> Result<Page, StoreError> {
        let found = self.0.query(pk, prefix, page).await?;
        let bytes: u64 = found.items.iter().map(item_bytes).sum();
        self.1.add(|c| {
            c.reads += 1;
            c.read_units += units(bytes, 4096);
        });
        Ok(found)
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        let lone_delete = matches!(ops.as_slice(), [WriteOp::Delete { .. }]);
        let per_item: u64 = ops
            .iter()
            .map(|op| match op {
                WriteOp::Put { item, .. } => units(item_bytes(item), 1024),
                _ => 1,
            })
            .sum();
        let n = ops.len() as u64;
        self.1.add(|c| {
            c.writes += n;
            c.write_units += if lone_delete { per_item } else { 2 * per_item };
        });
        self.0.transact(ops).await
    }
}

#[async_trait]
impl BlobStore for Metered<dyn BlobStore> {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        self.1.add(|c| c.s3_puts += 1);
        self.0.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        self.1.add(|c| c.s3_gets += 1);
        self.0.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        self.1.add(|c| c.s3_gets += 1);
        self.0.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        version: Option<&str>,
        file_name: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.0
            .download_url(key, version, file_name, expires_in)
            .await
    }
    async fn inline_url(
        &self,
        key: &BlobKey,
        version: &str,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.0.inline_url(key, version, expires_in).await
    }
    async fn upload_url(
        &self,
        key: &BlobKey,
        expires_in: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.0.upload_url(key, expires_in).await
    }
    async fn delete(&self, key: &BlobKey) -> Result<(), StoreError> {
        self.1.add(|c| c.s3_puts += 1);
        self.0.delete(key).await
    }
    fn link_origin(&self) -> Option<String> {
        self.0.link_origin()
    }
}

#[async_trait]
impl EventPublisher for Metered<dyn EventPublisher> {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error> {
        self.1.add(|c| c.publishes += 1);
        self.0.publish(event).await
    }
}

#[async_trait]
impl SmsSender for Metered<dyn SmsSender> {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        self.1.add(|c| c.texts += 1);
        self.0.send(sms).await
    }
}

#[async_trait]
impl EmailSender for Metered<dyn EmailSender> {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError> {
        self.1.add(|c| c.emails += 1);
        self.0.send(email).await
    }
}
