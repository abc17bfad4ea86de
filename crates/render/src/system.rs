//! Pages the platform's modules make for visitors (the store's product, cart and checkout
//! pages), in the site's own master page and theme. The module writes what goes inside
//! `<main>`, escaping what it writes (`escape_text`, `escape_attr`).

use crate::{
    Site,
    document::{Page, Seo, Visibility},
    page::{PageData, Request},
};

/// What a module's page says about itself.
pub struct SystemPage<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    /// For link previews (Open Graph).
    pub image: Option<&'a str>,
    /// Kept out of search engines (carts, checkouts, order pages).
    pub no_index: bool,
    /// The HTML inside `<main>`.
    pub body: &'a str,
    /// The page's forms want the site's script (the store's side cart); they work without.
    pub script: bool,
}

impl Site {
    /// A module's page as a whole HTML document.
    pub fn render_system_page(&self, page: &SystemPage, req: &Request) -> String {
        let doc_page = Page {
            id: "system-page".into(),
            title: page.title.into(),
            path: req.path.into(),
            seo: Seo {
                no_index: page.no_index,
                description: page.description.map(str::to_string),
                image: page.image.map(str::to_string),
                ..Seo::default()
            },
            visibility: Visibility::Public,
            hide_from_menu: true,
            datasets: Vec::new(),
            dynamic: None,
            lightbox: false,
            router: None,
            sections: Vec::new(),
        };
        let data = PageData::default();
        self.document(&doc_page, &data, req, |r| {
            r.out.push_str(page.body);
            r.uses_runtime |= page.script;
        })
    }
}
