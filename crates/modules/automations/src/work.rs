//! Doing the module's queued work (`WorkStore`): what is due is claimed a batch at a time in
//! one statement and handed to the queue's own step, the batch's attempts at once; and the
//! queue's writes, committed together (`Writes`).

use std::sync::Mutex;

use futures::future::BoxFuture;
use tessera_core::{Millis, work::WorkItem};
use tessera_platform::Platform;
use tokio::sync::oneshot;

/// How long an attempt may take before another node takes the work as lost. Every attempt
/// of a batch starts at once, so each has its own time, not a share of the batch's.
const LEASE: Millis = 60_000;
/// Items claimed (and attempted together) at a time.
const BATCH: u32 = 50;

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
    let claimed = p
        .store()
        .claim_due_work(queue, now, now + LEASE, BATCH)
        .await?;
    let attempts = claimed.len();
    futures::stream::iter(claimed)
        .for_each_concurrent(None, |w| async move {
            if let Err(e) = step(p.clone(), w, now).await {
                tracing::error!(error = %e, queue, "a module's queued work");
            }
        })
        .await;
    Ok(attempts)
}

type Answer = oneshot::Sender<tessera_core::Result<bool>>;

/// The work queue's writes of this node, committed in groups: a write waits for a commit
/// that holds it, and whoever takes the turn commits every write waiting by then in one
/// transaction. Concurrent reports and step results then cost the database's one writer a
/// commit per group instead of one each; each caller still returns only once its write is
/// stored.
#[derive(Default)]
pub struct Writes {
    waiting: Mutex<Waiting>,
    turn: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Waiting {
    new: Vec<(WorkItem, Answer)>,
    changed: Vec<(WorkItem, Answer)>,
}

impl Writes {
    /// As `WorkStore::queue_work`.
    pub async fn queue(&self, p: &Platform, w: WorkItem) -> tessera_core::Result<bool> {
        self.write(p, w, true).await
    }

    /// As `WorkStore::update_work`.
    pub async fn update(&self, p: &Platform, w: WorkItem) -> tessera_core::Result<()> {
        self.write(p, w, false).await.map(drop)
    }

    async fn write(&self, p: &Platform, w: WorkItem, new: bool) -> tessera_core::Result<bool> {
        let (answer, answered) = oneshot::channel();
        {
            let mut waiting = self.waiting.lock().expect("waiting writes");
            match new {
                true => waiting.new.push((w, answer)),
                false => waiting.changed.push((w, answer)),
            }
        }
        {
            let _turn = self.turn.lock().await;
            let group = std::mem::take(&mut *self.waiting.lock().expect("waiting writes"));
            if !group.new.is_empty() || !group.changed.is_empty() {
                // A task of its own: a caller that goes away (a client hanging up) must not
                // take the others' commit with it.
                let commit = tokio::spawn(commit(p.clone(), group));
                let _ = commit.await;
            }
        }
        answered.await.unwrap_or_else(|_| {
            Err(tessera_core::Error::internal(
                "a queued work's write was lost",
            ))
        })
    }
}

/// Commits a group in one transaction; if that fails, each write alone, so that one bad
/// write (its site just deleted) fails only its own caller.
async fn commit(p: Platform, group: Waiting) {
    let store = p.store();
    let (new, new_answers): (Vec<WorkItem>, Vec<Answer>) = group.new.into_iter().unzip();
    let (changed, changed_answers): (Vec<WorkItem>, Vec<Answer>) =
        group.changed.into_iter().unzip();
    match store.write_work(&new, &changed).await {
        Ok(queued) => {
            for (answer, queued) in new_answers.into_iter().zip(queued) {
                let _ = answer.send(Ok(queued));
            }
            for answer in changed_answers {
                let _ = answer.send(Ok(true));
            }
        }
        Err(e) if new.len() + changed.len() == 1 => {
            if let Some(answer) = new_answers.into_iter().chain(changed_answers).next() {
                let _ = answer.send(Err(e));
            }
        }
        Err(_) => {
            for (w, answer) in new.iter().zip(new_answers) {
                let _ = answer.send(store.queue_work(w).await);
            }
            for (w, answer) in changed.iter().zip(changed_answers) {
                let _ = answer.send(store.update_work(w).await.map(|()| true));
            }
        }
    }
}
