//! Scheduled jobs: each minute, the jobs of every site's published `backend/jobs.config`
//! that are due run as the site's admin. Every server node ticks; the database lets exactly
//! one of them run each (site, job, minute).

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use tessera_core::{data::DataCaller, store::JobRun};
use tessera_jsrt::{RunError, jobs::JOBS_CONFIG};

use crate::{
    Platform,
    code::{log_outcome, published_code},
    host::SiteHost,
};

/// Runs the jobs due in the minute of `now`; returns how many this node ran.
pub async fn run_due(state: &Platform, now: DateTime<Utc>) -> tessera_core::Result<usize> {
    let minute = now
        .duration_trunc(TimeDelta::minutes(1))
        .map_err(tessera_core::Error::internal)?;
    let tick = minute.timestamp_millis();
    let store = state.store();
    let mut ran = 0;
    for (site_id, _) in store.published_code_sites().await? {
        let Some(code) = published_code(state, site_id).await? else {
            continue;
        };
        let Some(config) = code.files.get(JOBS_CONFIG) else {
            continue;
        };
        // Jobs that cannot run were reported at push.
        let (jobs, _) = tessera_jsrt::jobs::parse(config);
        let due: Vec<_> = jobs.iter().filter(|j| j.due(minute)).collect();
        if due.is_empty() {
            continue;
        }
        let Some(site) = store.site(site_id).await? else {
            continue;
        };
        for job in due {
            if !store.claim_job_run(site_id, &job.key, tick).await? {
                continue;
            }
            // Jobs run with the admin's rights, as on Wix.
            let source = format!("job {}", job.key);
            let host =
                SiteHost::for_caller(state, &site, DataCaller::Code { member: None }, &source);
            let outcome = state
                .engine()
                .call_export(
                    &site_id.to_string(),
                    &code,
                    host,
                    (&job.file, &job.function),
                    &[],
                )
                .await;
            log_outcome(state, &site, &source, None, &outcome).await;
            let error = outcome.result.as_ref().err().map(|e| match e {
                RunError::Thrown { message, stack } => match stack {
                    Some(stack) => format!("{message}\n{stack}"),
                    None => message.clone(),
                },
                other => other.to_string(),
            });
            let run = JobRun {
                job: job.key.clone(),
                tick,
                started_at: 0,
                duration_ms: Some(outcome.duration.as_millis() as i64),
                outcome: if error.is_none() {
                    "succeeded"
                } else {
                    "failed"
                }
                .into(),
                error,
                logs: serde_json::to_string(&outcome.logs).unwrap_or_else(|_| "[]".into()),
            };
            store.finish_job_run(site_id, &job.key, tick, &run).await?;
            ran += 1;
        }
    }
    Ok(ran)
}

/// Ticks at the start of every minute until the process ends.
pub fn spawn_scheduler(state: Platform) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let now = Utc::now();
            let next =
                now.duration_trunc(TimeDelta::minutes(1)).unwrap_or(now) + TimeDelta::minutes(1);
            let wait = (next - now).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
            if let Err(e) = run_due(&state, next).await {
                tracing::error!(error = %e, "scheduled jobs");
            }
        }
    })
}
