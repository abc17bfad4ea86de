//! The engine pool and the invocations. An instance (a QuickJS runtime and context with the
//! site's modules loaded) serves one invocation at a time and is reused for the same site
//! and revision; one that broke a quota is dropped, never reused.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    task::{Poll, Waker},
    time::{Duration, Instant},
};

use async_trait::async_trait;
use rquickjs::{
    AsyncContext, AsyncRuntime, CatchResultExt, CaughtError, Ctx, Function, Module, Object,
    TypedArray, async_with, prelude::Async,
};
use serde::Serialize;
use serde_json::{Value, json};

use crate::{
    code::{CodeError, SiteCode},
    loader::{FilesSlot, SiteLoader},
};

/// Quotas of one invocation.
#[derive(Clone, Debug)]
pub struct Limits {
    /// JavaScript execution time (time spent awaiting the host does not count).
    pub cpu: Duration,
    /// Whole invocation, awaits included.
    pub wall: Duration,
    pub memory_bytes: usize,
    pub stack_bytes: usize,
    /// Console output kept per invocation (each line also costs `LINE_OVERHEAD`); past it,
    /// lines are dropped and one line says how many.
    pub log_bytes: usize,
    /// Idle instances kept per site.
    pub idle_per_site: usize,
    /// Invocations of one site that run at once; its other calls wait their turn. Below the
    /// number of JavaScript threads, so that one site never holds them all (a busy loop holds
    /// its thread until the CPU quota ends it).
    pub site_concurrency: usize,
    /// JavaScript time one site may use per `cpu_window`, over all its calls; past it, its
    /// calls are refused as busy until the window moves on.
    pub site_cpu: Duration,
    pub cpu_window: Duration,
    /// Memory that the invocations running at once may hold, over all sites: each reserves
    /// its whole `memory_bytes` while it runs. Past it, a call waits up to `memory_wait` for
    /// others to end, then is refused as busy.
    pub memory_budget: usize,
    pub memory_wait: Duration,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Threads that run JavaScript: one more than the cores, so that a site held to one fewer
/// (`site_concurrency`) never holds them all; the operating system shares the cores out.
/// More threads cost every call more: on 2 cores a fresh instance took 277–283 µs with 2
/// threads, 306–336 µs with 3 and 420–457 µs with 4 (bench/RESULTS.md).
fn js_threads() -> usize {
    cores() + 1
}

/// The longest console line kept; a longer one is cut, with a note of how much.
pub const MAX_LOG_LINE: usize = 8 * 1024;
/// What a kept line costs beyond its text, so that many tiny lines are bounded too.
const LINE_OVERHEAD: usize = 64;

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu: Duration::from_secs(10),
            wall: Duration::from_secs(14),
            memory_bytes: 64 * 1024 * 1024,
            stack_bytes: 512 * 1024,
            log_bytes: 256 * 1024,
            idle_per_site: 16,
            site_concurrency: js_threads() - 1,
            // Three quarters of the machine: one busy site cannot have it all for long, and
            // one site alone can still use most of it.
            site_cpu: Duration::from_secs(45 * cores() as u64),
            cpu_window: Duration::from_secs(60),
            memory_budget: default_memory_budget(),
            memory_wait: Duration::from_secs(2),
        }
    }
}

/// Half of the machine's memory (`MemTotal` in /proc/meminfo), or 2 GB where that cannot be
/// read. Each running call reserves its whole quota and most use far less, so the calls'
/// real use stays well below it, leaving room for the rest of the server.
pub fn default_memory_budget() -> usize {
    let total_kb = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            line.split_whitespace().nth(1)?.parse::<usize>().ok()
        });
    total_kb.map_or(2 << 30, |kb| kb * 1024 / 2)
}

/// Who calls a web method, for its permission check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallerRole {
    Anonymous,
    Member,
    Admin,
}

impl CallerRole {
    fn as_str(self) -> &'static str {
        match self {
            Self::Anonymous => "anonymous",
            Self::Member => "member",
            Self::Admin => "admin",
        }
    }
}

/// An error a host operation answers; JavaScript sees an `Error` with `code` and `details`.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{message}")]
pub struct HostError {
    pub code: String,
    pub message: String,
    pub details: Option<Value>,
}

impl HostError {
    /// An error with a code and a message, and no details.
    pub fn new(code: &str, message: String) -> Self {
        Self {
            code: code.into(),
            message,
            details: None,
        }
    }
}

/// What site code may ask of the server. One `Host` serves one invocation, so it carries
/// that invocation's caller.
#[async_trait]
pub trait Host: Send + Sync {
    /// Operation `op` (`"data"`, …) with a JSON payload; see `js/host.js` for the callers.
    async fn call(&self, op: &str, payload: Value) -> Result<Value, HostError>;

    /// [`Host::call`] answering JSON text: a host whose answer is text already (a page of
    /// stored items) hands it to the code as it is, without building a `Value` first.
    async fn call_json(&self, op: &str, payload: Value) -> Result<String, HostError> {
        self.call(op, payload).await.map(|v| v.to_string())
    }

    /// Log lines written after the invocation answered, by work it left pending.
    fn late_logs(&self, _lines: Vec<LogLine>) {}
}

/// A `console.*` line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LogLine {
    pub level: String,
    pub message: String,
}

/// Why an invocation did not produce a value.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// No such function, file or export; the caller's 404.
    #[error("{0}")]
    NotFound(String),
    /// The caller may not call it; 403.
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    BadRequest(String),
    /// The code threw; the message and the stack as JavaScript shows them.
    #[error("{message}")]
    Thrown {
        message: String,
        stack: Option<String>,
    },
    /// A quota ended the invocation.
    #[error("{0}")]
    Quota(String),
    /// The site has used its share; the call was not run. Try again after `retry_after`.
    #[error("{message}")]
    Busy {
        message: String,
        retry_after: Duration,
    },
    #[error("{0}")]
    Internal(String),
}

/// An invocation's result with the log lines it wrote.
#[derive(Debug)]
pub struct Outcome<T> {
    pub result: Result<T, RunError>,
    pub logs: Vec<LogLine>,
    pub duration: Duration,
}

impl<T> Outcome<T> {
    /// An invocation refused before any code ran.
    fn refused(e: RunError) -> Self {
        Self {
            result: Err(e),
            logs: Vec::new(),
            duration: Duration::ZERO,
        }
    }
}

