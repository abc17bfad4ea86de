//! `sitemap.xml` and `robots.txt`.

use std::fmt::Write;

use crate::{Site, html::attr};

/// One address of the sitemap, with its last change (RFC 3339) if known.
#[derive(Default)]
pub struct SitemapEntry {
    pub path: String,
    pub last_modified: Option<String>,
    /// `always`, `hourly`, … `never`, as a router's site map gives it.
    pub change_frequency: Option<String>,
    /// 0.0 to 1.0.
    pub priority: Option<f64>,
}

impl Site {
    /// Static public pages that may be indexed (dynamic pages add their items' addresses).
    pub fn sitemap_pages(&self) -> impl Iterator<Item = &crate::Page> {
        self.doc.pages.iter().filter(|p| {
            p.dynamic.is_none()
                && !p.seo.no_index
                && !p.lightbox
                && p.router.is_none()
                && p.visibility == crate::document::Visibility::Public
                && Some(&p.id) != self.doc.settings.not_found_page.as_ref()
        })
    }
}

impl Site {
    /// The page that `path` shows (a dynamic page for its items' addresses), for the SEO
    /// report's links to the editor.
    pub fn page_at(&self, path: &str) -> Option<&crate::Page> {
        match self.route(path) {
            crate::Route::Page(p) | crate::Route::Dynamic(p, _) => Some(p),
            _ => None,
        }
    }
}

impl crate::Page {
    /// Whether element `id` is in the page's own sections (not the master page's).
    pub fn holds(&self, id: &str) -> bool {
        let mut open: Vec<&crate::document::Element> = self.sections.iter().collect();
        while let Some(e) = open.pop() {
            if e.id == id {
                return true;
            }
            open.extend(&e.children);
        }
        false
    }
}

pub fn sitemap_xml(base_url: &str, entries: &[SitemapEntry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        out.push_str("<url><loc>");
        attr(&mut out, &format!("{base_url}{}", entry.path));
        out.push_str("</loc>");
        if let Some(at) = &entry.last_modified {
            out.push_str("<lastmod>");
            attr(&mut out, at);
            out.push_str("</lastmod>");
        }
        if let Some(frequency) = &entry.change_frequency {
            out.push_str("<changefreq>");
            attr(&mut out, frequency);
            out.push_str("</changefreq>");
        }
        if let Some(priority) = entry.priority {
            let _ = write!(out, "<priority>{:.1}</priority>", priority.clamp(0.0, 1.0));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The site's own `robots.txt`, or one that allows everything and names the sitemap.
pub fn robots_txt(site: &Site, base_url: &str) -> String {
    match &site.doc.settings.robots_txt {
        Some(text) => text.clone(),
        None => {
            let mut out = String::from("User-agent: *\nAllow: /\n");
            let _ = writeln!(out, "Sitemap: {base_url}/sitemap.xml");
            out
        }
    }
}
