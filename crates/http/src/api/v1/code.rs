//! Site code: push a revision (a tar archive, optionally gzipped, of the site folder or its
//! `src/`), read it back, list and publish revisions.

use std::{collections::BTreeMap, io::Read};

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderName, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tessera_core::{ErrorCode, data::DataCaller, sites::Permission, store::CodeRevisionInfo};
use tessera_jsrt::{CodeError, MAX_CODE_BYTES, MAX_CODE_FILES, Place, SiteCode};
use tessera_platform::data::{
    DataContext,
    wix_schemas::{self, SchemaOutcome},
};
use utoipa::{IntoParams, ToSchema};

use crate::{
    ApiError, AppState, ErrorBody,
    auth::{Caller, site_access},
    error::ApiResult,
    extract::{Json, optional_json},
};

/// A revision's files as JSON: path under `src/` (`backend/x.web.js`) → source.
#[derive(Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeFiles {
    files: BTreeMap<String, String>,
}

/// A revision's files as JSON, for `GET …/code` with `accept: application/json`.
#[derive(Serialize, ToSchema)]
pub struct CodeFilesView {
    revision: i64,
    /// Path under `src/` (`backend/x.web.js`) → source.
    files: BTreeMap<String, String>,
}

/// Whether a header (`content-type` or `accept`) asks for JSON.
fn is_json(headers: &HeaderMap, name: HeaderName) -> bool {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("application/json"))
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PushedView {
    revision: i64,
    file_count: usize,
    size_bytes: usize,
    /// Problems found per file (`file`, `line`, `column`, `message`): only code that uses
    /// such a file fails, as on Wix.
    #[schema(value_type = Vec<Object>)]
    problems: Vec<CodeError>,
    /// Files of Wix's layout that are kept with the revision but not run (styles, collection
    /// schemas, dependency lists).
    stored_not_run: Vec<String>,
    /// Files left out: not part of Wix's layout, or not text.
    left_out: Vec<String>,
    /// What came of each collection schema (`database/<id>.json`): the site's missing
    /// collections are created; existing ones are left as they are, with how they differ.
    #[schema(value_type = Vec<Object>)]
    collections: Vec<SchemaOutcome>,
}

#[derive(Deserialize, IntoParams)]
pub struct PushQuery {
    /// Refuse the whole push when any file has a problem (for CI).
    #[serde(default)]
    strict: bool,
}

/// Push the site's code as a new revision. The body is a tar (gzip allowed) or zip archive of
/// the site folder as Wix lays it out (`src/backend/…`, `src/pages/…`, `wix.config.json`) or
/// of `src/` itself, or (with `content-type: application/json`) `{"files": {"backend/x.web.js":
/// "source", …}}` with paths under `src/`. Every backend module is compiled and its imports
/// resolved; a file with a problem fails that file (and the code that imports it), not the
/// push, and the answer lists each in `problems`. With `?strict=true` any problem refuses the
/// push: nothing is stored and the answer lists them in `details.errors`, and in the message
/// as `file:line:col message`. For the site's developers, admins and owners.
#[utoipa::path(put, path = "/api/v1/sites/{site}/code", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), PushQuery),
    request_body(description = "tar, tar.gz or zip of the code, or its files as JSON",
        content(
            (Vec<u8> = "application/x-tar"),
            (Vec<u8> = "application/zip"),
            (CodeFiles = "application/json"),
        )),
    responses(
        (status = 201, description = "Stored as a new revision", body = PushedView),
        (status = 400, description = "Problems in the code with strict, or not an archive", body = ErrorBody),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site, or not yours", body = ErrorBody),
    ))]
