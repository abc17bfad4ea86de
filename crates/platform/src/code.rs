//! Site code's revisions as the server keeps them: the code cache (each site's published
//! revision and its latest push, compiled once), and the code log that invocations write.

use std::{
    collections::HashMap,
    sync::Arc,
    time::{Duration, Instant},
};

use tessera_core::{ids::SiteId, sites::Site, store::LogEntry};
pub use tessera_jsrt::SiteCode;
use tessera_jsrt::{HostError, LogLine, Outcome, RunError};
pub use tessera_page_code::Build as PageCodeBuild;

use crate::Platform;

/// Code kept in memory: revisions' files by site, and which revision each site publishes.
/// The latter is re-read after `PUBLISHED_TTL`, so a publish on another server node shows
/// within that time (at once on this node).
#[derive(Default)]
pub struct CodeCache {
    revisions: std::sync::Mutex<HashMap<(SiteId, i64), Arc<SiteCode>>>,
    published: std::sync::Mutex<HashMap<SiteId, (Option<i64>, Instant)>>,
    /// Each site's published page code, bundled, with the revision it is of.
    page_code: std::sync::Mutex<HashMap<SiteId, (i64, Arc<PageCodeBuild>)>>,
}

const PUBLISHED_TTL: Duration = Duration::from_secs(1);

impl CodeCache {
    pub fn forget_published(&self, site: SiteId) {
        self.published.lock().expect("cache lock").remove(&site);
    }

    pub fn forget_all_published(&self) {
        self.published.lock().expect("cache lock").clear();
    }

    async fn published(&self, state: &Platform, site: SiteId) -> tessera_core::Result<Option<i64>> {
        if let Some((revision, at)) = self.published.lock().expect("cache lock").get(&site)
            && at.elapsed() < PUBLISHED_TTL
        {
            return Ok(*revision);
        }
        let revision = state.store().published_code_revision(site).await?;
        self.published
            .lock()
            .expect("cache lock")
            .insert(site, (revision, Instant::now()));
        Ok(revision)
    }
}

/// Which revision a request runs.
#[derive(Clone, Copy)]
pub enum Which {
    Published,
    Latest,
}

/// The published code of `site`, if it has any (data hooks run it).
pub async fn published_code(
    state: &Platform,
    site: SiteId,
) -> tessera_core::Result<Option<Arc<SiteCode>>> {
    code_of(state, site, Which::Published).await
}

pub async fn code_of(
    state: &Platform,
    site: SiteId,
    which: Which,
) -> tessera_core::Result<Option<Arc<SiteCode>>> {
    let store = state.store();
    let revision = match which {
        Which::Published => state.code_cache().published(state, site).await?,
        Which::Latest => store.latest_code_revision(site).await?,
    };
    let Some(revision) = revision else {
        return Ok(None);
    };
    if let Some(code) = state
        .code_cache()
        .revisions
        .lock()
        .expect("cache lock")
        .get(&(site, revision))
    {
        return Ok(Some(Arc::clone(code)));
    }
    let Some((revision, files)) = store.code_revision(site, Some(revision)).await? else {
        return Ok(None);
    };
    let code = Arc::new(SiteCode {
        revision,
        files: Arc::new(files),
    });
    let mut cache = state.code_cache().revisions.lock().expect("cache lock");
    // Two revisions per site: the published one and the latest push.
    let mut kept: Vec<i64> = cache
        .keys()
        .filter(|(s, _)| *s == site)
        .map(|(_, r)| *r)
        .collect();
    kept.sort_unstable();
    for r in kept.iter().take(kept.len().saturating_sub(1)) {
        cache.remove(&(site, *r));
    }
    cache.insert((site, revision), Arc::clone(&code));
    Ok(Some(code))
}

/// The page code of the site's published revision, bundled for the browser (once per
/// revision on each node: bundling a few dozen files takes milliseconds).
pub async fn published_page_code(
    state: &Platform,
    site: SiteId,
) -> tessera_core::Result<Option<Arc<PageCodeBuild>>> {
    let Some(code) = published_code(state, site).await? else {
        return Ok(None);
    };
    if let Some((revision, build)) = state
        .code_cache()
        .page_code
        .lock()
        .expect("cache lock")
        .get(&site)
        && *revision == code.revision
    {
        return Ok(Some(Arc::clone(build)));
    }
    let files = Arc::clone(&code.files);
    let build = tokio::task::spawn_blocking(move || tessera_page_code::build(&files))
        .await
        .map_err(tessera_core::Error::internal)?;
    let build = Arc::new(build);
    state
        .code_cache()
        .page_code
        .lock()
        .expect("cache lock")
        .insert(site, (code.revision, Arc::clone(&build)));
    Ok(Some(build))
}

/// Log lines kept per site, and characters of them in all (oldest dropped first).
const LOGS_KEPT: u32 = 10_000;
const LOG_CHARS_KEPT: u64 = 8 * 1024 * 1024;

/// Records an invocation's console lines and failure in the site's code log (and the
/// server's debug log). `source` names what ran.
pub async fn log_outcome<T>(
    state: &Platform,
    site: &Site,
    source: &str,
    request_id: Option<&str>,
    outcome: &Outcome<T>,
) {
    let mut lines = outcome.logs.clone();
    let error = |message: String| LogLine {
        level: "error".into(),
        message,
    };
    match &outcome.result {
        Err(RunError::Thrown { message, stack }) => lines.push(error(match stack {
            Some(stack) => format!("uncaught: {message}\n{stack}"),
            None => format!("uncaught: {message}"),
        })),
        Err(e @ (RunError::Quota(_) | RunError::Internal(_) | RunError::Busy { .. })) => {
            lines.push(error(e.to_string()))
        }
        _ => {}
    }
    let at = tessera_core::now_millis();
    append_logs(state, site, source, request_id, at, &lines).await;
}

