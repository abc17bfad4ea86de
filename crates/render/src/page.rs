//! One page of a compiled site → a complete HTML5 document: head with SEO metadata, skip
//! link, header / main / footer landmarks, and each element as the semantic tag it is.
//! Items come in already read (`PageData`); rendering itself does no I/O.

mod inputs;

pub(crate) use inputs::is_input;

use std::{collections::HashMap, fmt::Write};

use serde_json::{Map, Value, json};

use crate::{
    PLANS, Site,
    css::{has_rules, hide_classes},
    document::{
        Binding, Boxed, Button, ButtonVariant, CartIcon, Element, Embed, Form, Gallery, Heading,
        Image, InputType, JsonLdType, Kind, Link, LinkText, Menu, Page, Repeater, SearchBox,
        SocialLinks, Text, Video, check_href, check_src, sanitize_rich_text,
    },
    html::{attr, date_iso, field, fill_pattern, script_json, text, value_text},
    page_code::{self, PageCode},
    plans::{plan_action, plan_price},
};

/// What the request asks of the page.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    /// `http://demo.localhost:8080`, for canonical and Open Graph addresses.
    pub base_url: &'a str,
    /// The path as requested (decoded), e.g. `/blog/first-post`.
    pub path: &'a str,
    /// `?page=` of paginated repeaters, from 1.
    pub page_number: u32,
    /// `?submitted=<form id>` after a form was posted without JavaScript.
    pub submitted: Option<&'a str>,
    /// Draft previews are never indexed.
    pub preview: bool,
    /// For the editor's frame: a `<base>` of the site's address, the stylesheet inline and no
    /// script.
    pub framed: bool,
}

/// The items a page shows, read by the caller from the page's datasets.
#[derive(Clone, Debug, Default)]
pub struct PageData {
    pub datasets: HashMap<String, DatasetPage>,
    /// A dynamic page's item.
    pub item: Option<Map<String, Value>>,
}

#[derive(Clone, Debug, Default)]
pub struct DatasetPage {
    pub items: Vec<Map<String, Value>>,
    /// From 1.
    pub page: u32,
    /// Whether a next page has items.
    pub has_next: bool,
}

/// The item a bound element reads: a repeater's current one, or the page's.
#[derive(Clone, Copy)]
struct Scope<'a> {
    dataset: Option<&'a str>,
    collection: Option<&'a str>,
    item: Option<&'a Map<String, Value>>,
}

pub(crate) struct Renderer<'a> {
    site: &'a Site,
    page: &'a Page,
    data: &'a PageData,
    req: &'a Request<'a>,
    pub(crate) out: String,
    /// Images after the first section load lazily.
    below_fold: bool,
    pub(crate) uses_runtime: bool,
    /// Inside a repeater element ids would repeat per item, so they are left out.
    repeating: bool,
    /// The page's code, when it has some: elements get the markers its runtime needs.
    code: Option<&'a PageCode<'a>>,
    /// Writing a repeater's item template (no item): bound properties show their defaults.
    template: bool,
    /// Choice groups written inside repeaters, for names unique per item.
    groups: u32,
}

impl Site {
    /// Renders `page` as a whole HTML document.
    pub fn render(&self, page: &Page, data: &PageData, req: &Request) -> String {
        self.render_page(page, data, req, None)
    }

    /// Renders `page` with its Velo page code: the same document, plus what the site runtime
    /// needs (`web/site-runtime/README.md`): `data-velo-id` on repeated elements,
    /// `data-velo-item` on repeated items, each repeater's item `<template>`, the boot block and
    /// the runtime and code scripts.
    pub fn render_with_code(
        &self,
        page: &Page,
        data: &PageData,
        req: &Request,
        code: &PageCode,
    ) -> String {
        self.render_page(page, data, req, Some(code))
    }

    fn render_page(
        &self,
        page: &Page,
        data: &PageData,
        req: &Request,
        code: Option<&PageCode>,
    ) -> String {
        self.document_with(page, data, req, code, |r| {
            let root = r.page_scope();
            for (i, section) in page.sections.iter().enumerate() {
                r.below_fold = i > 0;
                r.element(section, root);
            }
        })
    }

    /// A whole HTML document for `page` in the site's master page (head, header, footer),
    /// with `main` writing what goes inside `<main>`.
    pub(crate) fn document<'a>(
        &'a self,
        page: &'a Page,
        data: &'a PageData,
        req: &'a Request<'a>,
        main: impl FnOnce(&mut Renderer<'a>),
    ) -> String {
        self.document_with(page, data, req, None, main)
    }