pub async fn push_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Query(PushQuery { strict }): Query<PushQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<(StatusCode, axum::Json<PushedView>)> {
    let (site, role) = site_access(&state, &caller, &site, Permission::Develop).await?;
    let (raw, mut left_out) = if is_json(&headers, header::CONTENT_TYPE) {
        (from_json(&body)?, Vec::new())
    } else {
        // Unpacking is blocking work, kept off the threads that serve requests.
        tokio::task::spawn_blocking(move || unpack(&body))
            .await
            .map_err(|e| ApiError::from(tessera_core::Error::internal(e)))??
    };
    let Layout {
        files,
        stored_not_run,
        unknown,
        mut errors,
    } = layout(raw)?;
    left_out.extend(unknown);
    let size = files.iter().map(|(p, s)| p.len() + s.len()).sum();
    let code = SiteCode {
        revision: 0,
        files: std::sync::Arc::new(files),
    };
    errors.extend(state.engine().check(&code).await);
    // Page code is bundled here to find its problems; pages bundle it again when published.
    let files = std::sync::Arc::clone(&code.files);
    let page_code = tokio::task::spawn_blocking(move || tessera_page_code::build(&files))
        .await
        .map_err(|e| ApiError::from(tessera_core::Error::internal(e)))?;
    errors.extend(page_code.problems.into_iter().map(|p| CodeError {
        file: p.file,
        line: p.line,
        column: p.column,
        message: p.message,
    }));
    // A problem that names no file (the size) concerns the whole revision.
    if (strict && !errors.is_empty()) || errors.iter().any(|e| e.file.is_empty()) {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        return Err(ApiError::new(
            ErrorCode::InvalidArgument,
            format!(
                "the code has {} problem(s): {}",
                errors.len(),
                lines.join("; ")
            ),
        )
        .with_details(json!({ "field": "code", "errors": errors })));
    }
    let by = caller
        .account()
        .map_or_else(|| "api-key".to_string(), |a| a.id.to_string());
    let revision = state
        .store()
        .add_code_revision(site.id, &code.files, &by)
        .await?;
    let ctx = DataContext {
        site,
        caller: DataCaller::Collaborator { role, id: by },
        suppress_hooks: false,
    };
    let collections = wix_schemas::apply(state.platform(), &ctx, &code.files).await;
    Ok((
        StatusCode::CREATED,
        axum::Json(PushedView {
            revision,
            file_count: code.files.len(),
            size_bytes: size,
            problems: errors,
            stored_not_run,
            left_out,
            collections,
        }),
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct RevisionQuery {
    /// The revision to read; the latest when absent.
    revision: Option<i64>,
}

/// Download a revision of the site's code as a tar archive of `src/`, or with `accept:
/// application/json` as `{"revision": n, "files": {"backend/x.web.js": "source", …}}`.
#[utoipa::path(get, path = "/api/v1/sites/{site}/code", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), RevisionQuery),
    responses(
        (status = 200, description = "The revision's files", content(
            (Vec<u8> = "application/x-tar"),
            (CodeFilesView = "application/json"),
        )),
        (status = 404, description = "No such site or revision", body = ErrorBody),
    ))]
pub async fn pull_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Query(q): Query<RevisionQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let (revision, files) = state
        .store()
        .code_revision(site.id, q.revision)
        .await?
        .ok_or_else(|| ApiError::not_found("code revision"))?;
    if is_json(&headers, header::ACCEPT) {
        return Ok(axum::Json(CodeFilesView { revision, files }).into_response());
    }
    let mut tar = tar::Builder::new(Vec::new());
    for (path, source) in &files {
        let mut head = tar::Header::new_gnu();
        head.set_size(source.len() as u64);
        head.set_mode(0o644);
        head.set_mtime(0);
        tar.append_data(&mut head, format!("src/{path}"), source.as_bytes())
            .map_err(tessera_core::Error::internal)?;
    }
    let bytes = tar.into_inner().map_err(tessera_core::Error::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"code-r{revision}.tar\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    #[schema(value_type = Vec<Object>)]
    revisions: Vec<CodeRevisionInfo>,
}

/// List the revisions of the site's code, newest first; `published` marks the one visitors run.
#[utoipa::path(get, path = "/api/v1/sites/{site}/code/revisions", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Revisions", body = RevisionList),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn list_code_revisions(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<RevisionList>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    Ok(axum::Json(RevisionList {
        revisions: state.store().code_revisions(site.id).await?,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// The revision visitors will run; the latest when absent.
    revision: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct PublishedView {
    revision: i64,
}

/// Publish a revision of the site's code: `/_functions/…` and web methods run it from now on.
/// Publishing an older revision rolls back. For the site's developers, admins and owners.
#[utoipa::path(post, path = "/api/v1/sites/{site}/code/publish", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = PublishBody,
    responses(
        (status = 200, description = "Published", body = PublishedView),
        (status = 403, description = "Role below developer", body = ErrorBody),
        (status = 404, description = "No such site or revision", body = ErrorBody),
    ))]