/// An HTTP function call as Velo's request object describes it. The method and function
/// name go to JavaScript as strings, the headers and the other fields as two JSON texts
/// (parsed only when the function reads them), the body as bytes.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRequest {
    pub base_url: String,
    pub path: Vec<String>,
    pub query: BTreeMap<String, String>,
    #[serde(skip)]
    pub headers: BTreeMap<String, String>,
    #[serde(skip)]
    pub method: String,
    pub url: String,
    #[serde(skip)]
    pub function_name: String,
    pub ip: String,
    #[serde(skip)]
    pub body: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// When the running invocation must stop (nanoseconds after `EPOCH`, 0 for never), and how
/// long it has waited for the host since it was set.
#[derive(Default)]
struct Deadline {
    at: AtomicU64,
    waited: AtomicU64,
}

static EPOCH: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);

impl Deadline {
    fn set(&self, at: Option<Instant>) {
        let nanos = at.map_or(0, |at| at.duration_since(*EPOCH).as_nanos() as u64);
        if nanos != 0 {
            self.waited.store(0, Ordering::Relaxed);
        }
        self.at.store(nanos, Ordering::Relaxed);
    }
    fn passed(&self) -> bool {
        let at = self.at.load(Ordering::Relaxed);
        at != 0 && EPOCH.elapsed().as_nanos() as u64 > at
    }
    /// Moves the deadline later by `d`: time spent waiting for the host is not the code's.
    fn extend(&self, d: Duration) {
        let nanos = d.as_nanos() as u64;
        let moved = self
            .at
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |at| {
                (at != 0).then(|| at + nanos)
            });
        if moved.is_ok() {
            self.waited.fetch_add(nanos, Ordering::Relaxed);
        }
    }
    fn waited(&self) -> Duration {
        Duration::from_nanos(self.waited.load(Ordering::Relaxed))
    }
}

/// What each site may run: a number of invocations at once, and JavaScript time per window.
#[derive(Default)]
struct Shares {
    sites: Mutex<HashMap<String, Share>>,
}

struct Share {
    running: Arc<tokio::sync::Semaphore>,
    window_start: Instant,
    used: Duration,
}

impl Shares {
    /// A turn for one invocation of `site`: waits while the site runs `site_concurrency`
    /// already (its own calls queue; other sites' do not wait for them), refuses it while the
    /// site is over its time for the window.
    async fn turn(
        &self,
        site: &str,
        limits: &Limits,
    ) -> Result<tokio::sync::OwnedSemaphorePermit, RunError> {
        let running = {
            let mut sites = self.sites.lock().expect("shares lock");
            // Looked up before inserting: a known site's turn allocates nothing.
            if !sites.contains_key(site) {
                let share = Share {
                    running: Arc::new(tokio::sync::Semaphore::new(limits.site_concurrency)),
                    window_start: Instant::now(),
                    used: Duration::ZERO,
                };
                sites.insert(site.to_string(), share);
            }
            let share = sites.get_mut(site).expect("just inserted");
            if share.window_start.elapsed() >= limits.cpu_window {
                (share.window_start, share.used) = (Instant::now(), Duration::ZERO);
            }
            if share.used >= limits.site_cpu {
                return Err(RunError::Busy {
                    message: format!(
                        "the site used its {} s of JavaScript time for this {} s; try again later",
                        limits.site_cpu.as_secs(),
                        limits.cpu_window.as_secs()
                    ),
                    retry_after: limits
                        .cpu_window
                        .saturating_sub(share.window_start.elapsed()),
                });
            }
            Arc::clone(&share.running)
        };
        // A call waits for its turn at most as long as it could run.
        match tokio::time::timeout(limits.wall, running.acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(RunError::Busy {
                message: "the site's other calls kept it busy; try again later".into(),
                retry_after: Duration::from_secs(1),
            }),
        }
    }

    fn charge(&self, site: &str, used: Duration) {
        if let Some(share) = self.sites.lock().expect("shares lock").get_mut(site) {
            share.used += used;
        }
    }
}

/// The server-wide memory budget of running invocations (`Limits::memory_budget`). Taking
/// and returning a reservation is one atomic operation each, never a lock; only a call that
/// finds the budget spent waits, on `freed`.
struct MemoryBudget {
    total: usize,
    reserved: AtomicUsize,
    /// Calls waiting for memory: a return wakes them only when there are some.
    waiting: AtomicUsize,
    freed: tokio::sync::Notify,
}

/// Memory reserved from the budget, returned when dropped.
struct Reservation<'a> {
    budget: &'a MemoryBudget,
    bytes: usize,
}

impl MemoryBudget {
    fn new(total: usize) -> Self {
        Self {
            total,
            reserved: AtomicUsize::new(0),
            waiting: AtomicUsize::new(0),
            freed: tokio::sync::Notify::new(),
        }
    }

    fn try_reserve(&self, bytes: usize) -> Option<Reservation<'_>> {
        // Added only if it fits, so a refused call never makes another one fail.
        self.reserved
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |reserved| {
                (reserved + bytes <= self.total).then_some(reserved + bytes)
            })
            .ok()?;
        Some(Reservation {
            budget: self,
            bytes,
        })
    }

    /// Reserves `bytes`, waiting up to `wait` for running calls to return theirs.
    async fn reserve(&self, bytes: usize, wait: Duration) -> Result<Reservation<'_>, RunError> {
        if let Some(r) = self.try_reserve(bytes) {
            return Ok(r);
        }
        let until = tokio::time::Instant::now() + wait;
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            // Registered before the retry, so a return between the two still wakes it.
            freed.as_mut().enable();
            self.waiting.fetch_add(1, Ordering::SeqCst);
            let reserved = self.try_reserve(bytes);
            let woken = match reserved {
                Some(_) => true,
                None => tokio::time::timeout_at(until, freed).await.is_ok(),
            };
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            if let Some(r) = reserved {
                return Ok(r);
            }
            if !woken {
                return Err(RunError::Busy {
                    message: "the server is running as many calls as its memory allows; try \
                              again shortly"
                        .into(),
                    retry_after: Duration::from_secs(1),
                });
            }
        }
    }

    fn give_back(&self, bytes: usize) {
        self.reserved.fetch_sub(bytes, Ordering::SeqCst);
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.freed.notify_waiters();
        }
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        self.budget.give_back(self.bytes);
    }
}

type HostSlot = Arc<Mutex<Option<Arc<dyn Host>>>>;

/// An invocation's console lines, bounded by `Limits::log_bytes`.
#[derive(Default)]
struct LogBuffer {
    lines: Vec<LogLine>,
    bytes: usize,
    budget: usize,
    dropped: usize,
}

impl LogBuffer {
    fn push(&mut self, level: String, mut message: String) {
        if message.len() > MAX_LOG_LINE {
            let mut cut = MAX_LOG_LINE;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            let more = message.len() - cut;
            message.truncate(cut);
            message.push_str(&format!(" … [{more} more bytes cut]"));
        }
        let cost = message.len() + LINE_OVERHEAD;
        if self.bytes + cost > self.budget {
            self.dropped += 1;
            return;
        }
        self.bytes += cost;
        self.lines.push(LogLine { level, message });
    }

