//! The site document (schema version 1): settings, theme, master page (header and footer)
//! and pages of nested elements keyed by unique ids. `Document::parse` is the only way in:
//! it checks the whole document and names the path of the first bad node
//! (`pages[0].sections[2].children[1].props.level`).

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use serde_json::{Map, Value};

pub const SCHEMA_VERSION: u32 = 1;
/// Limits that keep one document renderable in a few milliseconds.
pub const MAX_PAGES: usize = 500;
pub const MAX_ELEMENTS: usize = 20_000;
pub const MAX_DEPTH: usize = 24;
pub const MAX_PAGE_SIZE: u32 = 100;

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

/// CSS declarations by camelCase property name (`paddingTop`), from an allowlist.
pub type Style = BTreeMap<String, String>;

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
    /// An item field (dotted for nested), or `@url` for the item's dynamic page address.
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

/// The element types and their properties.
#[derive(Clone, Debug)]
pub enum Kind {
    Section(Boxed),
    Container(Boxed),
    Columns(Columns),
    Text(Text),
    Heading(Heading),
    Image(Image),
    Gallery(Gallery),
    Video(Video),
    Button(Button),
    Link(LinkText),
    Divider(Empty),
    Spacer(Spacer),
    Menu(Menu),
    SocialLinks(SocialLinks),
    Form(Form),
    Repeater(Repeater),
    Embed(Embed),
}

/// An element's `props` as `T`; errors name the property (`props.level: …`).
fn props<T: serde::de::DeserializeOwned>(props: Map<String, Value>) -> Result<T, String> {
    serde_path_to_error::deserialize(Value::Object(props)).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner();
        if path == "." {
            format!("props: {message}")
        } else {
            format!("props.{path}: {message}")
        }
    })
}

const KINDS: &str = "section, container, columns, text, heading, image, gallery, video, \
button, link, divider, spacer, menu, socialLinks, form, repeater, embed";