pub async fn publish_code(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<PublishBody>,
) -> ApiResult<axum::Json<PublishedView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::Develop).await?;
    let store = state.store();
    let revision = match body.revision {
        Some(r) => r,
        None => store
            .latest_code_revision(site.id)
            .await?
            .ok_or_else(|| ApiError::not_found("code revision"))?,
    };
    store.publish_code(site.id, revision).await?;
    state.code_cache().forget_published(site.id);
    // Pages read data through the code's hooks, so they may read differently now.
    crate::site_pages::site_changed(&state, site.id).await;
    Ok(axum::Json(PublishedView { revision }))
}

fn bad_code(message: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidArgument, message).with_details(json!({ "field": "code" }))
}

fn too_many() -> ApiError {
    bad_code(format!(
        "the code holds more than {MAX_CODE_FILES} files; that is the limit"
    ))
}

fn too_large() -> ApiError {
    bad_code(format!(
        "the code is larger than the limit of {MAX_CODE_BYTES} bytes"
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallWebMethodBody {
    /// The module's path under `src/`, e.g. `backend/hello.web.js`.
    file: String,
    /// The exported web method.
    function: String,
    /// Its arguments.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    args: Vec<serde_json::Value>,
}

#[derive(Serialize, ToSchema)]
pub struct WebMethodResult {
    /// What the web method returned.
    #[schema(value_type = Object)]
    result: serde_json::Value,
}

/// Run a web method of the published revision, as `POST /_api/webmethods/<file>/<function>` on
/// the site's host would, with the caller as the visitor (owners and admins get
/// `Permissions.Admin`). Lets the dashboard, on another origin than the site, try one.
/// Console lines go to the site's log.
#[utoipa::path(post, path = "/api/v1/sites/{site}/code/call-web-method", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = CallWebMethodBody,
    responses(
        (status = 200, description = "What the web method returned", body = WebMethodResult),
        (status = 400, description = "Bad arguments", body = ErrorBody),
        (status = 403, description = "Role too low, or the web method's permission refuses", body = ErrorBody),
        (status = 404, description = "No such site, published code, file or function", body = ErrorBody),
        (status = 500, description = "The web method threw (its message is shown)", body = ErrorBody),
    ))]
pub async fn call_web_method(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    headers: HeaderMap,
    Json(body): Json<CallWebMethodBody>,
) -> ApiResult<Response> {
    let (site, role) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let id = match &caller {
        Caller::Account { account, .. } => account.id.to_string(),
        Caller::SiteKey(key) => key.created_by.to_string(),
    };
    let request_id = headers.get("x-request-id").and_then(|v| v.to_str().ok());
    Ok(crate::functions::call_web_method(
        &state,
        &site,
        // A test run from the dashboard is no visitor's.
        (DataCaller::Collaborator { role, id }, ""),
        (&body.file, &body.function),
        &body.args,
        request_id,
    )
    .await)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallHttpFunctionBody {
    /// GET, POST, PUT, PATCH, DELETE or OPTIONS.
    method: String,
    /// The address after `/_functions/`: the function's name, then any path and query
    /// (`hello/a/b?x=1`).
    path: String,
    /// The request body, as text.
    #[serde(default)]
    body: String,
}

#[derive(Serialize, ToSchema)]
pub struct HttpFunctionAnswer {
    status: u16,
    headers: BTreeMap<String, String>,
    /// The response body, as text.
    body: String,
}

/// Call an HTTP function of the published revision, as `<method> /_functions/<path>` on the
/// site's host would, and show its answer. Lets the dashboard, on another origin, try one.
#[utoipa::path(post, path = "/api/v1/sites/{site}/code/call-http-function", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    request_body = CallHttpFunctionBody,
    responses(
        (status = 200, description = "The function's answer, whatever its status", body = HttpFunctionAnswer),
        (status = 400, description = "Bad method or path", body = ErrorBody),
        (status = 403, description = "Role too low", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn call_http_function(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Json(body): Json<CallHttpFunctionBody>,
) -> ApiResult<axum::Json<HttpFunctionAnswer>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::EditContent).await?;
    let method = match body.method.to_ascii_uppercase().as_str() {
        m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => {
            axum::http::Method::from_bytes(m.as_bytes()).expect("a known method")
        }
        _ => {
            return Err(tessera_core::Error::invalid(
                "method",
                "must be GET, POST, PUT, PATCH, DELETE or OPTIONS",
            )
            .into());
        }
    };
    let path = body.path.trim_start_matches('/');
    let uri: axum::http::Uri = format!("/_functions/{path}")
        .parse()
        .map_err(|_| tessera_core::Error::invalid("path", "is not a valid address"))?;
    let host = state.site_url(&site);
    let host = host.split_once("://").map_or(host.as_str(), |(_, h)| h);
    let request = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host)
        .body(axum::body::Body::from(body.body))
        .map_err(tessera_core::Error::internal)?;
    let response = crate::functions::call_published_function(&state, site, request).await;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let bytes = axum::body::to_bytes(response.into_body(), MAX_CODE_BYTES)
        .await
        .map_err(tessera_core::Error::internal)?;
    Ok(axum::Json(HttpFunctionAnswer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }))
}