    fn document_with<'a>(
        &'a self,
        page: &'a Page,
        data: &'a PageData,
        req: &'a Request<'a>,
        code: Option<&'a PageCode<'a>>,
        main: impl FnOnce(&mut Renderer<'a>),
    ) -> String {
        let mut r = Renderer {
            site: self,
            page,
            data,
            req,
            out: String::with_capacity(16 * 1024),
            below_fold: false,
            uses_runtime: false,
            repeating: false,
            code,
            template: false,
            groups: 0,
        };
        let root = r.page_scope();
        let mut body = String::new();
        std::mem::swap(&mut r.out, &mut body);
        r.out
            .push_str("<a class=\"skip-link\" href=\"#main\">Skip to content</a>");
        // A lightbox is shown inside another page, which has the header and footer.
        if !self.doc.master.header.is_empty() && !page.lightbox {
            r.out
                .push_str("<header class=\"site-header\"><div class=\"inner\">");
            r.elements(&self.doc.master.header, root);
            r.out.push_str("</div></header>");
        }
        r.out.push_str("<main id=\"main\">");
        main(&mut r);
        r.out.push_str("</main>");
        r.below_fold = true;
        if !self.doc.master.footer.is_empty() && !page.lightbox {
            r.out
                .push_str("<footer class=\"site-footer\"><div class=\"inner\">");
            r.elements(&self.doc.master.footer, root);
            r.out.push_str("</div></footer>");
        }
        if r.uses_runtime && !req.framed {
            let _ = write!(
                r.out,
                "<script src=\"/_assets/runtime.{}.js\" defer></script>",
                crate::runtime_hash()
            );
        }
        if !req.framed && !req.preview {
            r.beacon();
        }
        if let Some(code) = code.filter(|_| !req.framed) {
            r.page_code(code);
        }
        std::mem::swap(&mut r.out, &mut body);
        r.out.push_str("<!doctype html><html lang=\"");
        attr(&mut r.out, &self.doc.settings.language);
        r.out.push_str("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        if req.framed {
            r.out.push_str("<base href=\"");
            attr(&mut r.out, req.base_url);
            r.out.push_str("/\">");
        }
        r.head();
        r.out.push_str("</head><body>");
        r.out.push_str(&body);
        r.out.push_str("</body></html>");
        r.out
    }
}