pub async fn append_logs(
    state: &Platform,
    site: &Site,
    source: &str,
    request_id: Option<&str>,
    at: tessera_core::Millis,
    lines: &[LogLine],
) {
    if lines.is_empty() {
        return;
    }
    let entries: Vec<LogEntry> = lines
        .iter()
        .map(|LogLine { level, message }| LogEntry {
            id: 0,
            at,
            level: level.clone(),
            source: source.into(),
            request_id: request_id.map(str::to_string),
            message: message.clone(),
        })
        .collect();
    for e in &entries {
        tracing::debug!(site = %site.slug, level = %e.level, source, "{}", e.message);
    }
    if let Err(e) = state
        .store()
        .append_logs(site.id, &entries, LOGS_KEPT, LOG_CHARS_KEPT)
        .await
    {
        tracing::error!(error = %e, site = %site.slug, "writing the code log");
    }
}

/// A domain error as code sees it: its code in capitals (NotFound as `not_found`, the name
/// Wix gives it for the module) and its message; internal errors are logged, not shown.
pub fn host_error(e: tessera_core::Error, not_found: &str) -> HostError {
    let code = match &e {
        tessera_core::Error::NotFound(_) => not_found.to_string(),
        tessera_core::Error::Internal(_) => {
            tracing::error!(error = %e, "site code's host call");
            return HostError {
                code: "INTERNAL".into(),
                message: "internal error".into(),
                details: None,
            };
        }
        e => e.code().as_str().to_uppercase(),
    };
    HostError {
        code,
        message: e.to_string(),
        details: Some(e.details()),
    }
}

pub use tessera_jsrt::spi::Plugin;

/// Runs `function` exported by `file` of the site's published backend code with `args`, as
/// the site's code (an automation's custom action), its logs and any failure written to the
/// code log as `source`. A failure comes back as a sentence.
pub async fn call_backend(
    state: &Platform,
    site: &Site,
    (file, function): (&str, &str),
    args: &[serde_json::Value],
    source: &str,
) -> Result<serde_json::Value, String> {
    let code = published_code(state, site.id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the site has no published code")?;
    if !code.files.contains_key(file) {
        return Err(format!("{file} is not in the published code"));
    }
    let host = crate::host::SiteHost::for_caller(
        state,
        site,
        tessera_core::data::DataCaller::Code { member: None },
        source,
    );
    let outcome = state
        .engine()
        .call_export(&site.id.to_string(), &code, host, (file, function), args)
        .await;
    log_outcome(state, site, source, None, &outcome).await;
    outcome.result.map_err(|e| match e {
        RunError::Thrown { message, .. } => format!("{function} threw: {message}"),
        e => format!("{function}: {e}"),
    })
}

/// The service plugins of the site's published code (none without published code).
pub async fn published_plugins(
    state: &Platform,
    site: SiteId,
) -> tessera_core::Result<Option<(Arc<SiteCode>, Vec<Plugin>)>> {
    let Some(code) = published_code(state, site).await? else {
        return Ok(None);
    };
    let (plugins, _) = tessera_jsrt::spi::plugins(&code);
    Ok(Some((code, plugins)))
}

/// Calls `function` of a service plugin (or `getConfig` of its config file) with `args`,
/// within `time`, as the site's code for the request of `buyer` (a visitor id, and the member
/// signed in, whom `currentMember` then answers). A failure is written to the
/// site's code log with the plugin, its input and the error, and comes back as the message
/// a buyer may read.
pub async fn call_plugin(
    state: &Platform,
    site: &Site,
    (code, plugin): (&Arc<SiteCode>, &Plugin),
    (file, function): (&str, &str),
    args: &[serde_json::Value],
    time: Duration,
    (visitor, member): (&str, Option<&str>),
) -> Result<serde_json::Value, String> {
    let source = format!("service plugin {}", plugin.key());
    let host = crate::host::SiteHost::for_visitor(
        state,
        site,
        tessera_core::data::DataCaller::Code {
            member: member.map(str::to_string),
        },
        visitor,
        &source,
    );
    let outcome = state
        .engine()
        .call_export_within(
            &site.id.to_string(),
            code,
            host,
            (file, function),
            args,
            time,
        )
        .await;
    let failure = match &outcome.result {
        Ok(_) => None,
        Err(RunError::Thrown { message, .. }) => Some(format!("{function} threw: {message}")),
        Err(e) => Some(format!("{function}: {e}")),
    };
    let mut lines = outcome.logs.clone();
    if let Some(message) = &failure {
        lines.push(plugin_failure(message, args));
    }
    append_logs(
        state,
        site,
        &source,
        None,
        tessera_core::now_millis(),
        &lines,
    )
    .await;
    match (outcome.result, failure) {
        (Ok(v), None) => Ok(v),
        (_, failure) => Err(failure.unwrap_or_default()),
    }
}

/// A plugin's failure as the code log keeps it: the error, then the input (cut short).
pub fn plugin_failure(message: &str, input: &[serde_json::Value]) -> LogLine {
    let mut input = serde_json::Value::from(input.to_vec()).to_string();
    if input.len() > 2000 {
        let cut = (0..=2000)
            .rev()
            .find(|i| input.is_char_boundary(*i))
            .unwrap_or(0);
        input.truncate(cut);
        input.push('…');
    }
    LogLine {
        level: "error".into(),
        message: format!("{message}\ninput: {input}"),
    }
}