/// The files of a JSON push, under the same size limit as an archive's.
fn from_json(body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let CodeFiles { files } = optional_json(body)?;
    if files.values().map(String::len).sum::<usize>() > MAX_CODE_BYTES {
        return Err(too_large());
    }
    if files.len() > MAX_CODE_FILES {
        return Err(too_many());
    }
    Ok(files.into_iter().collect())
}

/// The files of a pushed archive (tar, tar.gz or zip), as paths in the archive, and the
/// paths of the files left out because they are not UTF-8 text (images, say).
#[allow(clippy::type_complexity)]
fn unpack(body: &[u8]) -> Result<(Vec<(String, String)>, Vec<String>), ApiError> {
    let bad = bad_code;
    let mut raw = Vec::new();
    let mut binary = Vec::new();
    let mut total = 0usize;
    let mut add = |path: String, reader: &mut dyn Read| -> Result<(), ApiError> {
        let mut bytes = Vec::new();
        // Reads at most one byte past the limit, so an archive bomb stops early.
        let allowed = (MAX_CODE_BYTES - total.min(MAX_CODE_BYTES)) as u64 + 1;
        reader
            .take(allowed)
            .read_to_end(&mut bytes)
            .map_err(|e| bad(format!("{path}: {e}")))?;
        total += bytes.len();
        if total > MAX_CODE_BYTES {
            return Err(too_large());
        }
        let path = path.trim_start_matches("./").to_string();
        match String::from_utf8(bytes) {
            Ok(text) => raw.push((path, text)),
            Err(_) => binary.push(path),
        }
        Ok(())
    };
    if body.starts_with(b"PK\x03\x04") {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body))
            .map_err(|e| bad(format!("the body is not a zip archive: {e}")))?;
        // A zip says how many entries it holds: too many are refused before any is read.
        if archive.len() > MAX_CODE_FILES {
            return Err(too_many());
        }
        for i in 0..archive.len() {
            let mut file = archive
                .by_index(i)
                .map_err(|e| bad(format!("the body is not a zip archive: {e}")))?;
            if !file.is_file() {
                continue;
            }
            let path = file
                .enclosed_name()
                .ok_or_else(|| {
                    bad(format!(
                        "{} is not a valid path",
                        file.name().unwrap_or_default()
                    ))
                })?
                .to_string_lossy()
                .into_owned();
            add(path, &mut file)?;
        }
    } else {
        let reader: Box<dyn Read + '_> = if body.starts_with(&[0x1f, 0x8b]) {
            Box::new(flate2::read::GzDecoder::new(body))
        } else {
            Box::new(body)
        };
        let mut archive = tar::Archive::new(reader);
        let entries = archive
            .entries()
            .map_err(|e| bad(format!("the body is not a tar or zip archive: {e}")))?;
        let mut count = 0;
        for entry in entries {
            let mut entry =
                entry.map_err(|e| bad(format!("the body is not a tar or zip archive: {e}")))?;
            if !entry.header().entry_type().is_file() {
                continue;
            }
            // Counted as the headers go by, before the files are read.
            count += 1;
            if count > MAX_CODE_FILES {
                return Err(too_many());
            }
            let path = entry
                .path()
                .map_err(|e| bad(format!("an archive path is not valid: {e}")))?
                .to_string_lossy()
                .into_owned();
            add(path, &mut entry)?;
        }
    }
    Ok((raw, binary))
}

