//! Velo routers: `backend/routers.js` answers every address under `/<prefix>/` whose prefix
//! it exports `<prefix>_Router` for. The router picks one of its pages and gives it data and
//! a head (`ok`), or answers by status (`notFound`, `forbidden`, `redirect`, `sendStatus`),
//! or hands the address back to the site's pages (`next`); `<prefix>_beforeRouter` may
//! answer first, `<prefix>_afterRouter` may change the answer, and `<prefix>_SiteMap` (then
//! `<prefix>_afterSitemap`) adds the router's addresses to `sitemap.xml`. Answers are never
//! cached: the code decides each one.

use tessera_page_code::{Build, ROUTERS};
use tessera_platform::{code::log_outcome, host::SiteHost};

use super::*;

/// Most addresses one router adds to the sitemap.
const SITEMAP_ROUTED: usize = 10_000;

/// The router of `path`'s first segment, if the published code has one.
fn router_prefix<'p>(build: &Build, path: &'p str) -> Option<&'p str> {
    let prefix = path.strip_prefix('/')?.split('/').next()?;
    (!prefix.is_empty() && build.routes(&format!("{prefix}_Router"))).then_some(prefix)
}

/// What a request tells a router about itself.
pub(super) struct Asked<'a> {
    pub(super) path: &'a str,
    pub(super) query: &'a str,
    pub(super) headers: &'a HeaderMap,
    pub(super) ip: String,
}

