//! Site templates: a new site's first draft, and for some templates what its pages read: CMS
//! collections with sample items, or (the Store template) the store module's sample catalog.
//! The draft is saved, not published: the owner publishes.

use serde::Deserialize;
use serde_json::{Map, Value};
use tessera_core::{
    Error, Result,
    data::{Collection, Field, Item, Permissions, item},
    now_millis,
    sites::Site,
};
use utoipa::ToSchema;

use crate::AppState;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub enum Template {
    /// One page with the site's name (the editor's starter document).
    #[default]
    Blank,
    /// Home with services and a testimonial, about, contact form.
    Business,
    /// A blog over a `Posts` collection: home with the latest posts, list, a page per post.
    Blog,
    /// A bakery's online store: sample products in the store module (pictures in the media
    /// library, options and variants with their own prices, stock), a home page with a
    /// product grid, a shop page, the cart in the header; the store's own pages show each
    /// product, category and the cart.
    Store,
}

#[derive(Deserialize)]
struct Parts {
    #[serde(default)]
    collections: Vec<CollectionPart>,
    #[serde(default)]
    items: Map<String, Value>,
    document: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CollectionPart {
    id: String,
    display_field: Option<String>,
    fields: Vec<Field>,
    permissions: Permissions,
}

fn source(template: Template) -> Option<&'static str> {
    match template {
        Template::Blank => None,
        Template::Business => Some(include_str!("../../templates/business.json")),
        Template::Blog => Some(include_str!("../../templates/blog.json")),
        Template::Store => Some(include_str!("../../templates/store.json")),
    }
}

/// Puts the site's name where the template says `{{name}}` (escaped inside rich text).
fn fill(value: &mut Value, name: &str, in_html: bool) {
    match value {
        Value::String(s) if s.contains("{{name}}") => {
            let with = if in_html {
                tessera_render::escape_text(name)
            } else {
                name.to_string()
            };
            *s = s.replace("{{name}}", &with);
        }
        Value::Array(a) => a.iter_mut().for_each(|v| fill(v, name, in_html)),
        Value::Object(o) => {
            for (k, v) in o.iter_mut() {
                fill(v, name, k == "html");
            }
        }
        _ => {}
    }
}

/// Makes the template's collections and items and saves its document as the site's draft.
pub async fn apply(state: &AppState, site: &Site, owner: &str, template: Template) -> Result<()> {
    let Some(text) = source(template) else {
        // The editor's starter page, saved: a new site can be published at once.
        let document = super::documents::starter_document(site).to_string();
        state
            .store()
            .put_draft(site.id, &document, 0, owner)
            .await?;
        return Ok(());
    };
    let mut parts: Parts = serde_json::from_str(text).map_err(Error::internal)?;
    fill(&mut parts.document, &site.name, false);
    let store = state.store();
    let now = now_millis();
    for part in parts.collections {
        let c = Collection {
            site_id: site.id,
            display_name: part.id.clone(),
            id: part.id,
            display_field: part.display_field,
            fields: part.fields,
            permissions: part.permissions,
            indexes: Vec::new(),
            revision: 1,
            created_at: now,
            updated_at: now,
            show_drafts: false,
        };
        c.validate()?;
        store.create_collection(&c).await?;
        let samples = parts
            .items
            .get(&c.id)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut items = Vec::new();
        for (i, sample) in samples.into_iter().enumerate() {
            let Value::Object(data) = sample else {
                continue;
            };
            items.push(Item {
                id: uuid::Uuid::now_v7().to_string(),
                owner: Some(owner.to_string()),
                created_at: now + i as i64,
                updated_at: now + i as i64,
                data: item::prepare(&c, data)?,
            });
        }
        store.insert_items(&c, &items).await?;
    }
    let document = parts.document.to_string();
    tessera_render::Document::parse(document.as_bytes())
        .map_err(|e| Error::internal(format!("template document: {e}")))?;
    if template == Template::Store {
        tessera_stores::sample::create(state.platform(), site)
            .await
            .map_err(|e| Error::internal(e.internal().unwrap_or(e.description()).to_string()))?;
    }
    store.put_draft(site.id, &document, 0, owner).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_document_with_its_name() {
        for t in [Template::Business, Template::Blog, Template::Store] {
            let mut parts: Parts = serde_json::from_str(source(t).unwrap()).unwrap();
            fill(&mut parts.document, "Ann & <Co>", false);
            let text = parts.document.to_string();
            assert!(!text.contains("{{name}}"));
            assert!(text.contains("© Ann &amp; &lt;Co&gt;"), "{t:?}");
            tessera_render::Document::parse(text.as_bytes())
                .unwrap_or_else(|e| panic!("{t:?}: {e}"));
        }
    }
}
