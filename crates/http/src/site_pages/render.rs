//! A page of the published site rendered for one viewer: routing, who may see it, the
//! items its datasets and dynamic item read, and the sitemap.

use super::*;

/// How long a sitemap with routers' addresses is served before they are asked again.
const ROUTED_SITEMAP_TTL: Duration = Duration::from_secs(60);

pub(super) struct RenderContext<'a> {
    pub(super) state: &'a AppState,
    pub(super) site: &'a Site,
    pub(super) compiled: &'a tessera_render::Site,
    pub(super) base: &'a str,
    pub(super) viewer: &'a DataCaller,
    pub(super) preview: bool,
    pub(super) published_at: Millis,
}

impl RenderContext<'_> {
    pub(super) async fn page(&self, path: &str, query: &str) -> Result<Rendered, ApiError> {
        let Some(path) = decoded(path) else {
            return self.not_found(path).await;
        };
        let (page, item) = match self.compiled.route(&path) {
            Route::Page(page) => (page, None),
            Route::Dynamic(page, value) => (page, item_query(page, Some(value))),
            Route::Redirect(to) => return Ok(redirect(StatusCode::MOVED_PERMANENTLY, to)),
            Route::NotFound => return self.not_found(&path).await,
        };
        self.show(page, item, &path, query, None).await
    }

    /// `page` at `path` as the viewer sees it, with the item `item` finds (a dynamic page's);
    /// `after` may answer otherwise once the item is read (a router's `_afterRouter`).
    pub(super) async fn show(
        &self,
        page: &Page,
        item: Option<tessera_platform::data::QueryParts>,
        path: &str,
        query: &str,
        after: Option<&super::router::AfterRouter<'_>>,
    ) -> Result<Rendered, ApiError> {
        let params: HashMap<String, String> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let page_number = params
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .filter(|p| (1..=10_000).contains(p))
            .unwrap_or(1);
        if let Some(refused) = self.refused(page, path) {
            return Ok(refused);
        }
        let mut collections = Vec::new();
        let data = self.load(page, item, page_number, &mut collections).await?;
        if let Some(after) = after
            && let Some(answer) = self.after_router(after, page, path, data.as_ref()).await?
        {
            return Ok(answer);
        }
        let Some(data) = data else {
            return self.not_found(path).await;
        };
        let req = PageRequest {
            base_url: self.base,
            path,
            page_number,
            submitted: params.get("submitted").map(String::as_str),
            preview: self.preview,
            framed: false,
        };
        let html = self.html(page, &data, &req, None).await?;
        Ok(rendered(
            StatusCode::OK,
            "text/html; charset=utf-8",
            html,
            collections,
        ))
    }

    /// `sitemap.xml`, or the document's page at `path`.
    pub(super) async fn document(
        &self,
        code: Option<&tessera_page_code::Build>,
        path: &str,
        query: &str,
    ) -> Result<Rendered, ApiError> {
        match path {
            "/sitemap.xml" => self.sitemap(code).await,
            _ => self.page(path, query).await,
        }
    }

    /// Where a viewer who may not see `page` (at `path`) goes instead, if they may not.
    pub(super) fn refused(&self, page: &Page, path: &str) -> Option<Rendered> {
        let allowed = match (&page.visibility, self.viewer) {
            (Visibility::Public, _) => true,
            (Visibility::Members, DataCaller::Member { .. }) => true,
            (Visibility::Roles(needed), DataCaller::Member { roles, .. }) => {
                roles.iter().any(|r| needed.contains(r))
            }
            _ => false,
        };
        if allowed {
            return None;
        }
        let back = percent_encoding::utf8_percent_encode(path, percent_encoding::NON_ALPHANUMERIC); // A page that pricing plans unlock shows those plans ("get a plan") to a member
        // without one and to a visitor, who may log in from there if they hold one.
        let plans: Vec<&str> = match &page.visibility {
            Visibility::Roles(needed) => needed
                .iter()
                .map(String::as_str)
                .filter(|r| r.starts_with("plan-"))
                .collect(),
            _ => Vec::new(),
        };
        if !plans.is_empty() {
            let to = format!("/plans-pricing?roles={}&from={back}", plans.join(","));
            return Some(redirect(StatusCode::FOUND, &to));
        }
        // A member without the page's role is told so on their account page.
        if matches!(self.viewer, DataCaller::Member { .. }) {
            return Some(redirect(StatusCode::FOUND, "/account?error=role"));
        }
        Some(redirect(
            StatusCode::FOUND,
            &format!("/login?returnUrl={back}"),
        ))
    }

    /// The page as HTML, with its Velo page code when the published code has some for it
    /// (its own file or the master page's) and the site runtime was built. A lightbox always
    /// loads the runtime: it fits its frame and closes through it; so does a router's page,
    /// whose code reads what the router gave it (`routed`, with the head it wrote).
    pub(super) async fn html(
        &self,
        page: &Page,
        data: &PageData,
        req: &PageRequest<'_>,
        routed: Option<(&Value, &tessera_render::RouterHead)>,
    ) -> Result<String, ApiError> {
        let Some(runtime) = crate::page_code::runtime_address() else {
            return Ok(self.compiled.render(page, data, req));
        };
        let build = crate::page_code::published(self.state, self.site.id).await?;
        let bundle = build.as_deref().and_then(|b| match page.lightbox {
            true => b.for_lightbox(&page.id, &page.title),
            false => b.for_page(&page.id, &page.title),
        });
        if bundle.is_none() && !page.lightbox && routed.is_none() {
            return Ok(self.compiled.render(page, data, req));
        }
        let bundles: Vec<String> = bundle
            .map(|b| crate::page_code::bundle_address(&b.hash))
            .into_iter()
            .collect();
        let lightboxes: Vec<(String, String)> = self
            .compiled
            .doc
            .pages
            .iter()
            .filter(|p| p.lightbox)
            .map(|p| (p.title.clone(), p.path.clone()))
            .collect();
        let site_id = self.site.id.to_string();
        let code = tessera_render::PageCode {
            runtime: &runtime,
            bundles: &bundles,
            site_id: &site_id,
            lightboxes: &lightboxes,
            router_data: routed.map(|(data, _)| data),
            lightbox: page.lightbox,
            head: routed.map(|(_, head)| head),
        };
        Ok(self.compiled.render_with_code(page, data, req, &code))
    }

    pub(super) async fn not_found(&self, path: &str) -> Result<Rendered, ApiError> {
        let mut collections = Vec::new();
        if let Some(page) = self.compiled.not_found_page()
            && let Some(data) = Box::pin(self.load(page, None, 1, &mut collections)).await?
        {
            let req = PageRequest {
                base_url: self.base,
                path,
                page_number: 1,
                submitted: None,
                preview: self.preview,
                framed: false,
            };
            let html = self.html(page, &data, &req, None).await?;
            return Ok(rendered(
                StatusCode::NOT_FOUND,
                "text/html; charset=utf-8",
                html,
                collections,
            ));
        }
        Ok(rendered(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            pages::not_found_html("There is no page at this address."),
            Vec::new(),
        ))
    }

    /// The collection if the viewer may read it, with the filter that limits them to theirs.
    pub(super) async fn readable(
        &self,
        id: &str,
        collections: &mut Vec<String>,
    ) -> Result<Option<(Arc<tessera_core::data::Collection>, Access)>, ApiError> {
        collections.push(id.to_string());
        let schema = self
            .state
            .site_pages()
            .schema(self.state, self.site.id, id)
            .await?;
        let Some(c) = schema else {
            return Ok(None);
        };
        match self.viewer.access(&c.permissions, Action::Read) {
            Access::Denied => Ok(None),
            access => Ok(Some((c, access))),
        }
    }

    /// Items of `c` as the viewer may read them, through the platform's query (hooks and
    /// all, as every other data read).
    pub(super) async fn query(
        &self,
        c: &tessera_core::data::Collection,
        access: &Access,
        parts: tessera_platform::data::QueryParts,
    ) -> Result<Vec<Map<String, Value>>, ApiError> {
        let ctx = tessera_platform::data::DataContext {
            site: self.site.clone(),
            caller: self.viewer.clone(),
            suppress_hooks: false,
        };
        tessera_platform::data::items::find(self.state, &ctx, c, access, parts)
            .await
            .map_err(hook_error)
    }

    /// The items `page` shows, a dynamic page's found by `item` (see `item_query`); None
    /// when that item does not exist.
    pub(super) async fn load(
        &self,
        page: &Page,
        item: Option<tessera_platform::data::QueryParts>,
        page_number: u32,
        collections: &mut Vec<String>,
    ) -> Result<Option<PageData>, ApiError> {
        let mut data = PageData::default();
        if let (Some(dynamic), Some(parts)) = (&page.dynamic, item) {
            let Some((c, access)) = self.readable(&dynamic.collection, collections).await? else {
                return Ok(None);
            };
            let Some(item) = self.query(&c, &access, parts).await?.into_iter().next() else {
                return Ok(None);
            };
            data.item = Some(item);
        }
        for ds in &page.datasets {
            let Some((c, access)) = self.readable(&ds.collection, collections).await? else {
                data.datasets.insert(ds.id.clone(), DatasetPage::default());
                continue;
            };
            let parts = tessera_platform::data::QueryParts {
                filter: ds.filter.clone(),
                sort: ds.sort.clone(),
                // One more than shown tells whether there is a next page, without a count.
                limit: u64::from(ds.page_size) + 1,
                skip: u64::from(page_number - 1) * u64::from(ds.page_size),
            };
            let mut items = self.query(&c, &access, parts).await?;
            let has_next = items.len() > ds.page_size as usize;
            items.truncate(ds.page_size as usize);
            data.datasets.insert(
                ds.id.clone(),
                DatasetPage {
                    items,
                    page: page_number,
                    has_next,
                },
            );
        }
        Ok(Some(data))
    }

    /// Static pages (last changed at the publish), every dynamic page's items and the
    /// addresses the routers list.
    pub(super) async fn sitemap(
        &self,
        code: Option<&tessera_page_code::Build>,
    ) -> Result<Rendered, ApiError> {
        let published = crate::api::v1::time(self.published_at);
        let mut entries: Vec<tessera_render::SitemapEntry> = self
            .compiled
            .sitemap_pages()
            .map(|p| tessera_render::SitemapEntry {
                path: p.path.clone(),
                last_modified: Some(published.clone()),
                ..Default::default()
            })
            .collect();
        let mut collections = Vec::new();
        for page in &self.compiled.doc.pages {
            let Some(dynamic) = page.dynamic.as_ref().filter(|_| {
                !page.seo.no_index
                    && page.visibility == tessera_render::document::Visibility::Public
            }) else {
                continue;
            };
            let Some((c, Access::All)) =
                self.readable(&dynamic.collection, &mut collections).await?
            else {
                continue;
            };
            let mut offset = 0;
            while offset < SITEMAP_ITEMS {
                let query = Query {
                    limit: tessera_core::data::query::MAX_LIMIT,
                    offset,
                    fields: vec![dynamic.field.clone()],
                    ..Query::default()
                };
                let items = self.state.store().query_items(&c, &query).await?;
                let n = items.len() as u64;
                for item in items {
                    if let Some(path) = self.compiled.item_path(&c.id, &item.to_wix(&[])) {
                        entries.push(tessera_render::SitemapEntry {
                            path,
                            last_modified: Some(crate::api::v1::time(item.updated_at)),
                            ..Default::default()
                        });
                    }
                }
                if n < u64::from(tessera_core::data::query::MAX_LIMIT) {
                    break;
                }
                offset += n;
            }
        }
        let routed = match code {
            Some(build) => self.routed_sitemap(build).await?,
            None => Vec::new(),
        };
        let from_code = !routed.is_empty();
        entries.extend(routed);
        let mut sitemap = rendered(
            StatusCode::OK,
            "application/xml; charset=utf-8",
            tessera_render::sitemap_xml(self.base, &entries),
            collections,
        );
        // What routers list may change with any data: asked again after a while.
        if from_code {
            sitemap.fresh_until = Some(Instant::now() + ROUTED_SITEMAP_TTL);
        }
        Ok(sitemap)
    }
}

/// A request path as text; None when its escapes are not UTF-8.
pub(super) fn decoded(path: &str) -> Option<std::borrow::Cow<'_, str>> {
    percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()
}

/// The query that finds a dynamic page's item: its field equal to the address's `value`.
pub(super) fn item_query(
    page: &Page,
    value: Option<String>,
) -> Option<tessera_platform::data::QueryParts> {
    let (dynamic, value) = (page.dynamic.as_ref()?, value?);
    Some(tessera_platform::data::QueryParts {
        filter: serde_json::json!({ dynamic.field.as_str(): value }),
        sort: Value::Array(Vec::new()),
        limit: 1,
        skip: 0,
    })
}
