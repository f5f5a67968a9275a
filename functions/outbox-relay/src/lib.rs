//! `outbox-relay`: publishes events whose request died between commit and publish.
//! Runs every minute (EventBridge schedule in AWS, a timer in the local server).

use casebridge::{events, App, Result};

/// Events younger than this are still being published by the request that wrote them.
pub const MIN_AGE: jiff::SignedDuration = jiff::SignedDuration::from_secs(30);

pub async fn handle(app: &App) -> Result<usize> {
    let published = events::relay_pending(app, MIN_AGE).await?;
    if published > 0 {
        tracing::info!(published, "relayed events left in the outbox");
    }
    Ok(published)
}
