//! The item store on DynamoDB: one table, `pk` (S) and `sk` (S) keys, `ttl` (N) as the TTL
//! attribute, the item's own attributes beside them (mapped by serde_dynamo).
//!
//! DynamoDB deletes expired items only eventually, so reads drop them and conditions treat
//! them as absent — exactly what the SQLite adapter does.

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use aws_sdk_dynamodb::error::{DisplayErrorContext, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;

use casebridge_core::ports::item_store::{check_item, check_transaction, cursor};
use casebridge_core::ports::{
    Clock, Cond, Item, ItemStore, Order, Page, PageRequest, StoreError, WriteOp,
};

pub struct DynamoStore {
    client: Client,
    table: String,
    clock: Arc<dyn Clock>,
}

type Attrs = HashMap<String, AttributeValue>;

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(
    e: SdkError<E, R>,
) -> StoreError {
    StoreError::Unavailable(format!("dynamodb: {}", DisplayErrorContext(&e)))
}

/// A condition expression with its names and values.
struct Expr {
    text: String,
    names: HashMap<String, String>,
    values: Attrs,
}

fn condition(cond: &Cond, now: i64) -> Result<Option<Expr>, StoreError> {
    let mut names = HashMap::from([("#ttl".to_string(), "ttl".to_string())]);
    let mut values = HashMap::from([(":now".to_string(), AttributeValue::N(now.to_string()))]);
    let live = "(attribute_exists(pk) AND (attribute_not_exists(#ttl) OR #ttl > :now))";
    let text = match cond {
        Cond::Always => return Ok(None),
        Cond::NotExists => "(attribute_not_exists(pk) OR #ttl <= :now)".to_string(),
        Cond::Exists => live.to_string(),
        Cond::AttrEquals(name, value) => {
            names.insert("#a".into(), name.clone());
            values.insert(
                ":v".into(),
                serde_dynamo::to_attribute_value(value)
                    .map_err(|e| StoreError::Codec(e.to_string()))?,
            );
            format!("{live} AND #a = :v")
        }
    };
    Ok(Some(Expr {
        text,
        names,
        values,
    }))
}

fn to_attrs(item: &Item) -> Result<Attrs, StoreError> {
    check_item(item)?;
    let mut attrs: Attrs =
        serde_dynamo::to_item(&item.attrs).map_err(|e| StoreError::Codec(e.to_string()))?;
    attrs.insert("pk".into(), AttributeValue::S(item.pk.clone()));
    attrs.insert("sk".into(), AttributeValue::S(item.sk.clone()));
    if let Some(ttl) = item.ttl {
        attrs.insert("ttl".into(), AttributeValue::N(ttl.to_string()));
    }
    Ok(attrs)
}

fn from_attrs(mut attrs: Attrs) -> Result<Item, StoreError> {
    let take_s = |attrs: &mut Attrs, k: &str| match attrs.remove(k) {
        Some(AttributeValue::S(s)) => Ok(s),
        _ => Err(StoreError::Codec(format!("item without a string {k}"))),
    };
    let pk = take_s(&mut attrs, "pk")?;
    let sk = take_s(&mut attrs, "sk")?;
    let ttl = match attrs.remove("ttl") {
        Some(AttributeValue::N(n)) => n.parse::<i64>().ok(),
        _ => None,
    };
    let attrs = serde_dynamo::from_item(attrs).map_err(|e| StoreError::Codec(e.to_string()))?;
    Ok(Item { pk, sk, ttl, attrs })
}

fn key(pk: &str, sk: &str) -> Attrs {
    HashMap::from([
        ("pk".to_string(), AttributeValue::S(pk.to_string())),
        ("sk".to_string(), AttributeValue::S(sk.to_string())),
    ])
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>, clock: Arc<dyn Clock>) -> Self {
        DynamoStore {
            client,
            table: table.into(),
            clock,
        }
    }

    fn transact_item(&self, op: &WriteOp, now: i64) -> Result<TransactWriteItem, StoreError> {
        let expr = condition(op.cond(), now)?;
        let (text, names, values) = match expr {
            Some(e) => (Some(e.text), Some(e.names), Some(e.values)),
            None => (None, None, None),
        };
        let build_err = |e: aws_sdk_dynamodb::error::BuildError| StoreError::Invalid(e.to_string());
        Ok(match op {
            WriteOp::Put { item, .. } => TransactWriteItem::builder()
                .put(
                    Put::builder()
                        .table_name(&self.table)
                        .set_item(Some(to_attrs(item)?))
                        .set_condition_expression(text)
                        .set_expression_attribute_names(names)
                        .set_expression_attribute_values(values)
                        .build()
                        .map_err(build_err)?,
                )
                .build(),
            WriteOp::Delete { pk, sk, .. } => TransactWriteItem::builder()
                .delete(
                    Delete::builder()
                        .table_name(&self.table)
                        .set_key(Some(key(pk, sk)))
                        .set_condition_expression(text)
                        .set_expression_attribute_names(names)
                        .set_expression_attribute_values(values)
                        .build()
                        .map_err(build_err)?,
                )
                .build(),
            WriteOp::Check { pk, sk, .. } => {
                // DynamoDB needs an expression on a check; "always" is a no-op check.
                let (text, names, values) = match text {
                    Some(t) => (t, names, values),
                    None => (
                        "attribute_exists(pk) OR attribute_not_exists(pk)".to_string(),
                        None,
                        None,
                    ),
                };
                TransactWriteItem::builder()
                    .condition_check(
                        ConditionCheck::builder()
                            .table_name(&self.table)
                            .set_key(Some(key(pk, sk)))
                            .condition_expression(text)
                            .set_expression_attribute_names(names)
                            .set_expression_attribute_values(values)
                            .build()
                            .map_err(build_err)?,
                    )
                    .build()
            }
        })
    }
}