/// A push's files sorted by their place in Wix's layout.
struct Layout {
    /// What the revision keeps, by path under `src/` (`backend/…`).
    files: BTreeMap<String, String>,
    stored_not_run: Vec<String>,
    unknown: Vec<String>,
    /// Files whose path cannot be kept.
    errors: Vec<CodeError>,
}

/// Pushed files as paths under `src/` (`backend/…`), sorted by their place. When they hold a
/// `src/` folder, only that folder and `node_modules/` count (the site folder's other files,
/// such as `wix.config.json` and `package.json`, stay out).
fn layout(raw: Vec<(String, String)>) -> Result<Layout, ApiError> {
    let has_src = raw.iter().any(|(p, _)| p.starts_with("src/"));
    let mut out = Layout {
        files: BTreeMap::new(),
        stored_not_run: Vec::new(),
        unknown: Vec::new(),
        errors: Vec::new(),
    };
    for (path, text) in raw {
        let path = match (has_src, path.strip_prefix("src/")) {
            (true, Some(inner)) => inner.to_string(),
            // The site folder's installed packages come along beside src/.
            (true, None) if path.starts_with("node_modules/") => path,
            (true, None) => continue,
            (false, _) => path,
        };
        if let Err(message) = tessera_jsrt::check_path(&path) {
            out.errors.push(CodeError {
                file: path,
                line: None,
                column: None,
                message,
            });
            continue;
        }
        match tessera_jsrt::place(&path) {
            Place::Runs => {}
            Place::StoredNotRun => out.stored_not_run.push(path.clone()),
            Place::Unknown => {
                out.unknown.push(path);
                continue;
            }
        }
        out.files.insert(path, text);
    }
    out.stored_not_run.sort();
    out.unknown.sort();
    if out.files.is_empty() {
        return Err(bad_code(
            "no files were sent that belong to a Wix site's src/ folder".into(),
        ));
    }
    Ok(out)
}

#[derive(Serialize, ToSchema)]
pub struct JobsView {
    /// The published revision's jobs, each with its `nextRun`.
    #[schema(value_type = Vec<Object>)]
    jobs: Vec<serde_json::Value>,
    /// The latest 100 runs, newest first.
    #[schema(value_type = Vec<Object>)]
    runs: Vec<tessera_core::store::JobRun>,
}

