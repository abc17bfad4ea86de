//! The site document (schema version 1): settings, theme, master page (header and footer)
//! and pages of nested elements keyed by unique ids. `Document::parse` is the only way in:
//! it checks the whole document and names the path of the first bad node
//! (`pages[0].sections[2].children[1].props.level`).
//!
//! This file holds the document's shape and its parsing; `props` the element types and
//! their properties, `validate` the rules a parsed document must also meet.

mod props;
mod validate;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

pub use props::{
    Boxed, Button, ButtonVariant, CartIcon, Columns, Embed, Empty, Form, FormField, Gallery,
    GalleryImage, Heading, Image, InputType, Kind, Link, LinkText, Menu, MenuItem, Repeater,
    SearchBox, SocialLink, SocialLinks, Spacer, Text, Video, sanitize_rich_text,
};
pub use props::{
    Checkbox, CheckboxGroup, Choice, DatePicker, Dropdown, Pagination, ProgressBar, RadioGroup,
    Rating, Slider, Switch, TextBox, TextInput, TextInputType,
};
pub use validate::{MAX_DEPTH, MAX_ELEMENTS, MAX_PAGE_SIZE, MAX_PAGES, check_href, check_src};

pub const SCHEMA_VERSION: u32 = 1;

/// A document that failed validation: where, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentError {
    /// Dotted path of the bad node, e.g. `pages[1].sections[0].props.level`; empty for the root.
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for DocumentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for DocumentError {}