impl Kind {
    fn parse(kind: &str, p: Map<String, Value>) -> Result<Self, String> {
        Ok(match kind {
            "section" => Self::Section(props(p)?),
            "container" => Self::Container(props(p)?),
            "columns" => Self::Columns(props(p)?),
            "text" => Self::Text(props(p)?),
            "heading" => Self::Heading(props(p)?),
            "image" => Self::Image(props(p)?),
            "gallery" => Self::Gallery(props(p)?),
            "video" => Self::Video(props(p)?),
            "button" => Self::Button(props(p)?),
            "link" => Self::Link(props(p)?),
            "divider" => Self::Divider(props(p)?),
            "spacer" => Self::Spacer(props(p)?),
            "menu" => Self::Menu(props(p)?),
            "socialLinks" => Self::SocialLinks(props(p)?),
            "form" => Self::Form(props(p)?),
            "repeater" => Self::Repeater(props(p)?),
            "embed" => Self::Embed(props(p)?),
            other => {
                return Err(format!(
                    "type: unknown element type {other:?}; use one of {KINDS}"
                ));
            }
        })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Self::Section(_) => "section",
            Self::Container(_) => "container",
            Self::Columns(_) => "columns",
            Self::Text(_) => "text",
            Self::Heading(_) => "heading",
            Self::Image(_) => "image",
            Self::Gallery(_) => "gallery",
            Self::Video(_) => "video",
            Self::Button(_) => "button",
            Self::Link(_) => "link",
            Self::Divider(_) => "divider",
            Self::Spacer(_) => "spacer",
            Self::Menu(_) => "menu",
            Self::SocialLinks(_) => "socialLinks",
            Self::Form(_) => "form",
            Self::Repeater(_) => "repeater",
            Self::Embed(_) => "embed",
        }
    }

    fn holds_children(&self) -> bool {
        matches!(
            self,
            Self::Section(_) | Self::Container(_) | Self::Columns(_) | Self::Repeater(_)
        )
    }

    /// The properties an item field may fill.
    fn bindable(&self) -> &'static [&'static str] {
        match self {
            Self::Text(_) => &["text", "html"],
            Self::Heading(_) => &["text"],
            Self::Image(_) => &["src", "alt", "href"],
            Self::Button(_) => &["label", "href"],
            Self::Link(_) => &["text", "href"],
            Self::Video(_) => &["url"],
            _ => &[],
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Empty {}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Boxed {
    /// Accessible name (`aria-label`), e.g. for a section without a heading.
    pub label: Option<String>,
    pub background_image: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Columns {
    /// Relative column widths, e.g. `[2, 1]`; by default one equal column per child.
    #[serde(default)]
    pub widths: Vec<u32>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Text {
    /// Rich text: a safe HTML subset (paragraphs, emphasis, links, lists); anything else is
    /// removed when the document is parsed.
    #[serde(deserialize_with = "rich_text")]
    pub html: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Heading {
    pub text: String,
    #[serde(default = "default_level")]
    pub level: u8,
}

fn default_level() -> u8 {
    2
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Image {
    pub src: String,
    /// Required text alternative; empty marks a decorative image.
    pub alt: String,
    pub width: u32,
    pub height: u32,
    pub link: Option<Link>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Gallery {
    pub images: Vec<GalleryImage>,
    #[serde(default = "default_gallery_columns")]
    pub columns: u8,
}

fn default_gallery_columns() -> u8 {
    3
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GalleryImage {
    pub src: String,
    pub alt: String,
    pub width: u32,
    pub height: u32,
    pub caption: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Video {
    /// A YouTube or Vimeo page, or a video file.
    pub url: String,
    pub title: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Link {
    /// `/path`, `#anchor`, `https://…`, `mailto:` or `tel:`.
    pub href: String,
    #[serde(default)]
    pub new_tab: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Button {
    pub label: String,
    pub link: Link,
    /// `primary` (default) or `secondary`.
    #[serde(default)]
    pub variant: ButtonVariant,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ButtonVariant {
    #[default]
    Primary,
    Secondary,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LinkText {
    pub text: String,
    pub link: Link,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Spacer {
    pub height: u32,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Menu {
    /// Accessible name of the navigation landmark.
    pub label: Option<String>,
    /// By default: the site's static public pages in document order.
    pub items: Option<Vec<MenuItem>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MenuItem {
    pub label: String,
    pub link: Link,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SocialLinks {
    pub links: Vec<SocialLink>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SocialLink {
    /// Shown and announced, e.g. `Instagram`.
    pub network: String,
    pub url: String,
}

/// A form whose submissions land in `collection` (created on the first submission).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Form {
    pub collection: String,
    pub fields: Vec<FormField>,
    #[serde(default = "default_submit_label")]
    pub submit_label: String,
    #[serde(default = "default_success")]
    pub success_message: String,
}

fn default_submit_label() -> String {
    "Submit".into()
}

fn default_success() -> String {
    "Thanks, your message was sent.".into()
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FormField {
    /// The item field it fills.
    pub name: String,
    pub label: String,
    #[serde(rename = "type", default)]
    pub input: InputType,
    #[serde(default)]
    pub required: bool,
    pub placeholder: Option<String>,
    /// Choices of a `select`.
    #[serde(default)]
    pub options: Vec<String>,
    /// Longest accepted text; at most 5000.
    pub max_length: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InputType {
    #[default]
    Text,
    Email,
    Tel,
    Url,
    Number,
    Date,
    Textarea,
    Select,
    Checkbox,
}

impl InputType {
    pub fn html_type(self) -> &'static str {
        match self {
            Self::Text | Self::Textarea | Self::Select => "text",
            Self::Email => "email",
            Self::Tel => "tel",
            Self::Url => "url",
            Self::Number => "number",
            Self::Date => "date",
            Self::Checkbox => "checkbox",
        }
    }
}

/// Repeats its children once per item of a page dataset.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Repeater {
    pub dataset: String,
    /// Links to the previous and next page of the dataset (`?page=N`).
    #[serde(default)]
    pub pagination: bool,
    #[serde(default = "default_empty_text")]
    pub empty_text: String,
    /// Items per row on desktop (tablet shows at most 2, mobile 1).
    #[serde(default = "default_gallery_columns")]
    pub columns: u8,
}

fn default_empty_text() -> String {
    "Nothing here yet.".into()
}

/// Third-party content in a sandboxed frame: markup of its own, or an https address.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Embed {
    pub html: Option<String>,
    pub url: Option<String>,
    pub title: String,
    #[serde(default = "default_embed_height")]
    pub height: u32,
}

fn default_embed_height() -> u32 {
    300
}

fn rich_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let html = String::deserialize(d)?;
    Ok(sanitize_rich_text(&html))
}

/// Keeps the rich text subset: structure, emphasis and safe links.
pub fn sanitize_rich_text(html: &str) -> String {
    ammonia::Builder::default()
        .tags(HashSet::from([
            "p",
            "br",
            "strong",
            "b",
            "em",
            "i",
            "u",
            "s",
            "a",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
            "h2",
            "h3",
            "h4",
            "span",
        ]))
        .link_rel(Some("noopener"))
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .clean(html)
        .to_string()
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

    fn check(&self) -> Result<(), DocumentError> {
        if self.schema_version != SCHEMA_VERSION {
            return Err(bad(
                "schemaVersion",
                format!("this server reads schema version {SCHEMA_VERSION}"),
            ));
        }
        if self.pages.len() > MAX_PAGES {
            return Err(bad("pages", format!("at most {MAX_PAGES} pages")));
        }
        self.settings.check()?;
        check_theme(&self.theme)?;
        let mut ids = HashSet::new();
        let mut count = 0;
        let no_datasets = HashSet::new();
        for (i, e) in self.master.header.iter().enumerate() {
            e.check(
                &format!("master.header[{i}]"),
                &mut ids,
                &no_datasets,
                0,
                &mut count,
            )?;
        }
        for (i, e) in self.master.footer.iter().enumerate() {
            e.check(
                &format!("master.footer[{i}]"),
                &mut ids,
                &no_datasets,
                0,
                &mut count,
            )?;
        }
        let mut page_ids = HashSet::new();
        let mut paths = HashSet::new();
        for (i, page) in self.pages.iter().enumerate() {
            let at = format!("pages[{i}]");
            check_id(&format!("{at}.id"), &page.id)?;
            if !page_ids.insert(page.id.as_str()) {
                return Err(bad(
                    format!("{at}.id"),
                    format!("page id {:?} is used twice", page.id),
                ));
            }
            page.check(&at)?;
            if !paths.insert(route_key(&page.path)) {
                return Err(bad(
                    format!("{at}.path"),
                    format!("another page has the path {}", page.path),
                ));
            }
            let datasets: HashSet<&str> = page.datasets.iter().map(|d| d.id.as_str()).collect();
            for (j, e) in page.sections.iter().enumerate() {
                e.check(
                    &format!("{at}.sections[{j}]"),
                    &mut ids,
                    &datasets,
                    0,
                    &mut count,
                )?;
            }
        }
        if count > MAX_ELEMENTS {
            return Err(bad(
                "pages",
                format!("at most {MAX_ELEMENTS} elements in a document"),
            ));
        }
        if let Some(id) = &self.settings.not_found_page
            && self.page(id).is_none()
        {
            return Err(bad(
                "settings.notFoundPage",
                format!("no page has the id {id:?}"),
            ));
        }
        Ok(())
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

/// Static paths compare as written; dynamic ones by their shape (`/blog/{}`).
fn route_key(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

fn check_id(at: &str, id: &str) -> Result<(), DocumentError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(bad(at, "use 1 to 64 letters, digits, '-' or '_'"))
    }
}

fn check_token_name(at: &str, name: &str) -> Result<(), DocumentError> {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(bad(at, "use 1 to 40 lower-case letters, digits or '-'"))
    }
}

/// An address a page may point a visitor to.
pub fn check_href(at: &str, href: &str) -> Result<(), DocumentError> {
    let ok = href.starts_with('/') && !href.starts_with("//")
        || href.starts_with('#')
        || href.starts_with("https://")
        || href.starts_with("http://")
        || href.starts_with("mailto:")
        || href.starts_with("tel:");
    if ok && href.len() <= 2000 && !href.chars().any(unsafe_in_address) {
        Ok(())
    } else {
        Err(bad(
            at,
            "use a /path, #anchor, http(s)://, mailto: or tel: address",
        ))
    }
}

/// Characters that would let an address escape its attribute or CSS string.
fn unsafe_in_address(c: char) -> bool {
    c.is_control() || c.is_whitespace() || matches!(c, '"' | '\\' | '<' | '>' | '\'')
}

/// An address an image or frame may load from.
pub fn check_src(at: &str, src: &str) -> Result<(), DocumentError> {
    let ok = (src.starts_with('/') && !src.starts_with("//"))
        || src.starts_with("https://")
        || src.starts_with("http://");
    if ok && src.len() <= 2000 && !src.chars().any(unsafe_in_address) {
        Ok(())
    } else {
        Err(bad(at, "use a /path or an http(s):// address"))
    }
}

impl Settings {
    fn check(&self) -> Result<(), DocumentError> {
        let lang_ok = !self.language.is_empty()
            && self.language.len() <= 20
            && self
                .language
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !lang_ok {
            return Err(bad(
                "settings.language",
                "use a language tag such as en or pt-BR",
            ));
        }
        for (name, src) in [
            ("favicon", &self.favicon),
            ("socialImage", &self.social_image),
        ] {
            if let Some(src) = src {
                check_src(&format!("settings.{name}"), src)?;
            }
        }
        if let Some(robots) = &self.robots_txt
            && robots.len() > 64 * 1024
        {
            return Err(bad("settings.robotsTxt", "at most 64 KB"));
        }
        for (i, r) in self.redirects.iter().enumerate() {
            let at = format!("settings.redirects[{i}]");
            if !r.from.starts_with('/') || r.from.starts_with("//") || r.from.contains(['?', '#']) {
                return Err(bad(format!("{at}.from"), "use a path such as /old-page"));
            }
            check_href(&format!("{at}.to"), &r.to)?;
        }
        if let Some(org) = &self.organization {
            if let Some(logo) = &org.logo {
                check_src("settings.organization.logo", logo)?;
            }
            for (i, url) in org.same_as.iter().enumerate() {
                check_href(&format!("settings.organization.sameAs[{i}]"), url)?;
            }
        }
        Ok(())
    }
}

fn check_theme(theme: &Theme) -> Result<(), DocumentError> {
    for (name, value) in &theme.colors {
        check_token_name(&format!("theme.colors.{name}"), name)?;
        check_css_value(&format!("theme.colors.{name}"), value)?;
    }
    for (name, value) in &theme.fonts {
        check_token_name(&format!("theme.fonts.{name}"), name)?;
        check_css_value(&format!("theme.fonts.{name}"), value)?;
    }
    for (name, style) in &theme.text_styles {
        check_token_name(&format!("theme.textStyles.{name}"), name)?;
        for (prop, value) in style.properties() {
            check_css_value(&format!("theme.textStyles.{name}.{prop}"), value)?;
        }
    }
    Ok(())
}

impl Page {
    fn check(&self, at: &str) -> Result<(), DocumentError> {
        if self.title.trim().is_empty() || self.title.len() > 200 {
            return Err(bad(format!("{at}.title"), "use 1 to 200 characters"));
        }
        let placeholder = check_path(&format!("{at}.path"), &self.path)?;
        match (&self.dynamic, placeholder) {
            (Some(d), Some(name)) if d.field == name => {}
            (Some(d), Some(_)) => {
                return Err(bad(
                    format!("{at}.path"),
                    format!(
                        "the placeholder must name the dynamic field {{{}}}",
                        d.field
                    ),
                ));
            }
            (Some(_), None) => {
                return Err(bad(
                    format!("{at}.path"),
                    "a dynamic page's path needs a {field} placeholder",
                ));
            }
            (None, Some(_)) => {
                return Err(bad(
                    format!("{at}.dynamic"),
                    "a path with a placeholder needs a dynamic collection",
                ));
            }
            (None, None) => {}
        }
        if let Some(image) = &self.seo.image
            && !image.contains('{')
        {
            check_src(&format!("{at}.seo.image"), image)?;
        }
        if let Visibility::Roles(roles) = &self.visibility
            && roles.is_empty()
        {
            return Err(bad(
                format!("{at}.visibility.roles"),
                "name at least one role",
            ));
        }
        let mut seen = HashSet::new();
        for (i, d) in self.datasets.iter().enumerate() {
            let dat = format!("{at}.datasets[{i}]");
            check_id(&format!("{dat}.id"), &d.id)?;
            if !seen.insert(d.id.as_str()) {
                return Err(bad(
                    format!("{dat}.id"),
                    format!("dataset id {:?} is used twice", d.id),
                ));
            }
            if d.collection.is_empty() {
                return Err(bad(format!("{dat}.collection"), "name a collection"));
            }
            if !d.filter.is_object() {
                return Err(bad(format!("{dat}.filter"), "use a filter object"));
            }
            if !d.sort.is_array() {
                return Err(bad(
                    format!("{dat}.sort"),
                    "use an array of {fieldName, order}",
                ));
            }
            if d.page_size == 0 || d.page_size > MAX_PAGE_SIZE {
                return Err(bad(
                    format!("{dat}.pageSize"),
                    format!("use 1 to {MAX_PAGE_SIZE}"),
                ));
            }
        }
        Ok(())
    }
}

/// Checks a page path; returns the placeholder's name on a dynamic path.
fn check_path(at: &str, path: &str) -> Result<Option<String>, DocumentError> {
    if path == "/" {
        return Ok(None);
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(bad(at, "start the path with /"));
    };
    let mut placeholder = None;
    for segment in rest.split('/') {
        if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if placeholder.is_some() {
                return Err(bad(at, "use at most one {field} placeholder"));
            }
            placeholder = Some(name.to_string());
            continue;
        }
        let ok = !segment.is_empty()
            && segment.chars().all(|c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.')
            });
        if !ok || segment.starts_with('_') {
            return Err(bad(
                at,
                "use lower-case segments of letters, digits, '-', '_' or '.' (not starting with '_')",
            ));
        }
    }
    Ok(placeholder)
}

/// CSS properties an element style may set (camelCase, as the editor writes them).
const STYLE_PROPERTIES: &[&str] = &[
    "alignItems",
    "alignSelf",
    "aspectRatio",
    "background",
    "backgroundColor",
    "backgroundImage",
    "backgroundPosition",
    "backgroundSize",
    "border",
    "borderBottom",
    "borderColor",
    "borderLeft",
    "borderRadius",
    "borderRight",
    "borderTop",
    "borderWidth",
    "boxShadow",
    "color",
    "columnGap",
    "display",
    "flex",
    "flexDirection",
    "flexWrap",
    "fontFamily",
    "fontSize",
    "fontStyle",
    "fontWeight",
    "gap",
    "gridColumn",
    "gridTemplateColumns",
    "height",
    "justifyContent",
    "letterSpacing",
    "lineHeight",
    "margin",
    "marginBottom",
    "marginLeft",
    "marginRight",
    "marginTop",
    "maxHeight",
    "maxWidth",
    "minHeight",
    "minWidth",
    "objectFit",
    "opacity",
    "order",
    "overflow",
    "padding",
    "paddingBottom",
    "paddingLeft",
    "paddingRight",
    "paddingTop",
    "rowGap",
    "textAlign",
    "textDecoration",
    "textTransform",
    "width",
];

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

/// A value safe to place in a declaration: it cannot end the rule or start another, and
/// `url(…)` only loads from https or the site itself.
fn check_css_value(at: &str, value: &str) -> Result<(), DocumentError> {
    let lower = value.to_ascii_lowercase();
    let bad_char = value
        .chars()
        .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>' | '\\' | '@') || c.is_control());
    let urls_ok = lower.match_indices("url(").all(|(i, _)| {
        let rest = lower[i + 4..].trim_start_matches(['"', '\'', ' ']);
        rest.starts_with("https://") || (rest.starts_with('/') && !rest.starts_with("//"))
    });
    if value.trim().is_empty()
        || value.len() > 300
        || bad_char
        || lower.contains("/*")
        || lower.contains("expression")
        || !urls_ok
    {
        return Err(bad(at, "not an allowed CSS value"));
    }
    Ok(())
}

fn check_style(at: &str, style: &Style) -> Result<(), DocumentError> {
    for (name, value) in style {
        if STYLE_PROPERTIES.binary_search(&name.as_str()).is_err() {
            return Err(bad(
                format!("{at}.{name}"),
                "not a style property an element may set",
            ));
        }
        check_css_value(&format!("{at}.{name}"), value)?;
    }
    Ok(())
}

impl Element {
    fn check(
        &self,
        at: &str,
        ids: &mut HashSet<String>,
        datasets: &HashSet<&str>,
        depth: usize,
        count: &mut usize,
    ) -> Result<(), DocumentError> {
        *count += 1;
        if depth > MAX_DEPTH {
            return Err(bad(at, format!("elements nest at most {MAX_DEPTH} deep")));
        }
        check_id(&format!("{at}.id"), &self.id)?;
        if !ids.insert(self.id.clone()) {
            return Err(bad(
                format!("{at}.id"),
                format!("element id {:?} is used twice", self.id),
            ));
        }
        check_style(&format!("{at}.style"), &self.style)?;
        check_style(&format!("{at}.responsive.tablet.style"), &self.tablet.style)?;
        check_style(&format!("{at}.responsive.mobile.style"), &self.mobile.style)?;
        if let Some(name) = &self.text_style {
            check_token_name(&format!("{at}.textStyle"), name)?;
        }
        if !self.children.is_empty() && !self.kind.holds_children() {
            return Err(bad(
                format!("{at}.children"),
                format!("a {} element holds no children", self.kind.name()),
            ));
        }
        for (prop, binding) in &self.bind {
            if !self.kind.bindable().contains(&prop.as_str()) {
                return Err(bad(
                    format!("{at}.bind.{prop}"),
                    format!("a {} element cannot bind {prop:?}", self.kind.name()),
                ));
            }
            if binding.field.is_empty() {
                return Err(bad(format!("{at}.bind.{prop}.field"), "name a field"));
            }
            if let Some(d) = &binding.dataset
                && !datasets.contains(d.as_str())
            {
                return Err(bad(
                    format!("{at}.bind.{prop}.dataset"),
                    format!("the page has no dataset {d:?}"),
                ));
            }
        }
        self.check_props(&format!("{at}.props"), datasets)?;
        for (i, child) in self.children.iter().enumerate() {
            child.check(
                &format!("{at}.children[{i}]"),
                ids,
                datasets,
                depth + 1,
                count,
            )?;
        }
        Ok(())
    }

    fn check_props(&self, at: &str, datasets: &HashSet<&str>) -> Result<(), DocumentError> {
        let text = |name: &str, s: &str, max: usize| {
            if s.len() > max {
                Err(bad(format!("{at}.{name}"), format!("at most {max} bytes")))
            } else {
                Ok(())
            }
        };
        match &self.kind {
            Kind::Section(b) | Kind::Container(b) => {
                if let Some(src) = &b.background_image {
                    check_src(&format!("{at}.backgroundImage"), src)?;
                }
            }
            Kind::Columns(c) => {
                if c.widths.len() > 12 || c.widths.iter().any(|w| *w == 0 || *w > 100) {
                    return Err(bad(
                        format!("{at}.widths"),
                        "use up to 12 widths from 1 to 100",
                    ));
                }
            }
            Kind::Text(t) => text("html", &t.html, 100_000)?,
            Kind::Heading(h) => {
                if !(1..=6).contains(&h.level) {
                    return Err(bad(format!("{at}.level"), "use a level from 1 to 6"));
                }
                text("text", &h.text, 1000)?;
            }
            Kind::Image(i) => {
                if !self.bind.contains_key("src") {
                    check_src(&format!("{at}.src"), &i.src)?;
                }
                check_size(at, i.width, i.height)?;
                if let Some(link) = &i.link {
                    check_href(&format!("{at}.link.href"), &link.href)?;
                }
            }
            Kind::Gallery(g) => {
                if !(1..=6).contains(&g.columns) {
                    return Err(bad(format!("{at}.columns"), "use 1 to 6 columns"));
                }
                if g.images.len() > 200 {
                    return Err(bad(format!("{at}.images"), "at most 200 images"));
                }
                for (i, img) in g.images.iter().enumerate() {
                    check_src(&format!("{at}.images[{i}].src"), &img.src)?;
                    check_size(&format!("{at}.images[{i}]"), img.width, img.height)?;
                }
            }
            Kind::Video(v) => {
                if !self.bind.contains_key("url") {
                    check_src(&format!("{at}.url"), &v.url)?;
                }
                if v.title.trim().is_empty() {
                    return Err(bad(format!("{at}.title"), "give the video a title"));
                }
            }
            Kind::Button(b) => {
                if !self.bind.contains_key("href") {
                    check_href(&format!("{at}.link.href"), &b.link.href)?;
                }
            }
            Kind::Link(l) => {
                if !self.bind.contains_key("href") {
                    check_href(&format!("{at}.link.href"), &l.link.href)?;
                }
            }
            Kind::Divider(_) => {}
            Kind::Spacer(s) => {
                if s.height > 2000 {
                    return Err(bad(format!("{at}.height"), "at most 2000"));
                }
            }
            Kind::Menu(m) => {
                for (i, item) in m.items.iter().flatten().enumerate() {
                    check_href(&format!("{at}.items[{i}].link.href"), &item.link.href)?;
                }
            }
            Kind::SocialLinks(s) => {
                for (i, link) in s.links.iter().enumerate() {
                    check_href(&format!("{at}.links[{i}].url"), &link.url)?;
                }
            }
            Kind::Form(f) => {
                if f.collection.is_empty() {
                    return Err(bad(
                        format!("{at}.collection"),
                        "name the collection submissions go to",
                    ));
                }
                if f.fields.is_empty() || f.fields.len() > 50 {
                    return Err(bad(format!("{at}.fields"), "use 1 to 50 fields"));
                }
                let mut names = HashSet::new();
                for (i, field) in f.fields.iter().enumerate() {
                    let fat = format!("{at}.fields[{i}]");
                    let ok = !field.name.is_empty()
                        && field.name.len() <= 64
                        && !field.name.starts_with('_')
                        && field
                            .name
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if !ok {
                        return Err(bad(
                            format!("{fat}.name"),
                            "use letters, digits and '_' (not first)",
                        ));
                    }
                    if !names.insert(field.name.as_str()) {
                        return Err(bad(
                            format!("{fat}.name"),
                            format!("{:?} is used twice", field.name),
                        ));
                    }
                    if field.input == InputType::Select && field.options.is_empty() {
                        return Err(bad(format!("{fat}.options"), "a select needs options"));
                    }
                    if field.max_length.is_some_and(|m| m == 0 || m > 5000) {
                        return Err(bad(format!("{fat}.maxLength"), "use 1 to 5000"));
                    }
                }
            }
            Kind::Repeater(r) => {
                if !datasets.contains(r.dataset.as_str()) {
                    return Err(bad(
                        format!("{at}.dataset"),
                        format!("the page has no dataset {:?}", r.dataset),
                    ));
                }
                if !(1..=6).contains(&r.columns) {
                    return Err(bad(format!("{at}.columns"), "use 1 to 6 columns"));
                }
            }
            Kind::Embed(e) => {
                match (&e.html, &e.url) {
                    (Some(html), None) => text("html", html, 100_000)?,
                    (None, Some(url)) => {
                        if !url.starts_with("https://") {
                            return Err(bad(format!("{at}.url"), "use an https:// address"));
                        }
                        check_src(&format!("{at}.url"), url)?;
                    }
                    _ => return Err(bad(at, "give either html or url")),
                }
                if e.height == 0 || e.height > 4000 {
                    return Err(bad(format!("{at}.height"), "use 1 to 4000"));
                }
            }
        }
        Ok(())
    }
}

fn check_size(at: &str, width: u32, height: u32) -> Result<(), DocumentError> {
    if width == 0 || height == 0 || width > 20_000 || height > 20_000 {
        return Err(bad(
            format!("{at}.width"),
            "give width and height from 1 to 20000 pixels",
        ));
    }
    Ok(())
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
