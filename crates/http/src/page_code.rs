//! Velo page code on a site's pages: the site runtime's script (`web/site-runtime`, built into
//! its `dist/`), the published revision's bundles with their source maps (`/_code/<hash>.js`),
//! and the error beacon, which writes what page code threw in a visitor's browser to the
//! site's code log at the file and line it was written at.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::{Mutex, OnceLock},
};

use axum::{
    Router,
    body::Bytes,
    extract::{Request, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
    routing::post,
};
use rust_embed::RustEmbed;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tessera_core::{ErrorCode, ids::SiteId, sites::Site};
use tessera_jsrt::LogLine;
use tessera_page_code::Build;

use crate::{ApiError, AppState};

#[derive(RustEmbed)]
#[folder = "../../web/site-runtime/dist"]
#[allow_missing = true]
struct RuntimeDist;

struct RuntimeScript {
    hash: String,
    js: Bytes,
    map: Bytes,
}

/// The runtime's build, read once (None when `web/site-runtime` was not built: pages are
/// then served without their code).
fn runtime() -> Option<&'static RuntimeScript> {
    static RUNTIME: OnceLock<Option<RuntimeScript>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            let js = RuntimeDist::get("site-runtime.js")?.data.into_owned();
            let map = RuntimeDist::get("site-runtime.js.map")
                .map_or_else(Vec::new, |f| f.data.into_owned());
            let hash: String = Sha256::digest(&js)
                .iter()
                .take(8)
                .map(|b| format!("{b:02x}"))
                .collect();
            Some(RuntimeScript {
                hash,
                js: js.into(),
                map: map.into(),
            })
        })
        .as_ref()
}

/// The address pages load the runtime from, if it was built.
pub(crate) fn runtime_address() -> Option<String> {
    runtime().map(|r| format!("/_assets/site-runtime.{}.js", r.hash))
}

/// The address of a bundle.
pub(crate) fn bundle_address(hash: &str) -> String {
    format!("/_code/{hash}.js")
}

/// The runtime's script and map, and the published page code's bundles and maps, by path;
/// None for any other path.
pub(crate) async fn asset(
    state: &AppState,
    site: SiteId,
    path: &str,
) -> Option<Result<Response, ApiError>> {
    if let Some(rest) = path.strip_prefix("/_assets/site-runtime.") {
        let (hash, map) = script_name(rest)?;
        let runtime = runtime()?;
        let body = if map { &runtime.map } else { &runtime.js };
        return Some(Ok(script(hash == runtime.hash, map, body.clone())));
    }
    let (hash, map) = script_name(path.strip_prefix("/_code/")?)?;
    Some(
        async {
            let build = published(state, site).await?;
            let bundle = build
                .as_deref()
                .and_then(|b| b.by_hash(hash))
                .ok_or_else(|| ApiError::not_found("script"))?;
            let body = if map { &bundle.map } else { &bundle.js };
            Ok(script(true, map, Bytes::from(body.clone())))
        }
        .await,
    )
}

/// `<hash>.js` or `<hash>.js.map`: the hash and whether it is the map.
fn script_name(name: &str) -> Option<(&str, bool)> {
    match name.strip_suffix(".js.map") {
        Some(hash) => Some((hash, true)),
        None => Some((name.strip_suffix(".js")?, false)),
    }
}

fn script(current: bool, map: bool, body: Bytes) -> Response {
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let content_type = if map {
        "application/json"
    } else {
        "text/javascript; charset=utf-8"
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, cache),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn published(
    state: &AppState,
    site: SiteId,
) -> Result<Option<std::sync::Arc<Build>>, ApiError> {
    Ok(tessera_platform::code::published_page_code(state.platform(), site).await?)
}

pub fn router() -> Router<AppState> {
    Router::new().route(tessera_render::ERROR_BEACON, post(report))
}

/// Largest report the beacon takes.
const REPORT_BYTES: usize = 8 * 1024;
/// Reports one address may send a site per minute (per node).
const REPORTS_PER_MINUTE: u32 = 30;

/// An error page code threw in the browser (`web/site-runtime/README.md`, section 8).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    #[serde(default)]
    page: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    message: String,
    script: Option<String>,
    line: Option<u32>,
    column: Option<u32>,
    #[serde(default)]
    stack: String,
}