    /// The lines so far, with a note of those dropped; the buffer starts again empty.
    fn take(&mut self) -> Vec<LogLine> {
        let mut lines = std::mem::take(&mut self.lines);
        if self.dropped > 0 {
            lines.push(LogLine {
                level: "warn".into(),
                message: format!(
                    "{} more console line(s) dropped: a call keeps at most {} KB of console output",
                    self.dropped,
                    self.budget / 1024
                ),
            });
        }
        (self.bytes, self.dropped) = (0, 0);
        lines
    }
}

/// Host calls and timers an instance has started and not finished: the work an invocation
/// may leave pending after it answers.
#[derive(Default)]
struct InFlight {
    count: AtomicUsize,
    waker: Mutex<Option<Waker>>,
}

/// One unit of `InFlight` work, counted while it lives.
struct Started(Arc<InFlight>);

impl InFlight {
    fn start(self: &Arc<Self>) -> Started {
        self.count.fetch_add(1, Ordering::AcqRel);
        Started(Arc::clone(self))
    }

    /// Ready once nothing is in flight on two polls in a row: the context runs every pending
    /// job between two polls, and a job that starts new work raises the count first.
    fn drained(&self) -> impl std::future::Future<Output = ()> + '_ {
        let mut quiet = false;
        std::future::poll_fn(move |cx| {
            *self.waker.lock().expect("waker lock") = Some(cx.waker().clone());
            if self.count.load(Ordering::Acquire) > 0 {
                quiet = false;
                return Poll::Pending;
            }
            if quiet {
                return Poll::Ready(());
            }
            quiet = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        })
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        if self.0.count.fetch_sub(1, Ordering::AcqRel) == 1
            && let Some(waker) = self.0.waker.lock().expect("waker lock").take()
        {
            waker.wake();
        }
    }
}

struct Instance {
    // Field order: the context goes before its runtime.
    ctx: AsyncContext,
    rt: AsyncRuntime,
    deadline: Arc<Deadline>,
    host: HostSlot,
    logs: Arc<Mutex<LogBuffer>>,
    files: FilesSlot,
    in_flight: Arc<InFlight>,
}

/// Which function of `tessera:runtime` to call, with its arguments.
enum Entry {
    Http {
        method: String,
        function_name: String,
        wire: String,
        headers: String,
        body: Vec<u8>,
    },
    WebMethod {
        file: String,
        name: String,
        args: String,
        role: CallerRole,
        jsw_allowed: bool,
    },
    Export {
        file: String,
        name: String,
        args: String,
    },
}

impl Entry {
    fn file(&self) -> &str {
        match self {
            Self::Http { .. } => "backend/http-functions.js",
            Self::WebMethod { file, .. } | Self::Export { file, .. } => file,
        }
    }
}

/// The pool of instances per site and revision, and the quotas they run under.
pub struct Engine {
    limits: Limits,
    pool: Arc<Pool>,
    /// JavaScript runs on its own threads: a busy loop, until its quota stops it, holds one
    /// of these, never a thread that serves other requests.
    threads: Option<tokio::runtime::Runtime>,
}

impl Drop for Engine {
    fn drop(&mut self) {
        if let Some(rt) = self.threads.take() {
            rt.shutdown_background();
        }
    }
}

impl Engine {
    pub fn new(limits: Limits) -> Self {
        let threads = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(js_threads())
            .thread_name("jsrt")
            .enable_all()
            .build()
            .expect("starting the JavaScript threads");
        Self {
            pool: Arc::new(Pool {
                idle: Mutex::new(HashMap::new()),
                per_site: limits.idle_per_site,
                spare: Mutex::new(None),
                settling: tokio::sync::watch::channel(0).0,
                shares: Shares::default(),
                // At least one call's quota, so that every call can run at some point.
                memory: MemoryBudget::new(limits.memory_budget.max(limits.memory_bytes)),
            }),
            limits,
            threads: Some(threads),
        }
    }

    /// Waits until every invocation that has answered has also finished the work it left
    /// pending (writes it did not await, timers); tests step background work this way.
    pub async fn settled(&self) {
        let mut settling = self.pool.settling.subscribe();
        let _ = settling.wait_for(|n| *n == 0).await;
    }

    /// Checks a revision (see `crate::check`) on the JavaScript threads, away from the
    /// threads that serve requests: a large push takes seconds.
    pub async fn check(&self, code: &SiteCode) -> Vec<crate::CodeError> {
        let code = code.clone();
        let checking = self
            .threads
            .as_ref()
            .expect("running")
            .spawn(async move { crate::code::check(&code).await });
        checking.await.unwrap_or_else(|e| {
            vec![crate::CodeError {
                file: String::new(),
                line: None,
                column: None,
                message: format!("checking the code failed: {e}"),
            }]
        })
    }