impl DynamoStore {
    async fn delete_one(&self, pk: &str, sk: &str, cond: &Cond) -> Result<(), StoreError> {
        let mut req = self
            .client
            .delete_item()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)));
        if let Some(e) = condition(cond, self.clock.now().as_second())? {
            req = req
                .condition_expression(e.text)
                .set_expression_attribute_names(Some(e.names))
                .set_expression_attribute_values(Some(e.values));
        }
        match req.send().await {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
            {
                Err(StoreError::ConditionFailed { op: Some(0) })
            }
            Err(e) => Err(unavailable(e)),
        }
    }
}

#[async_trait]
impl ItemStore for DynamoStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .set_key(Some(key(pk, sk)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let now = self.clock.now().as_second();
        match out.item {
            None => Ok(None),
            Some(attrs) => {
                let item = from_attrs(attrs)?;
                Ok((!item.is_expired(now)).then_some(item))
            }
        }
    }

    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        let now = self.clock.now().as_second();
        let mut req = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_attrs(&item)?));
        if let Some(e) = condition(&cond, now)? {
            req = req
                .condition_expression(e.text)
                .set_expression_attribute_names(Some(e.names))
                .set_expression_attribute_values(Some(e.values));
        }
        match req.send().await {
            Ok(_) => Ok(()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_conditional_check_failed_exception()) =>
            {
                Err(StoreError::ConditionFailed { op: None })
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    async fn query(
        &self,
        pk: &str,
        sk_prefix: &str,
        page: PageRequest,
    ) -> Result<Page, StoreError> {
        if page.limit == 0 {
            return Err(StoreError::Invalid("a page holds at least one item".into()));
        }
        let now = self.clock.now().as_second();
        let mut start = page
            .after
            .as_deref()
            .map(|c| cursor::decode(c, sk_prefix))
            .transpose()?
            .map(|sk: String| key(pk, &sk));
        // Collect one more live item than asked for, to know whether a next page exists.
        // Expired items are dropped here rather than by a filter, since a filter would
        // apply after DynamoDB's own limit.
        let mut items = Vec::new();
        loop {
            let mut req = self
                .client
                .query()
                .table_name(&self.table)
                .consistent_read(true)
                .scan_index_forward(page.order == Order::Ascending)
                .limit((page.limit + 1 - items.len()) as i32)
                .set_exclusive_start_key(start.take())
                .expression_attribute_values(":pk", AttributeValue::S(pk.to_string()));
            // begins_with rejects an empty prefix; an empty prefix means the whole partition.
            req = if sk_prefix.is_empty() {
                req.key_condition_expression("pk = :pk")
            } else {
                req.key_condition_expression("pk = :pk AND begins_with(sk, :p)")
                    .expression_attribute_values(":p", AttributeValue::S(sk_prefix.to_string()))
            };
            let out = req.send().await.map_err(unavailable)?;
            for attrs in out.items.unwrap_or_default() {
                let item = from_attrs(attrs)?;
                if !item.is_expired(now) {
                    items.push(item);
                }
            }
            match out.last_evaluated_key {
                Some(k) if items.len() <= page.limit => start = Some(k),
                _ => break,
            }
        }
        let more = items.len() > page.limit;
        items.truncate(page.limit);
        let next = if more {
            items.last().map(|i| cursor::encode(&i.sk))
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        check_transaction(&ops)?;
        // A lone delete needs no transaction (which costs twice the write capacity);
        // the outbox clean-up after every publish is exactly that.
        if let [WriteOp::Delete { pk, sk, cond }] = ops.as_slice() {
            return self.delete_one(pk, sk, cond).await;
        }
        let now = self.clock.now().as_second();
        let items = ops
            .iter()
            .map(|op| self.transact_item(op, now))
            .collect::<Result<Vec<_>, _>>()?;
        match self
            .client
            .transact_write_items()
            .set_transact_items(Some(items))
            .send()
            .await
        {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some(TransactWriteItemsError::TransactionCanceledException(tc)) =
                    e.as_service_error()
                {
                    let reasons = tc.cancellation_reasons();
                    if let Some(i) = reasons
                        .iter()
                        .position(|r| r.code() == Some("ConditionalCheckFailed"))
                    {
                        return Err(StoreError::ConditionFailed { op: Some(i) });
                    }
                    if reasons
                        .iter()
                        .any(|r| r.code() == Some("TransactionConflict"))
                    {
                        return Err(StoreError::Conflict);
                    }
                }
                Err(unavailable(e))
            }
        }
    }
}
