//! Per-call overhead of the engine, for bench/jsrt.sh: a trivial web method called through
//! the pool (instance reused) and with a fresh instance per call, one call after another.
//!
//!     cargo run --release -p tessera-jsrt --example overhead [CALLS]

use std::{sync::Arc, time::Instant};

use async_trait::async_trait;
use serde_json::{Value, json};
use tessera_jsrt::{CallerRole, Engine, Host, HostError, Limits, SiteCode};

// The allocator the server runs with (see crates/server/src/main.rs).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

struct NoHost;

#[async_trait]
impl Host for NoHost {
    async fn call(&self, _: &str, _: Value) -> Result<Value, HostError> {
        Ok(Value::Null)
    }
}

const WEB: &str = "import { Permissions, webMethod } from 'wix-web-module';\n\
    export const add = webMethod(Permissions.Anyone, (a, b) => a + b);";

async fn per_call(engine: &Engine, code: &Arc<SiteCode>, calls: u32) -> f64 {
    let host: Arc<dyn Host> = Arc::new(NoHost);
    let started = Instant::now();
    for i in 0..calls {
        let out = engine
            .web_method(
                "bench",
                code,
                Arc::clone(&host),
                ("backend/a.web.js", "add"),
                &[json!(i), json!(1)],
                CallerRole::Anonymous,
            )
            .await;
        assert_eq!(out.result, Ok(json!(i + 1)));
    }
    started.elapsed().as_secs_f64() * 1e6 / f64::from(calls)
}

/// The median of `batches` batches' per-call means: on a shared machine a few calls now and
/// then wait milliseconds for a thread to be scheduled, which would swing a single mean.
async fn median_per_call(engine: &Engine, code: &Arc<SiteCode>, calls: u32) -> f64 {
    let batches = 10;
    let mut means = Vec::with_capacity(batches);
    for _ in 0..batches {
        means.push(per_call(engine, code, (calls / batches as u32).max(1)).await);
    }
    means.sort_by(f64::total_cmp);
    (means[batches / 2 - 1] + means[batches / 2]) / 2.0
}

#[tokio::main]
async fn main() {
    let calls: u32 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(2000);
    let code = Arc::new(SiteCode {
        revision: 1,
        files: Arc::new([("backend/a.web.js".to_string(), WEB.to_string())].into()),
    });
    let pooled = Engine::new(Limits::default());
    per_call(&pooled, &code, 100).await; // warm-up
    let pooled_us = median_per_call(&pooled, &code, calls).await;
    let fresh = Engine::new(Limits {
        idle_per_site: 0,
        ..Limits::default()
    });
    per_call(&fresh, &code, 20).await;
    let fresh_us = median_per_call(&fresh, &code, calls / 4).await;
    println!("pooled {pooled_us:.1} us/call; fresh {fresh_us:.1} us/call (medians of 10 batches)");
}