    /// Runs the HTTP function `request.function_name` of `site`'s `code`.
    pub async fn http_function(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        request: HttpRequest,
    ) -> Outcome<HttpResponse> {
        if !code.has("backend/http-functions.js") {
            return Outcome::refused(RunError::NotFound(
                "the site has no backend/http-functions.js".into(),
            ));
        }
        let entry = Entry::Http {
            wire: serde_json::to_string(&request).expect("a request serializes"),
            headers: serde_json::to_string(&request.headers).expect("headers serialize"),
            method: request.method,
            function_name: request.function_name,
            body: request.body,
        };
        let outcome = self.run(site, code, host, entry).await;
        map_outcome(outcome, |answer| {
            let Answer::Http {
                status,
                headers,
                body,
            } = answer
            else {
                return Err(RunError::Internal(
                    "http function answer: not a response".into(),
                ));
            };
            let status = match status {
                Some(s) if s.fract() == 0.0 && (100.0..=599.0).contains(&s) => s as u16,
                other => {
                    let shown = other.map_or_else(|| "(not a number)".into(), |s| s.to_string());
                    return Err(RunError::Thrown {
                        message: format!("response status {shown} is not an HTTP status"),
                        stack: None,
                    });
                }
            };
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }

    /// Calls web method `name` of `file` (a `.web.js` or `.jsw` path) with JSON `args`.
    pub async fn web_method(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        (file, name): (&str, &str),
        args: &[Value],
        role: CallerRole,
    ) -> Outcome<Value> {
        let exists = code.has(file) && (file.ends_with(".web.js") || file.ends_with(".jsw"));
        if !file.starts_with("backend/") || !exists {
            return Outcome::refused(RunError::NotFound(format!("no web module {file}")));
        }
        let entry = Entry::WebMethod {
            file: file.to_string(),
            name: name.to_string(),
            args: Value::from(args.to_vec()).to_string(),
            role,
            jsw_allowed: file.ends_with(".jsw") && jsw_allows(code, file, name, role),
        };
        let outcome = self.run(site, code, host, entry).await;
        map_outcome(outcome, parse_result)
    }

    /// Calls exported function `name` of `file` with JSON `args`, no permission check (jobs,
    /// events, tests).
    pub async fn call_export(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        export: (&str, &str),
        args: &[Value],
    ) -> Outcome<Value> {
        self.call_export_within(site, code, host, export, args, self.limits.wall)
            .await
    }

    /// `call_export` held to `time` (JavaScript and waits together) when that is shorter
    /// than the quotas: a service plugin answers within its own time limit.
    pub async fn call_export_within(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        (file, name): (&str, &str),
        args: &[Value],
        time: Duration,
    ) -> Outcome<Value> {
        if !code.has(file) {
            return Outcome::refused(RunError::NotFound(format!("no file {file}")));
        }
        let entry = Entry::Export {
            file: file.to_string(),
            name: name.to_string(),
            args: Value::from(args.to_vec()).to_string(),
        };
        let limits = Limits {
            cpu: self.limits.cpu.min(time),
            wall: self.limits.wall.min(time),
            ..self.limits.clone()
        };
        let outcome = self.run_within(site, code, host, entry, limits).await;
        map_outcome(outcome, parse_result)
    }

    async fn run(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        entry: Entry,
    ) -> Outcome<Answer> {
        self.run_within(site, code, host, entry, self.limits.clone())
            .await
    }

    async fn run_within(
        &self,
        site: &str,
        code: &Arc<SiteCode>,
        host: Arc<dyn Host>,
        entry: Entry,
        limits: Limits,
    ) -> Outcome<Answer> {
        let started = Instant::now();
        let (cpu, wall) = (limits.cpu, limits.wall);
        let (code, pool) = (Arc::clone(code), Arc::clone(&self.pool));
        let (site, file) = (site.to_string(), entry.file().to_string());
        // The instance is taken on the JavaScript threads, when the call starts there: calls
        // waiting for a thread then reuse instances that the calls before them returned.
        // The answer goes back before the instance is returned or freed (freeing a QuickJS
        // runtime costs about a fifth of building one), so the caller does not wait for that.
        let (answer, answered) = tokio::sync::oneshot::channel();
        self.threads.as_ref().expect("running").spawn(async move {
            let turn = match pool.shares.turn(&site, &limits).await {
                Ok(turn) => turn,
                Err(e) => {
                    let _ = answer.send((Err(Broken::Fine(e)), Vec::new()));
                    return;
                }
            };
            // Held until the instance is back in the pool or freed, so the memory of the
            // calls at work stays within the budget.
            let memory = match pool
                .memory
                .reserve(limits.memory_bytes, limits.memory_wait)
                .await
            {
                Ok(memory) => memory,
                Err(e) => {
                    let _ = answer.send((Err(Broken::Fine(e)), Vec::new()));
                    return;
                }
            };
            let pooled = pool.checkout(&site, code.revision);
            let fresh = pooled.is_none();
            let instance = match pooled {
                Some(i) => i,
                None => match pool.fresh(&code, &limits).await {
                    Ok(i) => i,
                    Err(e) => {
                        let _ = answer.send((Err(Broken::Fine(e)), Vec::new()));
                        return;
                    }
                },
            };
            let ran = Instant::now();
            let result = instance.invoke(Arc::clone(&host), entry, &limits).await;
            let logs = instance.logs.lock().expect("log lock").take();
            // One that broke a quota (or the engine) is dropped, never reused.
            let answered_well = matches!(
                &result,
                Ok(_)
                    | Err(Broken::Fine(
                        RunError::NotFound(_)
                            | RunError::Forbidden(_)
                            | RunError::BadRequest(_)
                            | RunError::Thrown { .. }
                    ))
            );
            // Counted as settling before the caller hears the answer, so `settled` sees it.
            let _settling = pool.settling();
            let _ = answer.send((result, logs));
            let reusable = answered_well && instance.settle(host, started + limits.wall).await;
            // The site's JavaScript time: the call's, less its waits for the host.
            let used = ran.elapsed().saturating_sub(instance.deadline.waited());
            pool.shares.charge(&site, used);
            drop(turn);
            if reusable {
                pool.checkin(&site, code.revision, instance);
            } else {
                drop(instance);
            }
            drop(memory);
            if fresh {
                pool.make_spare(&limits).await;
            }
        });
        let (result, logs) = answered.await.unwrap_or_else(|_| {
            let e = RunError::Internal("the JavaScript task ended without an answer".into());
            (Err(Broken::Fine(e)), Vec::new())
        });
        let result = result.map_err(|e| match e {
            Broken::Cpu => RunError::Quota(format!(
                "CPU quota of {} ms exceeded in {file}",
                cpu.as_millis()
            )),
            Broken::Wall => RunError::Quota(format!(
                "wall-time quota of {} ms exceeded in {file}",
                wall.as_millis()
            )),
            Broken::Memory => RunError::Quota(format!(
                "memory quota of {} MB exceeded in {file}",
                self.limits.memory_bytes / (1024 * 1024)
            )),
            Broken::Stack => RunError::Quota(format!("stack overflow in {file}")),
            Broken::Fine(e) => e,
        });
        Outcome {
            result,
            logs,
            duration: started.elapsed(),
        }
    }
}

/// Idle instances by site, all of one revision (the newest seen), and one blank instance
/// that the next call without an idle instance takes.
struct Pool {
    idle: Mutex<HashMap<String, (i64, Vec<Instance>)>>,
    per_site: usize,
    spare: Mutex<Option<Instance>>,
    /// Invocations that answered and whose pending work is still running.
    settling: tokio::sync::watch::Sender<usize>,
    shares: Shares,
    memory: MemoryBudget,
}

/// One invocation counted in `Pool::settling` while it lives.
struct Settling<'a>(&'a tokio::sync::watch::Sender<usize>);

impl Drop for Settling<'_> {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

impl Pool {
    fn settling(&self) -> Settling<'_> {
        self.settling.send_modify(|n| *n += 1);
        Settling(&self.settling)
    }

    /// An instance of `code` that no call has used: the spare, given the site's code.
    async fn fresh(&self, code: &SiteCode, limits: &Limits) -> Result<Instance, RunError> {
        let spare = self.spare.lock().expect("spare lock").take();
        let instance = match spare {
            Some(i) => i,
            None => Instance::blank(limits).await?,
        };
        instance.attach(code).await?;
        Ok(instance)
    }

