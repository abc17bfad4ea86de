//! Doing the module's queued work (`WorkStore`): what is due is claimed attempt by attempt,
//! eight at a time, and handed to the queue's own step.

use futures::future::BoxFuture;
use tessera_core::{Millis, work::WorkItem};
use tessera_platform::Platform;

/// How long an attempt may take before another node takes the work as lost.
const LEASE: Millis = 60_000;

/// One attempt at a claimed item (its `attempts` already counts it); it stores what came of it.
pub type Step = fn(Platform, WorkItem, Millis) -> BoxFuture<'static, tessera_core::Result<()>>;

/// Runs `step` on the items of `queue` due by `now` that this node claims; how many attempts
/// it made.
pub async fn run_due(
    p: &Platform,
    queue: &str,
    now: Millis,
    step: Step,
) -> tessera_core::Result<usize> {
    use futures::StreamExt;
    let due = p.store().due_work(queue, now, 100).await?;
    let attempts = std::sync::atomic::AtomicUsize::new(0);
    futures::stream::iter(due)
        .for_each_concurrent(8, |mut w| {
            let attempts = &attempts;
            async move {
                let claimed = p
                    .store()
                    .claim_work(w.site_id, &w.id, w.attempts, now + LEASE)
                    .await;
                match claimed {
                    Ok(true) => {
                        w.attempts += 1;
                        attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if let Err(e) = step(p.clone(), w, now).await {
                            tracing::error!(error = %e, queue, "a module's queued work");
                        }
                    }
                    Ok(false) => {}
                    Err(e) => tracing::error!(error = %e, queue, "claiming a module's queued work"),
                }
            }
        })
        .await;
    Ok(attempts.into_inner())
}