impl RenderContext<'_> {
    /// The answer of the router of the request's first path segment; None when the published
    /// code (`code`) has no router there or it says `next()`.
    pub(super) async fn by_router(
        &self,
        code: Option<&Build>,
        asked: &Asked<'_>,
    ) -> Result<Option<Rendered>, ApiError> {
        match code.and_then(|build| Some((build, router_prefix(build, asked.path)?))) {
            Some((build, prefix)) => self.routed(build, prefix, asked).await,
            None => Ok(None),
        }
    }

    /// The router's answer for this request; None when it says `next()`.
    async fn routed(
        &self,
        build: &Build,
        prefix: &str,
        asked: &Asked<'_>,
    ) -> Result<Option<Rendered>, ApiError> {
        let header = |name: header::HeaderName| {
            asked
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
        };
        let user_agent = header(header::USER_AGENT);
        let segments: Vec<String> = asked
            .path
            .split('/')
            .skip(2)
            .filter(|s| !s.is_empty())
            .map(|s| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let query: Map<String, Value> = form_urlencoded::parse(asked.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        let (id, role) = match self.viewer {
            DataCaller::Member { id, .. } => (json!(id), "Member"),
            _ => (Value::Null, "Visitor"),
        };
        let url = match asked.query {
            "" => format!("{}{}", self.base, asked.path),
            q => format!("{}{}?{q}", self.base, asked.path),
        };
        let request = json!({
            "url": url,
            "baseUrl": self.base,
            "path": segments,
            "prefix": prefix,
            "query": query,
            "formFactor": form_factor(user_agent),
            "env": "backend",
            "user": {"id": id, "role": role},
            "ip": asked.ip,
            "userAgent": user_agent,
            "referrer": header(header::REFERER),
            "protocol": self.base.split(':').next().unwrap_or("http"),
        });
        let mut answer = Value::Null;
        let before = format!("{prefix}_beforeRouter");
        if build.routes(&before) {
            answer = self
                .call(prefix, &before, std::slice::from_ref(&request))
                .await?;
        }
        if answer.is_null() || answer["next"] == true {
            answer = self
                .call(
                    prefix,
                    &format!("{prefix}_Router"),
                    std::slice::from_ref(&request),
                )
                .await?;
        }
        let after = format!("{prefix}_afterRouter");
        if build.routes(&after) {
            answer = self.call(prefix, &after, &[request, answer]).await?;
        }
        self.answer(prefix, asked.path, &answer).await
    }

    /// A router's answer as the visitor gets it.
    async fn answer(
        &self,
        prefix: &str,
        path: &str,
        answer: &Value,
    ) -> Result<Option<Rendered>, ApiError> {
        if answer["next"] == true {
            return Ok(None);
        }
        let message = answer["message"].as_str();
        let status = answer["status"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok());
        let status = match status.and_then(|s| StatusCode::from_u16(s).ok()) {
            Some(s) => s,
            None => {
                let wrong = format!(
                    "{prefix}_Router must return ok(), notFound(), forbidden(), redirect(), sendStatus() or next() of wix-router; it returned {}",
                    short(answer)
                );
                return self.broken(&wrong).await.map(Some);
            }
        };
        Ok(Some(match status.as_u16() {
            200 if !answer["page"].is_null() => return self.ok(prefix, path, answer).await,
            404 => self.not_found(path).await?,
            301 | 302 => match answer["redirectUrl"].as_str() {
                Some(to) => redirect(status, to),
                None => return self.broken("redirect() needs an address").await.map(Some),
            },
            _ => {
                let text = message
                    .or(status.canonical_reason())
                    .unwrap_or("")
                    .to_string();
                rendered(status, "text/plain; charset=utf-8", text, Vec::new())
            }
        }))
    }

    /// `ok(page, data, head)`: the router's page named `page` (its title, id or the last part
    /// of its address; the first of a list that exists) with the router's data and head.
    async fn ok(
        &self,
        prefix: &str,
        path: &str,
        answer: &Value,
    ) -> Result<Option<Rendered>, ApiError> {
        let names: Vec<&str> = match &answer["page"] {
            Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
            name => name.as_str().into_iter().collect(),
        };
        let page = names.iter().find_map(|name| {
            self.compiled.doc.pages.iter().find(|p| {
                p.router.as_deref() == Some(prefix)
                    && (p.title.eq_ignore_ascii_case(name)
                        || p.id == *name
                        || p.path.rsplit('/').next() == Some(*name))
            })
        });
        let Some(page) = page else {
            let wrong = format!(
                "{prefix}_Router answered ok({}) but the router has no such page: give the page that name and \"Router: {prefix}\" in the editor",
                short(&answer["page"])
            );
            return self.broken(&wrong).await.map(Some);
        };
        if let Some(refused) = self.refused(page, path) {
            return Ok(Some(refused));
        }
        let mut collections = Vec::new();
        let data = self
            .load(page, None, 1, &mut collections)
            .await?
            .unwrap_or_default();
        let req = PageRequest {
            base_url: self.base,
            path,
            page_number: 1,
            submitted: None,
            preview: self.preview,
            framed: false,
        };
        let head = tessera_render::RouterHead::from_value(&answer["head"]);
        let router_data = &answer["data"];
        let html = self
            .html(page, &data, &req, Some((router_data, &head)))
            .await?;
        Ok(Some(rendered(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html,
            collections,
        )))
    }

    /// Calls `function` of `backend/routers.js` as code of this request's viewer.
    async fn call(&self, prefix: &str, function: &str, args: &[Value]) -> Result<Value, ApiError> {
        let code = tessera_platform::code::published_code(self.state, self.site.id)
            .await?
            .ok_or_else(|| ApiError::not_found("published code"))?;
        let source = format!("router {prefix}");
        let host = SiteHost::for_caller(self.state, self.site, self.viewer.clone(), &source);
        let outcome = self
            .state
            .engine()
            .call_export(
                &self.site.id.to_string(),
                &code,
                host,
                (ROUTERS, function),
                args,
            )
            .await;
        log_outcome(self.state, self.site, &source, None, &outcome).await;
        outcome.result.map_err(|e| {
            ApiError::new(
                tessera_core::ErrorCode::Internal,
                format!("the router {prefix} failed: {e}"),
            )
        })
    }

    /// The site's error answer for a router that answered wrong, the reason in its code log.
    async fn broken(&self, wrong: &str) -> Result<Rendered, ApiError> {
        let line = tessera_jsrt::LogLine {
            level: "error".into(),
            message: wrong.to_string(),
        };
        let at = tessera_core::now_millis();
        let source = "router";
        tessera_platform::code::append_logs(self.state, self.site, source, None, at, &[line]).await;
        Err(ApiError::new(tessera_core::ErrorCode::Internal, wrong))
    }

    /// The addresses each router with a `<prefix>_SiteMap` gives, for `sitemap.xml`.
    pub(super) async fn routed_sitemap(
        &self,
        build: &Build,
    ) -> Result<Vec<tessera_render::SitemapEntry>, ApiError> {
        let mut entries = Vec::new();
        let prefixes: Vec<&str> = build
            .router_prefixes()
            .filter(|p| build.routes(&format!("{p}_SiteMap")))
            .collect();
        for prefix in prefixes {
            let request = json!({"baseUrl": self.base, "prefix": prefix, "formFactor": "Desktop"});
            let mut listed = self
                .call(
                    prefix,
                    &format!("{prefix}_SiteMap"),
                    std::slice::from_ref(&request),
                )
                .await?;
            let after = format!("{prefix}_afterSitemap");
            if build.routes(&after) {
                listed = self.call(prefix, &after, &[request, listed]).await?;
            }
            let listed = listed.as_array().map(Vec::as_slice).unwrap_or_default();
            for entry in listed.iter().take(SITEMAP_ROUTED) {
                let Some(url) = entry["url"].as_str().filter(|u| !u.is_empty()) else {
                    continue;
                };
                let path = match url.starts_with('/') {
                    true => url.to_string(),
                    false => format!("/{prefix}/{url}"),
                };
                entries.push(tessera_render::SitemapEntry {
                    path,
                    // A Date comes as `{"$date": …}` (code's wire form), or a string.
                    last_modified: entry["lastModified"]
                        .get("$date")
                        .unwrap_or(&entry["lastModified"])
                        .as_str()
                        .map(str::to_string),
                    change_frequency: entry["changeFrequency"].as_str().map(str::to_string),
                    priority: entry["priority"].as_f64(),
                });
            }
        }
        Ok(entries)
    }
}

/// Wix's form factor of a browser: `Mobile`, `Tablet` or `Desktop`.
fn form_factor(user_agent: &str) -> &'static str {
    if user_agent.contains("iPad") || user_agent.contains("Tablet") {
        "Tablet"
    } else if user_agent.contains("Mobi") {
        "Mobile"
    } else {
        "Desktop"
    }
}

/// A value as a log line shows it: its JSON, cut to 200 characters.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}