    /// Builds the next spare, after a call took the last one (and answered).
    async fn make_spare(&self, limits: &Limits) {
        if self.spare.lock().expect("spare lock").is_some() {
            return;
        }
        if let Ok(instance) = Instance::blank(limits).await {
            self.spare
                .lock()
                .expect("spare lock")
                .get_or_insert(instance);
        }
    }

    fn checkout(&self, site: &str, revision: i64) -> Option<Instance> {
        let mut idle = self.idle.lock().expect("pool lock");
        match idle.get_mut(site) {
            Some((rev, instances)) if *rev == revision => instances.pop(),
            _ => None,
        }
    }

    fn checkin(&self, site: &str, revision: i64, instance: Instance) {
        let mut idle = self.idle.lock().expect("pool lock");
        let entry = idle
            .entry(site.to_string())
            .or_insert_with(|| (revision, Vec::new()));
        if entry.0 != revision {
            // A newer revision replaces the old instances; an older one is not kept.
            if entry.0 > revision {
                return;
            }
            *entry = (revision, Vec::new());
        }
        if entry.1.len() < self.per_site {
            entry.1.push(instance);
        }
    }
}

fn map_outcome<T>(
    outcome: Outcome<Answer>,
    f: impl FnOnce(Answer) -> Result<T, RunError>,
) -> Outcome<T> {
    Outcome {
        result: outcome.result.and_then(f),
        logs: outcome.logs,
        duration: outcome.duration,
    }
}

fn parse_result(answer: Answer) -> Result<Value, RunError> {
    let Answer::Json(json) = answer else {
        return Err(RunError::Internal("web method answer: not JSON".into()));
    };
    let mut v: Value = serde_json::from_str(&json)
        .map_err(|e| RunError::Internal(format!("web method answer: {e}")))?;
    Ok(v["result"].take())
}

/// The `.jsw` rule from `backend/permissions.json`: the function's entry, else the file's
/// `*`, else the global `*`; absent everywhere means allowed, as in Velo.
fn jsw_allows(code: &SiteCode, file: &str, name: &str, role: CallerRole) -> bool {
    let Some(text) = code.files.get("backend/permissions.json") else {
        return true;
    };
    let Ok(perms) = serde_json::from_str::<Value>(text) else {
        return false;
    };
    let methods = &perms["web-methods"];
    let key = match role {
        CallerRole::Anonymous => "anonymous",
        CallerRole::Member => "siteMember",
        CallerRole::Admin => "siteOwner",
    };
    [
        &methods[file][name],
        &methods[file]["*"],
        &methods["*"]["*"],
    ]
    .into_iter()
    .find(|rule| rule.is_object())
    .is_none_or(|rule| rule[key]["invoke"].as_bool().unwrap_or(false))
}

/// How an invocation ended badly, before it is named for the caller.
enum Broken {
    Cpu,
    Wall,
    Memory,
    Stack,
    Fine(RunError),
}

impl Instance {
    async fn new(code: &SiteCode, limits: &Limits) -> Result<Self, RunError> {
        let instance = Self::blank(limits).await?;
        instance.attach(code).await?;
        Ok(instance)
    }

    /// An instance with no site yet: runtime, globals and host modules, which are most of
    /// the cost of a fresh instance, so the engine keeps one ready (`Pool::spare`).
    async fn blank(limits: &Limits) -> Result<Self, RunError> {
        let internal = |e: rquickjs::Error| RunError::Internal(format!("JavaScript engine: {e}"));
        let rt = AsyncRuntime::new().map_err(internal)?;
        rt.set_memory_limit(limits.memory_bytes).await;
        rt.set_max_stack_size(limits.stack_bytes).await;
        let deadline = Arc::new(Deadline::default());
        let d = Arc::clone(&deadline);
        rt.set_interrupt_handler(Some(Box::new(move || d.passed())))
            .await;
        let files: FilesSlot = Arc::default();
        let importers = crate::loader::Importers::default();
        rt.set_loader(
            SiteLoader {
                files: Arc::clone(&files),
                importers: Arc::clone(&importers),
            },
            SiteLoader {
                files: Arc::clone(&files),
                importers,
            },
        )
        .await;
        let ctx = AsyncContext::full(&rt).await.map_err(internal)?;
        let host: HostSlot = Arc::new(Mutex::new(None));
        let logs = Arc::new(Mutex::new(LogBuffer {
            budget: limits.log_bytes,
            ..LogBuffer::default()
        }));
        let (slot, sink, d) = (Arc::clone(&host), Arc::clone(&logs), Arc::clone(&deadline));
        let site_files = Arc::clone(&files);
        let in_flight = Arc::new(InFlight::default());
        let work = Arc::clone(&in_flight);
        async_with!(ctx => |ctx| {
            setup(&ctx, slot, sink, d, site_files, work)
                .await
                .catch(&ctx)
                .map_err(|e| RunError::Internal(format!("JavaScript setup: {e}")))
        })
        .await?;
        Ok(Self {
            ctx,
            rt,
            deadline,
            host,
            logs,
            files,
            in_flight,
        })
    }

    /// Gives a blank instance the site's code (once: an instance serves one revision).
    async fn attach(&self, code: &SiteCode) -> Result<(), RunError> {
        *self.files.lock().expect("files lock") = Arc::clone(&code.files);
        if !crate::packages::needs_commonjs(&code.files) {
            return Ok(());
        }
        let hosts = crate::loader::required_host_modules(&code.files);
        async_with!(self.ctx => |ctx| {
            setup_packages(&ctx, hosts)
                .await
                .catch(&ctx)
                .map_err(|e| RunError::Internal(format!("JavaScript setup: {e}")))
        })
        .await
    }