impl<'a> Renderer<'a> {
    fn page_scope(&self) -> Scope<'a> {
        Scope {
            dataset: None,
            collection: self.page.dynamic.as_ref().map(|d| d.collection.as_str()),
            item: self.data.item.as_ref(),
        }
    }

    /// The boot block, then the runtime and the page's code bundles, in the order they run.
    fn page_code(&mut self, code: &PageCode) {
        let boot = page_code::boot(self.site, self.page, self.data, code);
        self.out
            .push_str("<script type=\"application/json\" id=\"tessera-page\">");
        self.out.push_str(&script_json(&boot));
        self.out.push_str("</script>");
        for src in std::iter::once(code.runtime).chain(code.bundles.iter().map(String::as_str)) {
            self.out.push_str("<script src=\"");
            attr(&mut self.out, src);
            self.out.push_str("\" defer></script>");
        }
    }

    /// The analytics beacon, and for browsers without JavaScript an image that counts the
    /// view (its path from the image request's `Referer`).
    fn beacon(&mut self) {
        let script = include_str!("beacon.js");
        // The comment at its top stays in the source only.
        let code = script.split_once("\n(").map_or(script, |(_, rest)| rest);
        self.out.push_str("<script>(");
        self.out.push_str(code.trim_end());
        self.out.push_str("</script><noscript><img src=\"/_api/analytics/pixel\" alt=\"\" width=\"1\" height=\"1\" style=\"position:absolute\"></noscript>");
    }

    fn head(&mut self) {
        let settings = &self.site.doc.settings;
        let item = self.data.item.as_ref();
        let seo = &self.page.seo;
        let routed = self.code.and_then(|c| c.head);
        let title = match (routed.and_then(|h| h.title.as_ref()), &seo.title) {
            (Some(title), _) => title.clone(),
            (None, Some(pattern)) => fill_pattern(pattern, item),
            (None, None)
                if settings.name.is_empty()
                    || self.page.path == "/" && self.page.title == settings.name =>
            {
                self.page.title.clone()
            }
            (None, None) => format!("{} | {}", self.page.title, settings.name),
        };
        let description = routed
            .and_then(|h| h.description.clone())
            .or_else(|| seo.description.as_deref().map(|d| fill_pattern(d, item)))
            .or_else(|| settings.description.clone())
            .filter(|d| !d.is_empty());
        let image = seo
            .image
            .as_deref()
            .map(|i| fill_pattern(i, item))
            .filter(|i| check_src("", i).is_ok())
            .or_else(|| settings.social_image.clone())
            .map(|i| self.absolute(&i));
        let mut canonical = format!("{}{}", self.req.base_url, self.req.path);
        if self.req.page_number > 1 {
            let _ = write!(canonical, "?page={}", self.req.page_number);
        }
        let article = self.page.dynamic.is_some() && seo.json_ld == Some(JsonLdType::Article);

        let out = &mut self.out;
        out.push_str("<title>");
        text(out, &title);
        out.push_str("</title>");
        meta(out, "name", "description", description.as_deref());
        let no_index = seo.no_index || routed.is_some_and(|h| h.no_index);
        if no_index || self.req.preview || self.page.lightbox {
            meta(out, "name", "robots", Some("noindex"));
        }
        if let Some(head) = routed {
            meta(out, "name", "keywords", head.keywords.as_deref());
            for (attribute, name, content) in &head.meta_tags {
                meta(out, attribute, name, Some(content));
            }
            for (rel, href) in &head.links {
                out.push_str("<link rel=\"");
                attr(out, rel);
                out.push_str("\" href=\"");
                attr(out, href);
                out.push_str("\">");
            }
            for data in &head.structured_data {
                out.push_str("<script type=\"application/ld+json\">");
                out.push_str(&script_json(data));
                out.push_str("</script>");
            }
        }
        out.push_str("<link rel=\"canonical\" href=\"");
        attr(out, &canonical);
        out.push_str("\">");
        meta(
            out,
            "property",
            "og:type",
            Some(if article { "article" } else { "website" }),
        );
        meta(out, "property", "og:title", Some(&title));
        meta(out, "property", "og:description", description.as_deref());
        meta(out, "property", "og:url", Some(&canonical));
        meta(out, "property", "og:image", image.as_deref());
        meta(
            out,
            "property",
            "og:site_name",
            Some(&settings.name)
                .filter(|n| !n.is_empty())
                .map(String::as_str),
        );
        let card = if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        meta(out, "name", "twitter:card", Some(card));
        meta(out, "name", "twitter:site", settings.twitter.as_deref());
        meta(out, "name", "twitter:title", Some(&title));
        meta(out, "name", "twitter:description", description.as_deref());
        meta(out, "name", "twitter:image", image.as_deref());
        if let Some(icon) = &settings.favicon {
            out.push_str("<link rel=\"icon\" href=\"");
            attr(out, icon);
            out.push_str("\">");
        }
        if self.req.framed {
            out.push_str("<style>");
            out.push_str(&self.site.css);
            out.push_str("</style>");
        } else {
            let _ = write!(
                out,
                "<link rel=\"stylesheet\" href=\"/_assets/site.{}.css\">",
                self.site.css_hash
            );
        }
        let mut graph = Vec::new();
        if self.page.path == "/" {
            graph.push(json!({"@type": "WebSite", "name": settings.name, "url": format!("{}/", self.req.base_url)}));
            if let Some(org) = &settings.organization {
                let mut o = json!({"@type": "Organization", "name": org.name,
                    "url": org.url.clone().unwrap_or_else(|| format!("{}/", self.req.base_url))});
                if let Some(logo) = &org.logo {
                    o["logo"] = json!(format!(
                        "{}{}",
                        if logo.starts_with('/') {
                            self.req.base_url
                        } else {
                            ""
                        },
                        logo
                    ));
                }
                if !org.same_as.is_empty() {
                    o["sameAs"] = json!(org.same_as);
                }
                graph.push(o);
            }
        }
        if article && let Some(item) = item {
            let mut a =
                json!({"@type": "Article", "headline": title, "mainEntityOfPage": canonical});
            if let Some(d) = &description {
                a["description"] = json!(d);
            }
            if let Some(i) = &image {
                a["image"] = json!(i);
            }
            if let Some(d) = item.get("_createdDate").and_then(date_iso) {
                a["datePublished"] = json!(d);
            }
            if let Some(d) = item.get("_updatedDate").and_then(date_iso) {
                a["dateModified"] = json!(d);
            }
            if !settings.name.is_empty() {
                a["publisher"] = json!({"@type": "Organization", "name": settings.name});
            }
            graph.push(a);
        }
        if !graph.is_empty() {
            out.push_str("<script type=\"application/ld+json\">");
            out.push_str(&script_json(
                &json!({"@context": "https://schema.org", "@graph": graph}),
            ));
            out.push_str("</script>");
        }
    }

    fn absolute(&self, src: &str) -> String {
        if src.starts_with('/') {
            format!("{}{src}", self.req.base_url)
        } else {
            src.to_string()
        }
    }

    fn elements(&mut self, elements: &'a [Element], scope: Scope<'a>) {
        for e in elements {
            self.element(e, scope);
        }
    }

    /// `class="t-<type> e-<id> hide-…"` plus the element's id as the anchor.
    fn open(&mut self, tag: &str, e: &Element, extra_class: &str) {
        let _ = write!(self.out, "<{tag}");
        if !self.repeating {
            let _ = write!(self.out, " id=\"{}\"", e.id);
        } else if self.code.is_some() {
            // Page code finds repeated elements by these, within their item.
            let _ = write!(self.out, " data-velo-id=\"{}\"", e.id);
        }
        let _ = write!(self.out, " class=\"t-{}", e.kind.name());
        if !extra_class.is_empty() {
            self.out.push(' ');
            self.out.push_str(extra_class);
        }
        if has_rules(e) {
            let _ = write!(self.out, " e-{}", e.id);
        }
        for class in hide_classes(e) {
            self.out.push(' ');
            self.out.push_str(class);
        }
        if let Some(ts) = &e.text_style {
            let _ = write!(self.out, " ts-{ts}");
        }
        self.out.push('"');
    }

    /// A bound property's value as text, if the element binds it and the item has it.
    fn bound(&self, e: &Element, prop: &str, scope: Scope<'a>) -> Option<String> {
        let binding = e.bind.get(prop)?;
        let (collection, item) = self.binding_item(binding, scope)?;
        match binding.field.as_str() {
            "@url" => collection.and_then(|c| self.site.item_path(c, item)),
            "@price" if collection == Some(PLANS) => item.get("pricing").map(plan_price),
            "@price" => product_price(item).map(|(now, _)| now),
            "@buy" => (collection == Some(PLANS)).then(|| plan_action(item).to_string()),
            name => field(item, name).map(value_text),
        }
    }

    fn binding_item(
        &self,
        binding: &Binding,
        scope: Scope<'a>,
    ) -> Option<(Option<&'a str>, &'a Map<String, Value>)> {
        match &binding.dataset {
            Some(d) if scope.dataset != Some(d.as_str()) => {
                let first = self.data.datasets.get(d)?.items.first()?;
                let collection = self
                    .page
                    .datasets
                    .iter()
                    .find(|ds| &ds.id == d)
                    .map(|ds| ds.collection.as_str());
                Some((collection, first))
            }
            _ => scope.item.map(|i| (scope.collection, i)),
        }
    }

    /// One element as the semantic tag of its kind.
    fn element(&mut self, e: &'a Element, scope: Scope<'a>) {
        match &e.kind {
            Kind::Section(b) => self.section(e, b, scope),
            Kind::Container(b) => self.container(e, b, scope),
            Kind::Columns(_) => self.columns(e, scope),
            Kind::Text(t) => self.text_block(e, t, scope),
            Kind::Heading(h) => self.heading(e, h, scope),
            Kind::Image(i) => self.image(e, i, scope),
            Kind::Gallery(g) => self.gallery(e, g),
            Kind::Video(v) => self.video(e, v, scope),
            Kind::Button(b) => self.button(e, b, scope),
            Kind::Link(l) => self.link(e, l, scope),
            Kind::Divider(_) => self.divider(e),
            Kind::Spacer(_) => self.spacer(e),
            Kind::Menu(m) => self.menu(e, m),
            Kind::SocialLinks(s) => self.social_links(e, s),
            Kind::Form(f) => self.form(e, f),
            Kind::Repeater(rep) => self.repeater(e, rep),
            Kind::Embed(em) => self.embed(e, em),
            Kind::CartIcon(c) => self.cart_icon(e, c),
            Kind::TextInput(t) => self.text_input(e, t),
            Kind::TextBox(t) => self.text_box(e, t),
            Kind::Dropdown(d) => self.dropdown(e, d),
            Kind::Checkbox(c) => self.checkbox(e, c),
            Kind::CheckboxGroup(g) => self.checkbox_group(e, g),
            Kind::RadioGroup(g) => self.radio_group(e, g),
            Kind::Switch(s) => self.switch(e, s),
            Kind::Slider(s) => self.slider(e, s),
            Kind::DatePicker(d) => self.date_picker(e, d),
            Kind::MultiStateBox(_) => self.multi_state_box(e, scope),
            Kind::State(_) => self.state(e, false, scope),
            Kind::ProgressBar(p) => self.progress_bar(e, p),
            Kind::Rating(r) => self.rating(e, r),
            Kind::Pagination(p) => self.pagination(e, p),
            Kind::SearchBox(b) => self.search_box(e, b),
        }
    }

    fn section(&mut self, e: &'a Element, b: &Boxed, scope: Scope<'a>) {
        self.open("section", e, "");
        self.label(b.label.as_deref());
        self.out.push_str("><div class=\"inner\">");
        self.elements(&e.children, scope);
        self.out.push_str("</div></section>");
    }

    fn container(&mut self, e: &'a Element, b: &Boxed, scope: Scope<'a>) {
        self.open("div", e, "");
        if let Some(label) = &b.label {
            self.out.push_str(" role=\"group\"");
            self.label(Some(label));
        }
        self.out.push('>');
        self.elements(&e.children, scope);
        self.out.push_str("</div>");
    }

    fn columns(&mut self, e: &'a Element, scope: Scope<'a>) {
        self.open("div", e, "");
        self.out.push('>');
        for child in &e.children {
            self.out.push_str("<div class=\"column\">");
            self.element(child, scope);
            self.out.push_str("</div>");
        }
        self.out.push_str("</div>");
    }

    /// Rich text; a bound `html` is sanitized like the document's own, a bound `text` is
    /// one escaped paragraph.
    fn text_block(&mut self, e: &Element, t: &Text, scope: Scope<'a>) {
        self.open("div", e, "");
        self.out.push('>');
        if let Some(html) = self.bound(e, "html", scope) {
            self.out.push_str(&sanitize_rich_text(&html));
        } else if let Some(before) = self.price_before_discount(e, scope) {
            // The original price struck through; the words say it to screen readers too.
            let now = self.bound(e, "text", scope).unwrap_or_default();
            self.out.push_str(
                "<p class=\"t-price\"><s><span class=\"t-visually-hidden\">Regular price </span>",
            );
            text(&mut self.out, &before);
            self.out
                .push_str("</s> <span class=\"t-visually-hidden\">Sale price </span>");
            text(&mut self.out, &now);
            self.out.push_str("</p>");
        } else if let Some(list) = self.bound_list(e, scope) {
            // A list field (a plan's perks) reads as a list, not one run-on line.
            self.out.push_str("<ul>");
            for entry in list {
                self.out.push_str("<li>");
                text(&mut self.out, &entry);
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul>");
        } else if let Some(plain) = self.bound(e, "text", scope) {
            self.out.push_str("<p>");
            text(&mut self.out, &plain);
            self.out.push_str("</p>");
        } else {
            self.out.push_str(&t.html);
        }
        self.out.push_str("</div>");
    }

    /// The entries of a text's bound field when it holds a list (empty ones left out).
    fn bound_list(&self, e: &Element, scope: Scope<'a>) -> Option<Vec<String>> {
        let binding = e.bind.get("text")?;
        let (_, item) = self.binding_item(binding, scope)?;
        let list = field(item, &binding.field)?.as_array()?;
        Some(
            list.iter()
                .map(value_text)
                .filter(|s| !s.is_empty())
                .collect(),
        )
    }

    /// A text bound to `@price` of a discounted product: its price before the discount.
    fn price_before_discount(&self, e: &Element, scope: Scope<'a>) -> Option<String> {
        let binding = e.bind.get("text").filter(|b| b.field == "@price")?;
        let (_, item) = self.binding_item(binding, scope)?;
        product_price(item)?.1
    }

    fn heading(&mut self, e: &Element, h: &Heading, scope: Scope<'a>) {
        let tag = format!("h{}", h.level);
        self.open(&tag, e, "");
        self.out.push('>');
        let value = self
            .bound(e, "text", scope)
            .unwrap_or_else(|| h.text.clone());
        text(&mut self.out, &value);
        let _ = write!(self.out, "</{tag}>");
    }

    /// Left out when its bound source is missing or not an address an image may load from.
    fn image(&mut self, e: &Element, i: &Image, scope: Scope<'a>) {
        let src = match self.bound(e, "src", scope) {
            Some(src) => src,
            None if e.bind.contains_key("src") && !self.template => return,
            None => i.src.clone(),
        };
        if check_src("", &src).is_err() {
            // An item template keeps the picture for page code to give a source.
            if self.template {
                self.open("div", e, if i.crop { "crop" } else { "" });
                self.out.push_str("><img alt=\"");
                attr(&mut self.out, &i.alt);
                let _ = write!(
                    self.out,
                    "\" width=\"{}\" height=\"{}\"></div>",
                    i.width, i.height
                );
            }
            return;
        }
        let alt = self.bound(e, "alt", scope).unwrap_or_else(|| i.alt.clone());
        let href = self
            .bound(e, "href", scope)
            .or_else(|| i.link.as_ref().map(|l| l.href.clone()));
        self.open("div", e, if i.crop { "crop" } else { "" });
        self.out.push('>');
        let new_tab = i.link.as_ref().is_some_and(|l| l.new_tab);
        let linked = href.filter(|h| check_href("", h).is_ok());
        if let Some(href) = &linked {
            self.anchor_open(href, new_tab, "");
        }
        self.img(&src, &alt, i.width, i.height);
        if linked.is_some() {
            self.out.push_str("</a>");
        }
        self.out.push_str("</div>");
    }

    fn gallery(&mut self, e: &Element, g: &Gallery) {
        self.open("ul", e, "");
        self.out.push('>');
        for img in &g.images {
            self.out.push_str("<li><figure>");
            self.img(&img.src, &img.alt, img.width, img.height);
            if let Some(caption) = &img.caption {
                self.out.push_str("<figcaption>");
                text(&mut self.out, caption);
                self.out.push_str("</figcaption>");
            }
            self.out.push_str("</figure></li>");
        }
        self.out.push_str("</ul>");
    }

    /// YouTube and Vimeo play in their privacy-friendly frames, anything else in `<video>`;
    /// left out when the address is not one a page may load.
    fn video(&mut self, e: &Element, v: &Video, scope: Scope<'a>) {
        let url = self.bound(e, "url", scope).unwrap_or_else(|| v.url.clone());
        if check_src("", &url).is_err() {
            return;
        }
        self.open("div", e, "");
        self.out.push('>');
        match video_embed(&url) {
            Some(embed) => {
                self.out.push_str("<iframe src=\"");
                attr(&mut self.out, &embed);
                self.out.push_str("\" title=\"");
                attr(&mut self.out, &v.title);
                self.out.push_str("\" loading=\"lazy\" allow=\"encrypted-media; picture-in-picture; fullscreen\" allowfullscreen referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>");
            }
            None => {
                self.out
                    .push_str("<video controls preload=\"metadata\" src=\"");
                attr(&mut self.out, &url);
                self.out.push_str("\" aria-label=\"");
                attr(&mut self.out, &v.title);
                self.out.push_str("\"></video>");
            }
        }
        self.out.push_str("</div>");
    }

    fn button(&mut self, e: &Element, b: &Button, scope: Scope<'a>) {
        let label = self
            .bound(e, "label", scope)
            .unwrap_or_else(|| b.label.clone());
        let href = self.href(e, &b.link, scope);
        let variant = match b.variant {
            ButtonVariant::Primary => "",
            ButtonVariant::Secondary => "secondary",
        };
        self.anchor_element(e, &href, b.link.new_tab, variant, &label);
    }

    fn link(&mut self, e: &Element, l: &LinkText, scope: Scope<'a>) {
        let label = self
            .bound(e, "text", scope)
            .unwrap_or_else(|| l.text.clone());
        let href = self.href(e, &l.link, scope);
        self.anchor_element(e, &href, l.link.new_tab, "", &label);
    }

    fn divider(&mut self, e: &Element) {
        self.open("hr", e, "");
        self.out.push('>');
    }

    fn spacer(&mut self, e: &Element) {
        self.open("div", e, "");
        self.out.push_str(" aria-hidden=\"true\"></div>");
    }

    /// The menu's own items, or by default the site's menu pages; the current page's link
    /// says so (`aria-current`).
    fn menu(&mut self, e: &Element, m: &Menu) {
        self.open("nav", e, "");
        self.label(Some(m.label.as_deref().unwrap_or("Main")));
        self.out.push_str("><ul>");
        let items: Vec<(String, String)> = match &m.items {
            Some(items) => items
                .iter()
                .map(|i| (i.label.clone(), i.link.href.clone()))
                .collect(),
            None => self
                .site
                .menu_pages()
                .map(|p| (p.title.clone(), p.path.clone()))
                .collect(),
        };
        for (label, href) in items {
            self.out.push_str("<li><a href=\"");
            attr(&mut self.out, &href);
            self.out.push('"');
            if href == self.req.path {
                self.out.push_str(" aria-current=\"page\"");
            }
            self.out.push('>');
            text(&mut self.out, &label);
            self.out.push_str("</a></li>");
        }
        self.out.push_str("</ul></nav>");
    }

    fn social_links(&mut self, e: &Element, s: &SocialLinks) {
        self.open("ul", e, "");
        self.out.push_str(" aria-label=\"Social links\">");
        for link in &s.links {
            self.out.push_str("<li>");
            self.anchor_open(&link.url, true, "");
            text(&mut self.out, &link.network);
            self.out.push_str("</a></li>");
        }
        self.out.push_str("</ul>");
    }

    fn embed(&mut self, e: &Element, em: &Embed) {
        self.open("iframe", e, "");
        self.out.push_str(" title=\"");
        attr(&mut self.out, &em.title);
        // No allow-same-origin: the frame's scripts cannot reach the site.
        self.out
            .push_str("\" sandbox=\"allow-scripts allow-popups allow-forms\" loading=\"lazy\" ");
        match (&em.html, &em.url) {
            (Some(html), _) => {
                self.out.push_str("srcdoc=\"");
                attr(&mut self.out, html);
            }
            (None, Some(url)) => {
                self.out.push_str("src=\"");
                attr(&mut self.out, url);
            }
            (None, None) => {}
        }
        self.out.push_str("\"></iframe>");
    }

    /// A plain link to the cart page, which the page's script gives the visitor's count (in
    /// the editor's frame, which runs no script, a sample). The count's box keeps its room
    /// while empty, so filling it moves nothing.
    fn cart_icon(&mut self, e: &Element, c: &CartIcon) {
        self.uses_runtime = true;
        self.open("a", e, "");
        self.out.push_str(" href=\"/cart-page\" data-tessera-cart>");
        self.out.push_str(CART_SVG);
        self.out.push_str("<span class=\"t-cart-label\">");
        text(&mut self.out, &c.label);
        // The link's text reads "Cart 2", not "Cart2".
        self.out.push_str("</span> <span class=\"t-cart-count\">");
        if self.req.framed {
            self.out.push('0');
        }
        self.out.push_str("</span></a>");
    }

    /// A plain GET form to the results page: it works without any script.
    fn search_box(&mut self, e: &Element, b: &SearchBox) {
        self.open("form", e, "");
        self.out.push_str(
            " role=\"search\" method=\"get\" action=\"/search\"><input type=\"search\" name=\"q\"",
        );
        self.label(Some(&b.label));
        if !b.placeholder.is_empty() {
            self.out.push_str(" placeholder=\"");
            attr(&mut self.out, &b.placeholder);
            self.out.push('"');
        }
        self.out
            .push_str("><button class=\"t-button\" type=\"submit\">");
        text(&mut self.out, &b.label);
        self.out.push_str("</button></form>");
    }

    fn label(&mut self, label: Option<&str>) {
        if let Some(label) = label {
            self.out.push_str(" aria-label=\"");
            attr(&mut self.out, label);
            self.out.push('"');
        }
    }

    fn href(&self, e: &Element, link: &Link, scope: Scope<'a>) -> String {
        match self.bound(e, "href", scope) {
            Some(h) if check_href("", &h).is_ok() => h,
            Some(_) => "#".into(),
            None => link.href.clone(),
        }
    }

    fn anchor_open(&mut self, href: &str, new_tab: bool, class: &str) {
        self.out.push_str("<a href=\"");
        attr(&mut self.out, href);
        self.out.push('"');
        if !class.is_empty() {
            let _ = write!(self.out, " class=\"{class}\"");
        }
        if new_tab {
            self.out
                .push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
        }
        self.out.push('>');
    }

    fn anchor_element(&mut self, e: &Element, href: &str, new_tab: bool, extra: &str, label: &str) {
        self.open("a", e, extra);
        self.out.push_str(" href=\"");
        attr(&mut self.out, href);
        self.out.push('"');
        if new_tab {
            self.out
                .push_str(" target=\"_blank\" rel=\"noopener noreferrer\"");
        }
        self.out.push('>');
        text(&mut self.out, label);
        self.out.push_str("</a>");
    }

    fn img(&mut self, src: &str, alt: &str, width: u32, height: u32) {
        self.out.push_str("<img src=\"");
        match crate::media::media_image(src) {
            Some(m) => {
                let (src, srcset, sizes) = m.sources(width, height);
                attr(&mut self.out, &src);
                self.out.push_str("\" srcset=\"");
                attr(&mut self.out, &srcset);
                self.out.push_str("\" sizes=\"");
                attr(&mut self.out, &sizes);
            }
            None => attr(&mut self.out, src),
        }
        self.out.push_str("\" alt=\"");
        attr(&mut self.out, alt);
        let _ = write!(self.out, "\" width=\"{width}\" height=\"{height}\"");
        if self.below_fold {
            self.out.push_str(" loading=\"lazy\"");
        }
        self.out.push_str(" decoding=\"async\">");
    }

    fn form(&mut self, e: &Element, f: &Form) {
        self.uses_runtime = true;
        self.open("form", e, "");
        let _ = write!(
            self.out,
            " method=\"post\" action=\"/_api/forms/{}\" data-tessera-form data-success=\"",
            e.id
        );
        attr(&mut self.out, &f.success_message);
        self.out.push_str("\">");
        for field in &f.fields {
            let id = format!("{}-{}", e.id, field.name);
            let required = if field.required { " required" } else { "" };
            let max = field.max_length.unwrap_or(5000);
            if field.input == InputType::Checkbox {
                let _ = write!(
                    self.out,
                    "<label class=\"check\"><input type=\"checkbox\" id=\"{id}\" name=\"{}\" value=\"true\"{required}>",
                    field.name
                );
                text(&mut self.out, &field.label);
                self.out.push_str("</label>");
                continue;
            }
            let _ = write!(self.out, "<label for=\"{id}\">");
            text(&mut self.out, &field.label);
            match field.input {
                InputType::Textarea => {
                    let _ = write!(
                        self.out,
                        "<textarea id=\"{id}\" name=\"{}\" maxlength=\"{max}\"{required}",
                        field.name
                    );
                    self.placeholder(field.placeholder.as_deref());
                    self.out.push_str("></textarea>");
                }
                InputType::Select => {
                    let _ = write!(
                        self.out,
                        "<select id=\"{id}\" name=\"{}\"{required}><option value=\"\"></option>",
                        field.name
                    );
                    for option in &field.options {
                        self.out.push_str("<option>");
                        text(&mut self.out, option);
                        self.out.push_str("</option>");
                    }
                    self.out.push_str("</select>");
                }
                input => {
                    let _ = write!(
                        self.out,
                        "<input type=\"{}\" id=\"{id}\" name=\"{}\"",
                        input.html_type(),
                        field.name
                    );
                    if input != InputType::Number && input != InputType::Date {
                        let _ = write!(self.out, " maxlength=\"{max}\"");
                    }
                    if input == InputType::Email {
                        self.out.push_str(" autocomplete=\"email\"");
                    }
                    self.out.push_str(required);
                    self.placeholder(field.placeholder.as_deref());
                    self.out.push('>');
                }
            }
            self.out.push_str("</label>");
        }
        // The server puts the visitor's form token here when it sends the page.
        let _ = write!(
            self.out,
            "<input type=\"hidden\" name=\"_csrf\" value=\"{}\">",
            crate::CSRF_PLACEHOLDER
        );
        // Bots fill every field; people never see this one.
        self.out.push_str("<div class=\"hp\" aria-hidden=\"true\"><label>Leave this empty<input type=\"text\" name=\"_hp\" tabindex=\"-1\" autocomplete=\"off\"></label></div>");
        self.out
            .push_str("<button type=\"submit\" class=\"t-button\">");
        text(&mut self.out, &f.submit_label);
        self.out
            .push_str("</button><p class=\"t-form-status\" role=\"status\" aria-live=\"polite\">");
        if self.req.submitted == Some(e.id.as_str()) {
            text(&mut self.out, &f.success_message);
        }
        self.out.push_str("</p></form>");
    }

    fn placeholder(&mut self, placeholder: Option<&str>) {
        if let Some(p) = placeholder {
            self.out.push_str(" placeholder=\"");
            attr(&mut self.out, p);
            self.out.push('"');
        }
    }

    /// A repeater's children, once for one item (or for its template).
    fn repeated(&mut self, children: &'a [Element], scope: Scope<'a>) {
        let outer = std::mem::replace(&mut self.repeating, true);
        self.elements(children, scope);
        self.repeating = outer;
    }

    fn repeater(&mut self, e: &'a Element, rep: &'a Repeater) {
        let collection = self
            .page
            .datasets
            .iter()
            .find(|d| d.id == rep.dataset)
            .map(|d| d.collection.as_str());
        self.open("div", e, "");
        self.out.push('>');
        let data = self.data.datasets.get(&rep.dataset);
        let items = data.map(|d| d.items.as_slice()).unwrap_or_default();
        // With page code the list is always there (code may fill it), and so is the empty text.
        let code = self.code.is_some();
        if items.is_empty() && !code {
            self.out.push_str("<p class=\"t-empty\">");
            text(&mut self.out, &rep.empty_text);
            self.out.push_str("</p>");
        } else {
            self.out.push_str("<ul role=\"list\">");
            for item in items {
                match item.get("_id").filter(|_| code) {
                    Some(id) => {
                        self.out.push_str("<li data-velo-item=\"");
                        attr(&mut self.out, &value_text(id));
                        self.out.push_str("\">");
                    }
                    None => self.out.push_str("<li>"),
                }
                let scope = Scope {
                    dataset: Some(&rep.dataset),
                    collection,
                    item: Some(item),
                };
                self.repeated(&e.children, scope);
                self.out.push_str("</li>");
            }
            self.out.push_str("</ul>");
        }
        if code {
            self.out.push_str("<p class=\"t-empty\"");
            if !items.is_empty() {
                self.out.push_str(" hidden");
            }
            self.out.push('>');
            text(&mut self.out, &rep.empty_text);
            self.out.push_str("</p><template data-velo-template><li>");
            let scope = Scope {
                dataset: Some(&rep.dataset),
                collection,
                item: None,
            };
            let outer = std::mem::replace(&mut self.template, true);
            self.repeated(&e.children, scope);
            self.template = outer;
            self.out.push_str("</li></template>");
        }
        if let Some(d) = data.filter(|d| rep.pagination && (d.page > 1 || d.has_next)) {
            self.out
                .push_str("<nav class=\"t-pager\" aria-label=\"Pages\">");
            if d.page > 1 {
                let _ = write!(
                    self.out,
                    "<a href=\"?page={}\" rel=\"prev\">Previous</a>",
                    d.page - 1
                );
            }
            let _ = write!(
                self.out,
                "<span aria-current=\"page\">Page {}</span>",
                d.page
            );
            if d.has_next {
                let _ = write!(
                    self.out,
                    "<a href=\"?page={}\" rel=\"next\">Next</a>",
                    d.page + 1
                );
            }
            self.out.push_str("</nav>");
        }
        self.out.push_str("</div>");
    }
}