async fn report(
    State(state): State<AppState>,
    axum::Extension(site): axum::Extension<Site>,
    req: Request,
) -> Result<StatusCode, ApiError> {
    let ip = crate::auth::client_ip(state.config(), req.headers(), req.extensions());
    if !allowed(site.id, ip) {
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            format!("at most {REPORTS_PER_MINUTE} error reports a minute"),
        ));
    }
    let body = axum::body::to_bytes(req.into_body(), REPORT_BYTES)
        .await
        .map_err(|_| {
            ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("a report is at most {REPORT_BYTES} bytes"),
            )
        })?;
    let report: Report = serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(ErrorCode::MalformedJson, format!("the report: {e}"))
            .with_details(serde_json::json!({ "field": "body" }))
    })?;
    let build = published(&state, site.id).await?;
    let build = build.as_deref();
    let place = report
        .script
        .as_deref()
        .zip(report.line.zip(report.column))
        .and_then(|(script, (line, column))| locate(build?, script, line, column))
        .unwrap_or_else(|| report.file.clone());
    let mut message = format!(
        "{place} {}: {} ({}, page {})",
        clip(&report.name, 100),
        clip(&report.message, 1000),
        clip(&report.kind, 20),
        clip(&report.page, 100)
    );
    let stack = mapped_stack(build, &report.stack);
    if !stack.is_empty() {
        message.push('\n');
        message.push_str(clip(&stack, 3000));
    }
    tessera_platform::code::append_logs(
        state.platform(),
        &site,
        "page-code",
        None,
        tessera_core::now_millis(),
        &[LogLine {
            level: "error".into(),
            message,
        }],
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// `file:line:column` in the page code for a position in one of its bundles.
fn locate(build: &Build, script: &str, line: u32, column: u32) -> Option<String> {
    let name = script.rsplit_once("/_code/")?.1;
    let (hash, _) = script_name(name)?;
    let (file, line, column) = build.by_hash(hash)?.locate(line, column)?;
    Some(format!("{file}:{line}:{column}"))
}

/// The stack with each position in a bundle written as the page code's file and line.
fn mapped_stack(build: Option<&Build>, stack: &str) -> String {
    stack
        .lines()
        .take(20)
        .map(|frame| {
            let Some(build) = build else {
                return frame.to_string();
            };
            // `at f (https://site/_code/<hash>.js:12:34)` or `f@https://…:12:34`.
            let inner = frame.trim_end_matches(')');
            let mut parts = inner.rsplitn(3, ':');
            let (Some(column), Some(line), Some(script)) =
                (parts.next(), parts.next(), parts.next())
            else {
                return frame.to_string();
            };
            let (Ok(line), Ok(column)) = (line.parse(), column.parse()) else {
                return frame.to_string();
            };
            let start = script.rfind(['(', '@', ' ']).map_or(0, |i| i + 1);
            match locate(build, &script[start..], line, column) {
                Some(place) => format!("{}{place}{}", &script[..start], &frame[inner.len()..]),
                None => frame.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn clip(s: &str, chars: usize) -> &str {
    s.char_indices().nth(chars).map_or(s, |(i, _)| &s[..i])
}

/// Reports counted per site and address: the minute and how many in it.
type Sent = HashMap<(SiteId, Option<IpAddr>), (u64, u32)>;

/// Whether `ip` may send `site` another report this minute.
fn allowed(site: SiteId, ip: Option<IpAddr>) -> bool {
    static SENT: OnceLock<Mutex<Sent>> = OnceLock::new();
    let minute = tessera_core::now_millis() as u64 / 60_000;
    let mut sent = SENT
        .get_or_init(Default::default)
        .lock()
        .expect("beacon lock");
    if sent.len() > 10_000 {
        sent.retain(|_, (m, _)| *m == minute);
    }
    let entry = sent.entry((site, ip)).or_insert((minute, 0));
    if entry.0 != minute {
        *entry = (minute, 0);
    }
    entry.1 += 1;
    entry.1 <= REPORTS_PER_MINUTE
}