    async fn invoke(
        &self,
        host: Arc<dyn Host>,
        entry: Entry,
        limits: &Limits,
    ) -> Result<Answer, Broken> {
        *self.host.lock().expect("host lock") = Some(host);
        self.deadline.set(Some(Instant::now() + limits.cpu));
        let deadline = Arc::clone(&self.deadline);
        let run = async_with!(self.ctx => |ctx| {
            let called = call_entry(&ctx, entry).await.catch(&ctx);
            match called {
                Ok(answer) => Ok(answer),
                Err(e) if deadline.passed() => {
                    drop(e);
                    Err(Broken::Cpu)
                }
                Err(e) => Err(broken(e)),
            }
        });
        // An interrupted invocation may leave its promise unsettled: notice the deadline.
        let watch = async {
            while !self.deadline.passed() {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        let result = tokio::select! {
            biased; // Most calls end at the first poll, before a timer is needed.
            r = tokio::time::timeout(limits.wall, run) => r.unwrap_or(Err(Broken::Wall)),
            () = watch => Err(Broken::Cpu),
        };
        if result.is_err() {
            self.deadline.set(None);
            *self.host.lock().expect("host lock") = None;
        }
        result
    }

    /// After the answer: lets the work the invocation left pending run to its end within the
    /// invocation's quotas, as Wix lets a backend call's promises settle. That is host calls
    /// it did not await, what follows them, and timers due in time; their log lines go to
    /// `host`. Whether the instance is idle and may serve again; one whose pending work
    /// outlives `until` (say, a `setInterval`) or broke the CPU quota is dropped.
    async fn settle(&self, host: Arc<dyn Host>, until: Instant) -> bool {
        // Most invocations leave nothing behind and skip the drive. (rquickjs's own
        // `AsyncRuntime::idle` was tried for the drive and lost the continuations of host
        // calls when several instances settled at once.)
        let busy =
            self.in_flight.count.load(Ordering::Acquire) > 0 || self.rt.is_job_pending().await;
        let reusable = if busy {
            let in_flight = Arc::clone(&self.in_flight);
            let drained = async_with!(self.ctx => |_ctx| { in_flight.drained().await });
            let idle = tokio::time::timeout_at(until.into(), drained).await;
            idle.is_ok() && !self.deadline.passed()
        } else {
            true
        };
        self.deadline.set(None);
        *self.host.lock().expect("host lock") = None;
        let late = self.logs.lock().expect("log lock").take();
        if !late.is_empty() {
            host.late_logs(late);
        }
        reusable
    }
}

/// Globals for the host door and console, then the host door module (which takes the door
/// off the global object before site code can see it) and the runtime module.
async fn setup<'js>(
    ctx: &Ctx<'js>,
    slot: HostSlot,
    sink: Arc<Mutex<LogBuffer>>,
    deadline: Arc<Deadline>,
    files: FilesSlot,
    in_flight: Arc<InFlight>,
) -> rquickjs::Result<()> {
    let globals = ctx.globals();
    let sleep_deadline = Arc::clone(&deadline);
    let sleeps = Arc::clone(&in_flight);
    globals.set(
        "__tessera_host",
        Function::new(
            ctx.clone(),
            Async(move |op: String, payload: String| {
                let host = slot.lock().expect("host lock").clone();
                let deadline = Arc::clone(&deadline);
                let started_work = in_flight.start();
                async move {
                    let _started_work = started_work;
                    let started = Instant::now();
                    // The call runs as a task of its own, so it makes progress (and lets go of
                    // any database connection) whether or not JavaScript is being driven; a
                    // call the code does not await never parks with a connection held.
                    let call = host_answer(host, op, payload);
                    let answer = match tokio::runtime::Handle::try_current() {
                        Ok(runtime) => runtime.spawn(call).await.unwrap_or_else(|e| {
                            json!({"error": {"code": "HOST_FAILED", "message": e.to_string()}})
                                .to_string()
                        }),
                        Err(_) => call.await,
                    };
                    deadline.extend(started.elapsed());
                    Ok::<_, rquickjs::Error>(answer)
                }
            }),
        )?,
    )?;
    globals.set(
        "__tessera_log",
        Function::new(ctx.clone(), move |level: String, message: String| {
            sink.lock().expect("log lock").push(level, message);
        })?,
    )?;
    // CommonJS reads and resolves files synchronously, straight from the revision.
    let source_files = Arc::clone(&files);
    globals.set(
        "__tessera_source",
        Function::new(ctx.clone(), move |path: String| {
            let files = source_files.lock().expect("files lock");
            files.get(&path).cloned().unwrap_or_default()
        })?,
    )?;
    globals.set(
        "__tessera_resolve",
        Function::new(ctx.clone(), move |from: String, spec: String| {
            let files = Arc::clone(&files.lock().expect("files lock"));
            crate::loader::resolve_require(&files, &from, &spec)
        })?,
    )?;
    // Node's globals (Buffer, URL, TextEncoder, EventTarget, AbortController, …), set up on
    // first use: most calls never touch them, and setting them all up costs more than the
    // rest of a fresh instance.
    globals.set(
        "__tessera_init_global",
        Function::new(ctx.clone(), |ctx: Ctx<'_>, group: String| {
            crate::loader::init_global_group(&ctx, &group)
        })?,
    )?;
    let groups: Vec<(&str, &[&str])> = crate::loader::GLOBAL_GROUPS.to_vec();
    let groups = serde_json::to_string(&groups).expect("names serialize");
    globals.set("__tessera_global_groups", groups)?;
    let crypto = Object::new(ctx.clone())?;
    crypto.set(
        "random",
        Function::new(ctx.clone(), |n: usize| crate::crypto::random_bytes(n))?,
    )?;
    crypto.set(
        "uuid",
        Function::new(ctx.clone(), crate::crypto::random_uuid)?,
    )?;
    crypto.set(
        "digest",
        Function::new(ctx.clone(), |ctx: Ctx<'_>, alg: String, data: Vec<u8>| {
            crate::crypto::digest(&alg, &data)
                .map_err(|m| rquickjs::Exception::throw_type(&ctx, &m))
        })?,
    )?;
    crypto.set(
        "hmac",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'_>, alg: String, key: Vec<u8>, data: Vec<u8>| {
                crate::crypto::hmac(&alg, &key, &data)
                    .map_err(|m| rquickjs::Exception::throw_type(&ctx, &m))
            },
        )?,
    )?;
    globals.set("__tessera_crypto", crypto)?;
    let (_, done) =
        crate::loader::declare_ours(ctx, "tessera:globals", include_str!("js/globals.js"))?
            .eval()?;
    done.into_future::<()>().await?;
    globals.set(
        "__tessera_sleep",
        Function::new(
            ctx.clone(),
            Async(move |ms: f64| {
                let deadline = Arc::clone(&sleep_deadline);
                let started_work = sleeps.start();
                async move {
                    let _started_work = started_work;
                    let d = Duration::from_secs_f64(ms.max(0.0) / 1000.0);
                    tokio::time::sleep(d).await;
                    deadline.extend(d);
                    Ok::<_, rquickjs::Error>(())
                }
            }),
        )?,
    )?;
    let timers: Object = Module::import(ctx, "node:timers")?.into_future().await?;
    for f in [
        "setTimeout",
        "clearTimeout",
        "setInterval",
        "clearInterval",
        "setImmediate",
        "clearImmediate",
    ] {
        globals.set(f, timers.get::<_, rquickjs::Value>(f)?)?;
    }
    Module::import(ctx, "tessera:host")?
        .into_future::<Object>()
        .await?;
    let runtime = Module::import(ctx, "tessera:runtime")?
        .into_future::<Object>()
        .await?;
    // Kept where each call finds it without an import; fixed, so site code cannot swap it.
    globals.prop(
        "__tessera_runtime",
        rquickjs::object::Property::from(runtime),
    )?;
    Ok(())
}

