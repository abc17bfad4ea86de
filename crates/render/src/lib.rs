//! Turns a site document into what visitors receive: HTML pages, the site's one stylesheet,
//! `sitemap.xml` and `robots.txt`. Owns the document schema and its validation.
//!
//! Pure: no I/O, no HTTP, no storage. The caller reads the items a page needs (`Site::needs`)
//! and hands them in; everything written into a page is escaped here.

mod css;
pub mod document;
mod html;
mod media;
mod members;
mod page;
mod page_code;
mod plans;
mod search;
mod seo;
mod stock;
mod system;

use std::sync::OnceLock;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

pub use css::{MOBILE_MAX, TABLET_MAX};
pub use document::{Document, DocumentError, Page};
pub use html::{escape_attr, escape_text};
pub use members::{AccountView, MemberPage, MemberPageState};
pub use page::{DatasetPage, PageData, Request};
pub use page_code::{ERROR_BEACON, PageCode, RouterHead};
pub use plans::{PLANS, plan_action, plan_price};
pub use search::{PageText, plain_text};
pub use seo::{SitemapEntry, robots_txt, sitemap_xml};
pub use stock::stock_svg;
pub use system::SystemPage;

/// Stands in a page's forms for the visitor's form token, which the server fills in when it
/// sends the page (the page itself is shared by every visitor). Escaped text can never
/// contain it: `<` is always written as `&lt;`.
pub const CSRF_PLACEHOLDER: &str = "<tessera-csrf>";

/// The client script of pages with interactive elements (forms submit without a reload).
pub const RUNTIME_JS: &str = include_str!("runtime.js");

/// Content hash of `RUNTIME_JS`, part of its address so browsers cache it for good.
pub fn runtime_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| short_hash(RUNTIME_JS.as_bytes()))
}

fn short_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// A document made ready to serve: parsed once per published version, with its stylesheet.
#[derive(Debug)]
pub struct Site {
    pub doc: Document,
    pub css: String,
    /// Content hash of `css`: the stylesheet is served at `/_assets/site.<hash>.css`.
    pub css_hash: String,
}

/// What a request path leads to.
#[derive(Debug)]
pub enum Route<'a> {
    Page(&'a Page),
    /// A dynamic page and the decoded value of its placeholder.
    Dynamic(&'a Page, String),
    /// A permanent redirect from the settings.
    Redirect(&'a str),
    NotFound,
}

impl Site {
    pub fn new(doc: Document) -> Self {
        let css = css::stylesheet(&doc);
        let css_hash = short_hash(css.as_bytes());
        Self { doc, css, css_hash }
    }

    /// The page (or redirect) for a decoded request path. Static paths win over dynamic ones;
    /// a trailing slash is ignored.
    pub fn route(&self, path: &str) -> Route<'_> {
        let path = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path
        };
        if let Some(r) = self.doc.settings.redirects.iter().find(|r| r.from == path) {
            return Route::Redirect(&r.to);
        }
        if let Some(page) = self
            .doc
            .pages
            .iter()
            .find(|p| p.dynamic.is_none() && p.router.is_none() && p.path == path)
        {
            return Route::Page(page);
        }
        for page in self.doc.pages.iter().filter(|p| p.dynamic.is_some()) {
            if let Some(value) = match_dynamic(&page.path, path) {
                return Route::Dynamic(page, value);
            }
        }
        Route::NotFound
    }

    /// The page shown (with status 404) for unknown paths, if the site has one.
    pub fn not_found_page(&self) -> Option<&Page> {
        self.doc
            .settings
            .not_found_page
            .as_deref()
            .and_then(|id| self.doc.page(id))
    }

    /// The address of an item's dynamic page, if a dynamic page shows `collection`; the
    /// store's products and collections and the bookings' services have pages of their
    /// module's own otherwise (`/product-page/<slug>`, `/category/<slug>`,
    /// `/booking-service/<slug>`, as on Wix), and a pricing plan the page that buys it
    /// (`/plans-pricing/<id>`).
    pub fn item_path(&self, collection: &str, item: &Map<String, Value>) -> Option<String> {
        let (pattern, field) = self.item_pattern(collection)?;
        let value = html::field(item, field).map(html::value_text)?;
        if value.is_empty() {
            return None;
        }
        Some(pattern.replace(&format!("{{{field}}}"), &html::path_segment(&value)))
    }

    /// The address pattern of `collection`'s items (`/blog/{slug}`) and the field it names.
    pub fn item_pattern(&self, collection: &str) -> Option<(&str, &str)> {
        let page = self.doc.pages.iter().find(|p| {
            p.dynamic
                .as_ref()
                .is_some_and(|d| d.collection == collection)
        });
        match page.and_then(|p| Some((p, p.dynamic.as_ref()?))) {
            Some((page, dynamic)) => Some((page.path.as_str(), dynamic.field.as_str())),
            None => match collection {
                "Stores/Products" => Some(("/product-page/{slug}", "slug")),
                "Stores/Collections" => Some(("/category/{slug}", "slug")),
                PLANS => Some(("/plans-pricing/{_id}", "_id")),
                "Bookings/Services" => Some(("/booking-service/{slug}", "slug")),
                _ => None,
            },
        }
    }

    /// Static public pages in document order, for automatic menus and the sitemap.
    pub fn menu_pages(&self) -> impl Iterator<Item = &Page> {
        self.doc.pages.iter().filter(|p| {
            p.dynamic.is_none()
                && !p.hide_from_menu
                && !p.lightbox
                && p.router.is_none()
                && p.visibility == document::Visibility::Public
                && Some(&p.id) != self.doc.settings.not_found_page.as_ref()
        })
    }
}

