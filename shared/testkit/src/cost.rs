//! What an operation costs as AWS bills it: a meter wrapped around the App's ports counts
//! DynamoDB reads and writes with their capacity units, S3 calls, event publishes, texts and
//! emails, and keeps the keys each write touched. The rules are DynamoDB's on-demand ones as the DynamoDB adapter calls it: every
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

/// What one operation called, and the capacity DynamoDB would bill for it. S3 `DELETE`
/// is free, so not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cost {
    pub gets: u64,
    pub queries: u64,
    pub read_units: u64,
    pub writes: u64,
    pub write_units: u64,
    pub s3_puts: u64,
    pub s3_gets: u64,
    pub publishes: u64,
    pub texts: u64,
    pub emails: u64,
}

impl Cost {
    /// Every read call, gets and queries.
    pub fn reads(&self) -> u64 {
        self.gets + self.queries
    }
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        self.gets += o.gets;
        self.queries += o.queries;
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
    /// The sort keys of each write call, in order.
    writes: Mutex<Vec<Vec<String>>>,
    /// Every partition key written.
    partitions: Mutex<std::collections::BTreeSet<String>>,
}

fn locked<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
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

    /// The cost since the last take (or reset), counting from zero again.
    pub fn take(&self) -> Cost {
        std::mem::take(&mut *locked(&self.cost))
    }

    /// The cost so far, still counting.
    pub fn cost(&self) -> Cost {
        *locked(&self.cost)
    }

    /// The sort keys of each write call since the last reset, in order (a put is a write of
    /// one).
    pub fn writes(&self) -> Vec<Vec<String>> {
        locked(&self.writes).clone()
    }

    /// Every partition key written since the last reset.
    pub fn partitions(&self) -> std::collections::BTreeSet<String> {
        locked(&self.partitions).clone()
    }

    /// Starts again from nothing: cost, writes and partitions.
    pub fn reset(&self) {
        self.take();
        locked(&self.writes).clear();
        locked(&self.partitions).clear();
    }

    fn add(&self, f: impl FnOnce(&mut Cost)) {
        f(&mut locked(&self.cost));
    }

    fn wrote<'a>(&self, keys: impl Iterator<Item = (&'a str, &'a str)>) {
        let (pks, sks): (Vec<&str>, Vec<&str>) = keys.unzip();
        locked(&self.partitions).extend(pks.into_iter().map(str::to_string));
        locked(&self.writes).push(sks.into_iter().map(str::to_string).collect());
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
            c.gets += 1;
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
        self.1
            .wrote(std::iter::once((item.pk.as_str(), item.sk.as_str())));
        self.0.put(item, cond).await
    }
    async fn query(&self, pk: &str, prefix: &str, page: PageRequest) -> Result<Page, StoreError> {
        let found = self.0.query(pk, prefix, page).await?;
        let bytes: u64 = found.items.iter().map(item_bytes).sum();
        self.1.add(|c| {
            c.queries += 1;
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
        self.1.wrote(ops.iter().map(WriteOp::key));
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