/// CommonJS for a site with npm packages or CommonJS files. require() cannot wait for an
/// import, so the host modules that site files require are imported up front; built-ins are
/// loaded when first required (`loader::require_builtin`), so a site pays only for those
/// its code uses.
async fn setup_packages<'js>(ctx: &Ctx<'js>, hosts: Vec<&'static str>) -> rquickjs::Result<()> {
    let builtins = Object::new(ctx.clone())?;
    for name in hosts {
        let ns: Object = Module::import(ctx, name)?.into_future().await?;
        builtins.set(name, ns)?;
    }
    let globals = ctx.globals();
    globals.set("__tessera_builtins", builtins)?;
    globals.set(
        "__tessera_require_builtin",
        Function::new(ctx.clone(), crate::loader::require_builtin)?,
    )?;
    // A CommonJS file compiles under its own path, so that its stack frames name it.
    globals.set(
        "__tessera_compile",
        Function::new(
            ctx.clone(),
            |ctx: Ctx<'js>, path: String, source: String| {
                ctx.eval_with_options::<Function, _>(source, script_options(path))
            },
        )?,
    )?;
    ctx.eval_with_options::<(), _>(
        include_str!("js/cjs.js"),
        script_options("tessera:cjs".into()),
    )
}

fn script_options(filename: String) -> rquickjs::context::EvalOptions {
    let mut options = rquickjs::context::EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(filename);
    options
}