/// The site's scheduled jobs (from the published `backend/jobs.config`) and their run
/// history: start, duration, outcome, error and console lines of each run.
#[utoipa::path(get, path = "/api/v1/sites/{site}/jobs", tag = "code",
    params(("site" = String, Path, description = "Site id or slug")),
    responses(
        (status = 200, description = "Jobs and runs", body = JobsView),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn list_jobs(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
) -> ApiResult<axum::Json<JobsView>> {
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let now = chrono::Utc::now();
    let jobs = tessera_platform::code::published_code(&state, site.id)
        .await?
        .and_then(|code| code.files.get(tessera_jsrt::jobs::JOBS_CONFIG).cloned())
        .map(|text| tessera_jsrt::jobs::parse(&text).0)
        .unwrap_or_default()
        .into_iter()
        .map(|job| {
            let next = job.next_run(now).map(|t| super::time(t.timestamp_millis()));
            let mut v = serde_json::to_value(&job).unwrap_or_default();
            v["nextRun"] = json!(next);
            v
        })
        .collect();
    Ok(axum::Json(JobsView {
        jobs,
        runs: state.store().job_runs(site.id, 100).await?,
    }))
}

#[derive(Deserialize, IntoParams)]
pub struct LogsQuery {
    /// Only entries after this id (the `id` of the last entry seen).
    #[serde(default)]
    after: i64,
    /// At most this many entries (default 100, at most 1000).
    limit: Option<u32>,
    /// Keep the connection open and send new entries as server-sent events.
    #[serde(default)]
    follow: bool,
    /// The newest entries instead, newest first (`after` and `follow` do not apply).
    #[serde(default)]
    latest: bool,
    /// With `latest`: only entries of this level (`error`, `warn`, `log`, `info`, `debug`).
    level: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct LogsView {
    #[schema(value_type = Vec<Object>)]
    logs: Vec<tessera_core::store::LogEntry>,
}

/// The site's code log: console lines and uncaught errors (with stacks) of HTTP functions,
/// web methods, hooks, events and jobs, oldest first. With `follow=true` the answer is a
/// `text/event-stream` of entries as they come (one JSON entry per event).
#[utoipa::path(get, path = "/api/v1/sites/{site}/logs", tag = "code",
    params(("site" = String, Path, description = "Site id or slug"), LogsQuery),
    responses(
        (status = 200, description = "Entries, or an event stream with follow=true", body = LogsView),
        (status = 400, description = "Limit too high", body = ErrorBody),
        (status = 404, description = "No such site", body = ErrorBody),
    ))]
pub async fn get_logs(
    State(state): State<AppState>,
    caller: Caller,
    Path(site): Path<String>,
    Query(q): Query<LogsQuery>,
) -> ApiResult<Response> {
    use axum::response::sse::{Event, KeepAlive, Sse};
    let (site, _) = site_access(&state, &caller, &site, Permission::View).await?;
    let limit = q.limit.unwrap_or(100);
    if limit > 1000 {
        return Err(tessera_core::Error::invalid("limit", "must be at most 1000").into());
    }
    if q.latest {
        let level = q.level.as_deref();
        if level.is_some_and(|l| !["error", "warn", "log", "info", "debug"].contains(&l)) {
            return Err(tessera_core::Error::invalid(
                "level",
                "must be one of error, warn, log, info, debug",
            )
            .into());
        }
        let logs = state.store().latest_logs(site.id, level, limit).await?;
        return Ok(axum::Json(LogsView { logs }).into_response());
    }
    if !q.follow {
        let logs = state.store().logs(site.id, q.after, limit).await?;
        return Ok(axum::Json(LogsView { logs }).into_response());
    }
    // Polls the database, so entries written on any server node arrive.
    let stream = futures::stream::unfold(
        (state, q.after, Vec::new()),
        move |(state, mut after, mut pending): (
            AppState,
            i64,
            Vec<tessera_core::store::LogEntry>,
        )| async move {
            loop {
                if let Some(entry) = pending.pop() {
                    after = entry.id;
                    let event = Event::default()
                        .id(entry.id.to_string())
                        .json_data(&entry)
                        .unwrap_or_default();
                    return Some((
                        Ok::<_, std::convert::Infallible>(event),
                        (state, after, pending),
                    ));
                }
                match state.store().logs(site.id, after, 1000).await {
                    Ok(mut fresh) if !fresh.is_empty() => {
                        fresh.reverse();
                        pending = fresh;
                    }
                    Ok(_) => tokio::time::sleep(std::time::Duration::from_millis(500)).await,
                    Err(e) => {
                        tracing::error!(error = %e, "following the code log");
                        return None;
                    }
                }
            }
        },
    );
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

/// TypeScript declarations of the modules site code imports (`wix-data`, `wix-http-functions`,
/// `wix-web-module`, `wix-fetch`, `wix-secrets-backend` and their `@wix/…` names).
#[utoipa::path(get, path = "/api/v1/jsrt/types.d.ts", tag = "code", security(()),
    responses((status = 200, description = "TypeScript declarations", content_type = "application/typescript", body = String)))]
pub async fn get_types() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/typescript; charset=utf-8",
        )],
        tessera_jsrt::TYPES_D_TS,
    )
}
