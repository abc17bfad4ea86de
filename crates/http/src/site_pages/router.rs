//! Velo routers: `backend/routers.js` answers every address under `/<prefix>/` whose prefix
//! it exports `<prefix>_Router` for. The router picks one of its pages and gives it data and
//! a head (`ok`), or answers by status (`notFound`, `forbidden`, `redirect`, `sendStatus`),
//! or hands the address back to the site's pages (`next`); `<prefix>_beforeRouter` may
//! answer first, `<prefix>_afterRouter` may change the answer, and `<prefix>_SiteMap` (then
//! `<prefix>_afterSitemap`) adds the router's addresses to `sitemap.xml`. The hooks also run
//! on the site's dynamic pages under `/<prefix>/` when there is no `<prefix>_Router`, as on
//! Wix: `_beforeRouter` first, `_customizeQuery` changes the query that finds the page's item,
//! and `_afterRouter` may answer otherwise once it is read. Answers are never cached: the
//! code decides each one.

use tessera_page_code::{Build, ROUTERS};
use tessera_platform::{code::log_outcome, host::SiteHost};

use super::*;

/// Most addresses one router adds to the sitemap.
const SITEMAP_ROUTED: usize = 10_000;

/// The hooks Wix runs on a dynamic page's prefix (`<prefix>_beforeRouter`, …).
const DYNAMIC_PAGE_HOOKS: [&str; 3] = ["_beforeRouter", "_customizeQuery", "_afterRouter"];

/// A dynamic page's `<prefix>_afterRouter`, with the request it was routed by.
pub(super) struct AfterRouter<'a> {
    prefix: &'a str,
    request: Value,
}

/// What a request tells a router about itself.
pub(super) struct Asked<'a> {
    pub(super) path: &'a str,
    pub(super) query: &'a str,
    pub(super) headers: &'a HeaderMap,
    pub(super) ip: String,
}

impl RenderContext<'_> {
    /// The answer of the router of the request's first path segment, or of the dynamic page
    /// there that routers' hooks watch; None when the published code (`code`) has neither or
    /// the router says `next()`.
    pub(super) async fn by_router(
        &self,
        code: Option<&Build>,
        asked: &Asked<'_>,
    ) -> Result<Option<Rendered>, ApiError> {
        let Some(build) = code else {
            return Ok(None);
        };
        let prefix = asked
            .path
            .strip_prefix('/')
            .and_then(|p| p.split('/').next());
        let Some(prefix) = prefix.filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        if build.routes(&format!("{prefix}_Router")) {
            return self.routed(build, prefix, asked).await;
        }
        if !DYNAMIC_PAGE_HOOKS
            .iter()
            .any(|hook| build.routes(&format!("{prefix}{hook}")))
        {
            return Ok(None);
        }
        let Some(path) = render::decoded(asked.path) else {
            return Ok(None);
        };
        match self.compiled.route(&path) {
            Route::Dynamic(page, value) if page.path.starts_with(&format!("/{prefix}/")) => self
                .hooked(build, prefix, page, value, &path, asked)
                .await
                .map(Some),
            _ => Ok(None),
        }
    }

    /// `request` as Wix's router functions get it.
    fn request(&self, prefix: &str, asked: &Asked<'_>) -> Value {
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
        json!({
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
        })
    }

    /// The router's answer for this request; None when it says `next()`.
    async fn routed(
        &self,
        build: &Build,
        prefix: &str,
        asked: &Asked<'_>,
    ) -> Result<Option<Rendered>, ApiError> {
        let request = self.request(prefix, asked);
        let mut answer = self.before_router(build, prefix, &request).await?;
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

    /// What `<prefix>_beforeRouter` answers, if there is one: null or `next()` to go on.
    async fn before_router(
        &self,
        build: &Build,
        prefix: &str,
        request: &Value,
    ) -> Result<Value, ApiError> {
        let before = format!("{prefix}_beforeRouter");
        match build.routes(&before) {
            true => {
                self.call(prefix, &before, std::slice::from_ref(request))
                    .await
            }
            false => Ok(Value::Null),
        }
    }

    /// A dynamic page at `path` under `/<prefix>/`, through the routers' hooks of `prefix`.
    async fn hooked(
        &self,
        build: &Build,
        prefix: &str,
        page: &Page,
        value: String,
        path: &str,
        asked: &Asked<'_>,
    ) -> Result<Rendered, ApiError> {
        let request = self.request(prefix, asked);
        let answer = self.before_router(build, prefix, &request).await?;
        if !answer.is_null()
            && answer["next"] != true
            && let Some(answered) = self.answer(prefix, path, &answer).await?
        {
            return Ok(answered);
        }
        let mut item = render::item_query(page, Some(value));
        let customize = format!("{prefix}_customizeQuery");
        if let (Some(parts), Some(dynamic)) = (item.as_mut(), &page.dynamic)
            && build.routes(&customize)
        {
            // `route`: the page's address pattern after the prefix, as Wix names the rule.
            let route = &page.path[prefix.len() + 1..];
            let query = json!({ "$wixDataQuery": {
                "collection": dynamic.collection, "filter": parts.filter, "sort": parts.sort,
                "limit": parts.limit, "skip": parts.skip,
            } });
            let changed = self
                .call(prefix, &customize, &[request.clone(), json!(route), query])
                .await?;
            let Some(q) = changed.get("$wixDataQuery") else {
                let wrong = format!(
                    "{customize} must return a wix-data query (the one it was given, changed); it returned {}",
                    short(&changed)
                );
                return self.broken(&wrong).await;
            };
            parts.filter = q["filter"].clone();
            parts.sort = q["sort"].clone();
        }
        let after = format!("{prefix}_afterRouter");
        let after = build
            .routes(&after)
            .then_some(AfterRouter { prefix, request });
        self.show(page, item, path, asked.query, after.as_ref())
            .await
    }

    /// What `_afterRouter` makes of a dynamic page whose item was read (`data`, None when
    /// there is no such item): None to show the page as it is, or another answer.
    pub(super) async fn after_router(
        &self,
        after: &AfterRouter<'_>,
        page: &Page,
        path: &str,
        data: Option<&PageData>,
    ) -> Result<Option<Rendered>, ApiError> {
        let response = match data.and_then(|d| d.item.as_ref()) {
            Some(item) => json!({"status": 200, "page": page.title, "data": item}),
            None => json!({"status": 404, "page": page.title, "data": null}),
        };
        let prefix = after.prefix;
        let answer = self
            .call(
                prefix,
                &format!("{prefix}_afterRouter"),
                &[after.request.clone(), response],
            )
            .await?;
        // `ok()` shows the page (a missing item is then still not found); `next()` too.
        if answer["status"] == 200 {
            return Ok(None);
        }
        self.answer(prefix, path, &answer).await
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