/// A stack as site owners see it: without the frames of the engine's own scripts.
fn clean_stack(stack: &str) -> String {
    stack
        .lines()
        .filter(|line| {
            !["(eval_script", "(<input>", "(tessera:"]
                .iter()
                .any(|internal| line.contains(internal))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

async fn host_answer(host: Option<Arc<dyn Host>>, op: String, payload: String) -> String {
    let Some(host) = host else {
        return json!({"error": {"code": "NO_HOST", "message": "the server is not reachable from here"}}).to_string();
    };
    let payload = match serde_json::from_str(&payload) {
        Ok(p) => p,
        Err(e) => {
            return json!({"error": {"code": "BAD_PAYLOAD", "message": e.to_string()}}).to_string();
        }
    };
    match host.call_json(&op, payload).await {
        Ok(text) => format!("{{\"ok\":{text}}}"),
        Err(e) => json!({"error": {"code": e.code, "message": e.message, "details": e.details}})
            .to_string(),
    }
}

/// What an entry point answers.
enum Answer {
    /// A web method's or an export's result as JSON text.
    Json(String),
    /// An HTTP function's response; the status is checked by the caller.
    Http {
        status: Option<f64>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
}

async fn call_entry<'js>(ctx: &Ctx<'js>, entry: Entry) -> rquickjs::Result<Answer> {
    let ns: Object = ctx.globals().get("__tessera_runtime")?;
    let answer: rquickjs::Value = match entry {
        Entry::Http {
            method,
            function_name,
            wire,
            headers,
            body,
        } => {
            // An empty body crosses as null; JavaScript makes its empty bytes on demand.
            let bytes = if body.is_empty() {
                None
            } else {
                Some(TypedArray::<u8>::new(ctx.clone(), body)?)
            };
            ns.get::<_, Function>("httpFunction")?.call((
                method,
                function_name,
                wire,
                headers,
                bytes,
            ))?
        }
        Entry::WebMethod {
            file,
            name,
            args,
            role,
            jsw_allowed,
        } => ns.get::<_, Function>("webMethod")?.call((
            file,
            name,
            args,
            role.as_str(),
            jsw_allowed,
        ))?,
        Entry::Export { file, name, args } => ns
            .get::<_, Function>("callExport")?
            .call((file, name, args))?,
    };
    // An entry point that finished at once answers without a promise.
    let answer = match answer.as_promise() {
        Some(promise) => promise.clone().into_future().await?,
        None => answer,
    };
    if let Some(json) = answer.as_string() {
        return Ok(Answer::Json(json.to_string()?));
    }
    // An HTTP function's [status, [name, value, …], body].
    let triple: rquickjs::Array = rquickjs::FromJs::from_js(ctx, answer)?;
    let flat: Vec<String> = triple.get(1)?;
    let body: rquickjs::Value = triple.get(2)?;
    let body = if let Some(text) = body.as_string() {
        text.to_string()?.into_bytes()
    } else if let Ok(bytes) = TypedArray::<u8>::from_value(body) {
        bytes.as_bytes().unwrap_or_default().to_vec()
    } else {
        Vec::new()
    };
    Ok(Answer::Http {
        status: triple.get::<rquickjs::Value>(0)?.as_number(),
        headers: flat
            .chunks_exact(2)
            .map(|pair| (pair[0].clone(), pair[1].clone()))
            .collect(),
        body,
    })
}

fn broken(e: CaughtError<'_>) -> Broken {
    match e {
        CaughtError::Exception(ex) => {
            let message = ex.message().unwrap_or_default();
            if message.contains("stack overflow") || message.contains("call stack size exceeded") {
                return Broken::Stack;
            }
            if message.contains("out of memory") {
                return Broken::Memory;
            }
            let status: Option<u16> = ex.get("status").ok();
            let stack = ex
                .stack()
                .map(|s| clean_stack(&s))
                .filter(|s| !s.is_empty());
            // A module that does not compile (one the called code imports, say): where.
            let name: String = ex.get("name").unwrap_or_default();
            let message = match &stack {
                Some(stack) if name == "SyntaxError" => {
                    let at = code_error("", &name, &message, stack);
                    if at.file.is_empty() {
                        message
                    } else {
                        at.to_string()
                    }
                }
                _ => message,
            };
            Broken::Fine(match status {
                Some(404) => RunError::NotFound(message),
                Some(403) => RunError::Forbidden(message),
                Some(400) => RunError::BadRequest(message),
                _ => RunError::Thrown { message, stack },
            })
        }
        // Out-of-memory surfaces as a thrown null.
        CaughtError::Value(v) if v.is_null() => Broken::Memory,
        CaughtError::Value(v) => Broken::Fine(RunError::Thrown {
            message: v
                .as_string()
                .and_then(|s| s.to_string().ok())
                .unwrap_or_else(|| format!("uncaught {}", v.type_name())),
            stack: None,
        }),
        CaughtError::Error(rquickjs::Error::Allocation) => Broken::Memory,
        CaughtError::Error(e) => Broken::Fine(RunError::Internal(e.to_string())),
    }
}

/// Compiles and links every JavaScript module of `code` in a fresh instance without a host;
/// syntax and import errors come back with their positions.
pub(crate) async fn check_modules(code: &SiteCode) -> Vec<CodeError> {
    let limits = Limits {
        cpu: Duration::from_secs(2),
        wall: Duration::from_secs(5),
        ..Limits::default()
    };
    let instance = match Instance::new(code, &limits).await {
        Ok(i) => i,
        Err(e) => {
            return vec![CodeError {
                file: String::new(),
                line: None,
                column: None,
                message: e.to_string(),
            }];
        }
    };
    let mut errors = Vec::new();
    let modules = code
        .files
        .keys()
        .filter(|p| p.starts_with("backend/") && (p.ends_with(".js") || p.ends_with(".jsw")));
    for path in modules {
        instance.deadline.set(Some(Instant::now() + limits.cpu));
        let p = path.clone();
        let found = async_with!(instance.ctx => |ctx| {
            let imported = async {
                Module::import(&ctx, p.as_str())?.into_future::<Object>().await.map(|_| ())
            }
            .await
            .catch(&ctx);
            match imported {
                Ok(()) => None,
                Err(CaughtError::Exception(ex)) => {
                    let name: String = ex.get("name").unwrap_or_default();
                    let message = ex.message().unwrap_or_default();
                    // Top-level code that asks the server fails here for want of a host;
                    // that is not a fault of the code.
                    let host_less = ex.get::<_, String>("code").is_ok_and(|c| c == "NO_HOST");
                    (!host_less).then(|| (name, message, ex.stack().unwrap_or_default()))
                }
                Err(e) => Some(("Error".into(), e.to_string(), String::new())),
            }
        })
        .await;
        if let Some((name, message, stack)) = found {
            let mut error = code_error(path, &name, &message, &stack);
            if let (Some(line), Some(column), Some(source)) =
                (error.line, error.column, code.files.get(&error.file))
            {
                error.column = Some(token_column(source, line, column, &message));
            }
            // A broken file is reported once, not again by each file that imports it.
            if !errors.contains(&error) {
                errors.push(error);
            }
        }
    }
    errors
}

/// The column to show for a syntax error. QuickJS gives the start of the expression it was
/// reading; when the message names the unexpected token (`…: ';'`) and it follows on the
/// same line, that token is the better place. The column always stays within the line.
fn token_column(source: &str, line: u32, column: u32, message: &str) -> u32 {
    let Some(text) = source.lines().nth(line.saturating_sub(1) as usize) else {
        return column;
    };
    let chars: Vec<char> = text.chars().collect();
    let from = (column.max(1) as usize - 1).min(chars.len());
    let rest: String = chars[from..].iter().collect();
    let token = message
        .rsplit_once(": '")
        .and_then(|(_, t)| t.strip_suffix('\''))
        .filter(|t| !t.is_empty());
    let ahead = token
        .and_then(|t| rest.find(t))
        .map_or(0, |i| rest[..i].chars().count());
    (from + ahead + 1) as u32
}

/// A `CodeError` from an exception: the position is the first `file:line:col` in the stack
/// that names a site file (QuickJS puts it there for syntax errors too), else one in an npm
/// package; never the engine's own scripts. A module that cannot be resolved is the fault of
/// the site file that imports it, which the message names.
fn code_error(path: &str, name: &str, message: &str, stack: &str) -> CodeError {
    let frames: Vec<(String, u32, u32)> = stack
        .lines()
        .filter_map(|line| {
            let loc = line.trim().strip_prefix("at ")?;
            let loc = loc
                .rsplit_once('(')
                .map_or(loc, |(_, l)| l.trim_end_matches(')'));
            let mut parts = loc.rsplitn(3, ':');
            let col = parts.next()?.parse().ok()?;
            let line = parts.next()?.parse().ok()?;
            let file = parts.next()?;
            Some((file.to_string(), line, col))
        })
        .collect();
    let site_file = |f: &str| {
        (f.starts_with("backend/") || f.starts_with("public/")) && !f.contains("node_modules/")
    };
    let importer = message
        .strip_prefix("Error resolving module '")
        .and_then(|rest| rest.split_once("' from '"))
        .and_then(|(_, rest)| rest.split_once('\''))
        .map(|(from, _)| from)
        .filter(|from| site_file(from));
    let at = frames
        .iter()
        .find(|(f, _, _)| site_file(f))
        .or_else(|| frames.iter().find(|(f, _, _)| f.contains('/')));
    let (file, line, column) = match (at, importer) {
        (Some((file, line, col)), _) => (file.clone(), Some(*line), Some(*col)),
        (None, Some(from)) => (from.to_string(), None, None),
        (None, None) => (path.to_string(), None, None),
    };
    CodeError {
        file,
        line,
        column,
        message: if name.is_empty() || message.starts_with(name) {
            message.to_string()
        } else {
            format!("{name}: {message}")
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{code_error, token_column};

    #[test]
    fn errors_name_the_site_file_that_imported_the_failing_package() {
        let stack = "    at require (eval_script:19:58)\n    at <anonymous> (node_modules/nodemailer/lib/shared/index.js:5:12)\n    at <anonymous> (backend/mail.js:3:1)\n";
        let e = code_error("backend/x.js", "Error", "cannot require 'fs'", stack);
        assert_eq!((e.file.as_str(), e.line), ("backend/mail.js", Some(3)));
        let only_package =
            "    at require (eval_script:19:58)\n    at f (node_modules/p/index.js:5:12)\n";
        let e = code_error("backend/x.js", "Error", "boom", only_package);
        assert_eq!(e.file, "node_modules/p/index.js");
        let unresolved = "Error resolving module 'wix-x' from 'backend/a.js': nope";
        let e = code_error("backend/b.js", "ReferenceError", unresolved, "");
        assert_eq!((e.file.as_str(), e.line), ("backend/a.js", None));
    }

    #[test]
    fn syntax_error_columns_point_at_the_token_and_stay_within_the_line() {
        let source = "const a = 1;\n  return (1 + ;\n";
        let message = "unexpected token in expression: ';'";
        assert_eq!(token_column(source, 2, 10, message), 15);
        // Past the end of the line: just after its last character.
        assert_eq!(token_column(source, 2, 40, "expecting ')'"), 16);
        // A token that is not ahead on the line leaves QuickJS's column.
        assert_eq!(token_column(source, 1, 3, "unexpected token: '}'"), 3);
        assert_eq!(token_column(source, 9, 3, message), 3);
    }
}