fn bad(path: impl Into<String>, message: impl Into<String>) -> DocumentError {
    DocumentError {
        path: path.into(),
        message: message.into(),
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Document {
    pub schema_version: u32,
    #[serde(default)]
    pub settings: Settings,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default)]
    pub master: Master,
    pub pages: Vec<Page>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Settings {
    /// The site's name: page titles end with it, Open Graph and JSON-LD name it.
    #[serde(default)]
    pub name: String,
    /// `lang` of every page.
    #[serde(default = "default_language")]
    pub language: String,
    /// Meta description of pages that set none.
    pub description: Option<String>,
    pub favicon: Option<String>,
    /// Open Graph image of pages that set none.
    pub social_image: Option<String>,
    /// `@handle` for `twitter:site`.
    pub twitter: Option<String>,
    /// Served at `/robots.txt`; by default everything is allowed and the sitemap is named.
    pub robots_txt: Option<String>,
    /// Permanent (301) redirects, checked before pages.
    #[serde(default)]
    pub redirects: Vec<Redirect>,
    /// Page id rendered (with status 404) for unknown paths.
    pub not_found_page: Option<String>,
    pub organization: Option<Organization>,
}

impl Default for Settings {
    fn default() -> Self {
        serde_json::from_value(Value::Object(Map::new())).expect("every setting has a default")
    }
}

fn default_language() -> String {
    "en".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Redirect {
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Organization {
    pub name: String,
    pub logo: Option<String>,
    pub url: Option<String>,
    #[serde(default)]
    pub same_as: Vec<String>,
}

/// Design tokens, emitted as CSS variables (`--color-<name>`, `--font-<name>`) and text
/// style rules (`h1`…`h6`, `body`, and `.ts-<name>` for the others).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Theme {
    #[serde(default)]
    pub colors: BTreeMap<String, String>,
    #[serde(default)]
    pub fonts: BTreeMap<String, String>,
    #[serde(default)]
    pub text_styles: BTreeMap<String, TextStyle>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TextStyle {
    pub font_family: Option<String>,
    pub font_size: Option<String>,
    pub font_weight: Option<String>,
    pub line_height: Option<String>,
    pub letter_spacing: Option<String>,
    pub text_transform: Option<String>,
    pub color: Option<String>,
}

impl TextStyle {
    pub fn properties(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("font-family", &self.font_family),
            ("font-size", &self.font_size),
            ("font-weight", &self.font_weight),
            ("line-height", &self.line_height),
            ("letter-spacing", &self.letter_spacing),
            ("text-transform", &self.text_transform),
            ("color", &self.color),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| (name, v)))
    }
}

/// What every page shares.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Master {
    #[serde(default)]
    pub header: Vec<Element>,
    #[serde(default)]
    pub footer: Vec<Element>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Page {
    pub id: String,
    pub title: String,
    /// `/`, `/about`, or with one placeholder for a dynamic page: `/blog/{slug}`.
    pub path: String,
    #[serde(default)]
    pub seo: Seo,
    #[serde(default)]
    pub visibility: Visibility,
    /// Left out of automatic menus.
    #[serde(default)]
    pub hide_from_menu: bool,
    #[serde(default)]
    pub datasets: Vec<Dataset>,
    /// Present on dynamic pages: the path placeholder names `field` of `collection`.
    pub dynamic: Option<Dynamic>,
    /// A lightbox: shown over another page in a dialog when page code opens it by its title
    /// (`wixWindow.openLightbox("Welcome")`); drawn without the master page's header and
    /// footer, and never in menus, the sitemap or search results.
    #[serde(default)]
    pub lightbox: bool,
    /// A router's page: shown only when `<router>_Router` in `backend/routers.js` answers
    /// `ok("<title>", data, head)` for an address under `/<router>/`; never at its own
    /// address, in menus or the sitemap.
    pub router: Option<String>,
    #[serde(default)]
    pub sections: Vec<Element>,
}

/// Search and social metadata. On dynamic pages `{field}` in the texts takes the item's value.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Seo {
    pub title: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    #[serde(default)]
    pub no_index: bool,
    /// `Article` marks a dynamic page's items as articles in JSON-LD.
    pub json_ld: Option<JsonLdType>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum JsonLdType {
    Article,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Visibility {
    #[default]
    Public,
    /// Any signed-in member.
    Members,
    /// Members holding one of these roles.
    Roles(Vec<String>),
}

/// A page's view of a collection: what the repeaters and bound elements show.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Dataset {
    pub id: String,
    pub collection: String,
    /// A Wix data filter, e.g. `{"published": true}`.
    #[serde(default = "empty_object")]
    pub filter: Value,
    /// Wix sort: `[{"fieldName": "date", "order": "DESC"}]`.
    #[serde(default = "empty_array")]
    pub sort: Value,
    #[serde(default = "default_page_size")]
    pub page_size: u32,
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

fn empty_array() -> Value {
    Value::Array(Vec::new())
}

fn default_page_size() -> u32 {
    12
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Dynamic {
    pub collection: String,
    pub field: String,
}

/// One node of a page: what it is (`kind`), how it looks, and which item fields fill it.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawElement")]
pub struct Element {
    pub id: String,
    pub kind: Kind,
    /// Desktop style; tablet and mobile override it.
    pub style: Style,
    pub tablet: Override,
    pub mobile: Override,
    pub hidden: bool,
    /// A theme text style (`.ts-<name>`).
    pub text_style: Option<String>,
    /// Property → item field, e.g. `text` ← `title`.
    pub bind: BTreeMap<String, Binding>,
    pub children: Vec<Element>,
}

/// CSS declarations by camelCase property name (`paddingTop`), from an allowlist
/// (`validate::STYLE_PROPERTIES`).
pub type Style = BTreeMap<String, String>;

/// `paddingTop` → `padding-top`.
pub fn css_property(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Override {
    #[serde(default)]
    pub style: Style,
    /// Hidden at this breakpoint (and below, unless a smaller one says otherwise).
    pub hidden: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Responsive {
    #[serde(default)]
    tablet: Override,
    #[serde(default)]
    mobile: Override,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Binding {
    /// The page dataset; by default the repeater item or the dynamic page's item.
    pub dataset: Option<String>,
    /// An item field (dotted for nested), or `@url` for the item's dynamic page address;
    /// `@price` is a product's price (the original struck through when discounted) or a
    /// plan's in words, `@buy` what a plan's button says ("Buy", "Get it free").
    pub field: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawElement {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    props: Map<String, Value>,
    #[serde(default)]
    style: Style,
    #[serde(default)]
    responsive: Responsive,
    #[serde(default)]
    hidden: bool,
    text_style: Option<String>,
    #[serde(default)]
    bind: BTreeMap<String, Binding>,
    #[serde(default)]
    children: Vec<Element>,
}

impl TryFrom<RawElement> for Element {
    type Error = String;

    fn try_from(raw: RawElement) -> Result<Self, String> {
        let kind = Kind::parse(&raw.kind, raw.props)?;
        Ok(Self {
            id: raw.id,
            kind,
            style: raw.style,
            tablet: raw.responsive.tablet,
            mobile: raw.responsive.mobile,
            hidden: raw.hidden,
            text_style: raw.text_style,
            bind: raw.bind,
            children: raw.children,
        })
    }
}

impl Document {
    /// Parses and checks a document; the first problem is returned with its path.
    pub fn parse(json: &[u8]) -> Result<Self, DocumentError> {
        let mut de = serde_json::Deserializer::from_slice(json);
        let doc: Document = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            // An element's own check reports `props.x: …` relative to the element.
            let message = inner.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            match message.split_once(": ") {
                Some((sub, rest)) if is_sub_path(sub) => {
                    bad(join_path(&path, sub), rest.to_string())
                }
                _ => bad(if path == "." { String::new() } else { path }, message),
            }
        })?;
        de.end()
            .map_err(|e| bad("", format!("trailing characters: {e}")))?;
        doc.check()?;
        Ok(doc)
    }

    pub fn page(&self, id: &str) -> Option<&Page> {
        self.pages.iter().find(|p| p.id == id)
    }
}

fn is_sub_path(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '[' | ']' | '_'))
}

fn join_path(base: &str, sub: &str) -> String {
    if base.is_empty() || base == "." {
        sub.to_string()
    } else {
        format!("{base}.{sub}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Value) -> Result<Document, DocumentError> {
        Document::parse(v.to_string().as_bytes())
    }

    fn page_with(element: Value) -> Value {
        serde_json::json!({"schemaVersion": 1, "pages": [
            {"id": "home", "title": "Home", "path": "/", "sections": [
                {"id": "s1", "type": "section", "children": [element]}
            ]}
        ]})
    }

    #[test]
    fn names_the_path_of_a_bad_node() {
        let e = parse(page_with(serde_json::json!(
            {"id": "h", "type": "heading", "props": {"text": "Hi", "level": 9}}
        )))
        .unwrap_err();
        assert_eq!(e.path, "pages[0].sections[0].children[0].props.level");

        let e = parse(page_with(serde_json::json!(
            {"id": "h", "type": "heading", "props": {"txt": "Hi"}}
        )))
        .unwrap_err();
        assert_eq!(e.path, "pages[0].sections[0].children[0].props.txt", "{e}");

        let e = parse(page_with(serde_json::json!({"id": "h", "type": "marquee"}))).unwrap_err();
        assert_eq!(e.path, "pages[0].sections[0].children[0].type", "{e}");
        assert!(e.message.contains("marquee"), "{e}");

        let e = parse(page_with(serde_json::json!(
            {"id": "s1", "type": "divider"}
        )))
        .unwrap_err();
        assert_eq!(e.path, "pages[0].sections[0].children[0].id");

        let e = parse(page_with(serde_json::json!(
            {"id": "d", "type": "divider", "style": {"color": "red;} body{display:none"}}
        )))
        .unwrap_err();
        assert_eq!(e.path, "pages[0].sections[0].children[0].style.color");

        let e = parse(serde_json::json!({"schemaVersion": 1, "pages": [
            {"id": "p", "title": "Post", "path": "/blog/{slug}"}
        ]}))
        .unwrap_err();
        assert_eq!(e.path, "pages[0].dynamic");
    }

    #[test]
    fn rich_text_loses_scripts_and_handlers() {
        let doc = parse(page_with(serde_json::json!({"id": "t", "type": "text", "props": {
            "html": "<p onclick=\"x()\">Hi <script>alert(1)</script><a href=\"javascript:x\">l</a> <strong>b</strong></p>"
        }})))
        .unwrap();
        let Kind::Text(t) = &doc.pages[0].sections[0].children[0].kind else {
            panic!()
        };
        assert_eq!(
            t.html,
            "<p>Hi <a rel=\"noopener\">l</a> <strong>b</strong></p>"
        );
    }
}
