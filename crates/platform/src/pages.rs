//! Pages the modules make for a site's visitors (the store's), in the site's published
//! master page and theme.

use tessera_core::sites::Site;
pub use tessera_render::document::Visibility;
pub use tessera_render::{
    SystemPage, escape_attr, escape_text, plain_text, plan_action, plan_price,
};

use crate::{Platform, WixResult};

/// The page as a whole HTML document, or None when the site has published nothing yet.
pub async fn themed(
    p: &Platform,
    site: &Site,
    base_url: &str,
    path: &str,
    page: &SystemPage<'_>,
) -> WixResult<Option<String>> {
    let Some((_, _, compiled)) = crate::sites::published_site(p, site.id).await? else {
        return Ok(None);
    };
    let req = tessera_render::Request {
        base_url,
        path,
        page_number: 1,
        submitted: None,
        preview: false,
        framed: false,
    };
    Ok(Some(compiled.render_system_page(page, &req)))
}