/// Matches `/blog/{slug}` against `/blog/first-post` → `first-post` (percent-decoded).
fn match_dynamic(pattern: &str, path: &str) -> Option<String> {
    let mut value = None;
    let mut pattern_parts = pattern.split('/');
    let mut path_parts = path.split('/');
    loop {
        match (pattern_parts.next(), path_parts.next()) {
            (None, None) => return value,
            (Some(p), Some(s)) if p.starts_with('{') => {
                if s.is_empty() {
                    return None;
                }
                value = Some(percent_decode(s)?);
            }
            (Some(p), Some(s)) if p == s => {}
            _ => return None,
        }
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn store_items_have_the_store_pages_unless_a_dynamic_page_shows_them() {
        let site = |pages: serde_json::Value| {
            let doc = json!({"schemaVersion": 1, "pages": pages});
            super::Site::new(super::Document::parse(doc.to_string().as_bytes()).unwrap())
        };
        let item = json!({"slug": "linen tee", "name": "Linen Tee"});
        let item = item.as_object().unwrap();
        let plain = site(json!([{"id": "home", "title": "Home", "path": "/"}]));
        assert_eq!(
            plain.item_path("Stores/Products", item).as_deref(),
            Some("/product-page/linen%20tee")
        );
        assert_eq!(
            plain.item_path("Stores/Collections", item).as_deref(),
            Some("/category/linen%20tee")
        );
        assert_eq!(
            plain.item_path("Bookings/Services", item).as_deref(),
            Some("/booking-service/linen%20tee")
        );
        assert_eq!(plain.item_path("Things", item), None);
        let gold = json!({"_id": "p-1", "slug": "gold"});
        assert_eq!(
            plain
                .item_path("PricingPlans/Plans", gold.as_object().unwrap())
                .as_deref(),
            Some("/plans-pricing/p-1")
        );
        let own = site(
            json!([{"id": "p", "title": "Product", "path": "/shop/{name}",
            "dynamic": {"collection": "Stores/Products", "field": "name"}}]),
        );
        assert_eq!(
            own.item_path("Stores/Products", item).as_deref(),
            Some("/shop/Linen%20Tee")
        );
    }

    #[test]
    fn dynamic_paths_match() {
        assert_eq!(
            super::match_dynamic("/blog/{slug}", "/blog/a%20b").as_deref(),
            Some("a b")
        );
        assert_eq!(super::match_dynamic("/blog/{slug}", "/blog/"), None);
        assert_eq!(super::match_dynamic("/blog/{slug}", "/blog/a/b"), None);
        assert_eq!(
            super::match_dynamic("/{slug}/edit", "/x/edit").as_deref(),
            Some("x")
        );
    }
}