/// A shopping bag, drawn in the text's colour.
const CART_SVG: &str = "<svg aria-hidden=\"true\" focusable=\"false\" width=\"24\" height=\"24\" viewBox=\"0 0 24 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.8\" stroke-linejoin=\"round\"><path d=\"M5 8h14l-1.2 12H6.2z\"/><path d=\"M9 10V7a3 3 0 0 1 6 0v3\"/></svg>";

/// A store product's price (`Stores/Products` holds it formatted): what it sells for, and
/// what it sold for before a discount when it has one.
fn product_price(item: &Map<String, Value>) -> Option<(String, Option<String>)> {
    let text = |name: &str| {
        field(item, name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let regular = text("formattedPrice")?;
    let number = |name: &str| field(item, name).and_then(Value::as_f64);
    match (number("price"), number("discountedPrice")) {
        (Some(price), Some(now)) if now < price => Some((
            text("formattedDiscountedPrice")
                .unwrap_or(regular)
                .to_string(),
            Some(regular.to_string()),
        )),
        _ => Some((regular.to_string(), None)),
    }
}

fn meta(out: &mut String, key: &str, name: &str, content: Option<&str>) {
    if let Some(content) = content {
        let _ = write!(out, "<meta {key}=\"");
        attr(out, name);
        out.push_str("\" content=\"");
        attr(out, content);
        out.push_str("\">");
    }
}

/// The privacy-friendly player address of a YouTube or Vimeo page.
fn video_embed(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.strip_prefix("www.").unwrap_or(rest);
    let id_ok = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let youtube = if let Some(q) = rest.strip_prefix("youtube.com/watch?") {
        q.split('&').find_map(|kv| kv.strip_prefix("v="))
    } else {
        rest.strip_prefix("youtu.be/")
            .map(|id| id.split(['?', '&']).next().unwrap_or(id))
    };
    if let Some(id) = youtube.filter(|id| id_ok(id)) {
        return Some(format!("https://www.youtube-nocookie.com/embed/{id}"));
    }
    let vimeo = rest
        .strip_prefix("vimeo.com/")
        .map(|id| id.split(['?', '/']).next().unwrap_or(id));
    vimeo
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()) && !id.is_empty())
        .map(|id| format!("https://player.vimeo.com/video/{id}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn video_addresses() {
        assert_eq!(
            super::video_embed("https://www.youtube.com/watch?v=abc_D-1&t=3").as_deref(),
            Some("https://www.youtube-nocookie.com/embed/abc_D-1")
        );
        assert_eq!(
            super::video_embed("https://vimeo.com/12345").as_deref(),
            Some("https://player.vimeo.com/video/12345")
        );
        assert_eq!(super::video_embed("https://cdn.example.com/a.mp4"), None);
    }
}
