//! The element types (`Kind`), the properties (`props`) each one takes, and the rich text
//! a text element may hold.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::{Map, Value};

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
    CartIcon(CartIcon),
    // Inputs and the elements page code drives (web/site-runtime/README.md, section 3).
    TextInput(TextInput),
    TextBox(TextBox),
    Dropdown(Dropdown),
    Checkbox(Checkbox),
    CheckboxGroup(CheckboxGroup),
    RadioGroup(RadioGroup),
    Switch(Switch),
    Slider(Slider),
    DatePicker(DatePicker),
    MultiStateBox(Empty),
    State(Empty),
    ProgressBar(ProgressBar),
    Rating(Rating),
    Pagination(Pagination),
    SearchBox(SearchBox),
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
button, link, divider, spacer, menu, socialLinks, form, repeater, embed, cartIcon, textInput, \
textBox, dropdown, checkbox, checkboxGroup, radioGroup, switch, slider, datePicker, multiStateBox, \
state, progressBar, rating, pagination, searchBox";

impl Kind {
    pub(super) fn parse(kind: &str, p: Map<String, Value>) -> Result<Self, String> {
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
            "cartIcon" => Self::CartIcon(props(p)?),
            "textInput" => Self::TextInput(props(p)?),
            "textBox" => Self::TextBox(props(p)?),
            "dropdown" => Self::Dropdown(props(p)?),
            "checkbox" => Self::Checkbox(props(p)?),
            "checkboxGroup" => Self::CheckboxGroup(props(p)?),
            "radioGroup" => Self::RadioGroup(props(p)?),
            "switch" => Self::Switch(props(p)?),
            "slider" => Self::Slider(props(p)?),
            "datePicker" => Self::DatePicker(props(p)?),
            "multiStateBox" => Self::MultiStateBox(props(p)?),
            "state" => Self::State(props(p)?),
            "progressBar" => Self::ProgressBar(props(p)?),
            "rating" => Self::Rating(props(p)?),
            "pagination" => Self::Pagination(props(p)?),
            "searchBox" => Self::SearchBox(props(p)?),
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
            Self::CartIcon(_) => "cartIcon",
            Self::TextInput(_) => "textInput",
            Self::TextBox(_) => "textBox",
            Self::Dropdown(_) => "dropdown",
            Self::Checkbox(_) => "checkbox",
            Self::CheckboxGroup(_) => "checkboxGroup",
            Self::RadioGroup(_) => "radioGroup",
            Self::Switch(_) => "switch",
            Self::Slider(_) => "slider",
            Self::DatePicker(_) => "datePicker",
            Self::MultiStateBox(_) => "multiStateBox",
            Self::State(_) => "state",
            Self::ProgressBar(_) => "progressBar",
            Self::Rating(_) => "rating",
            Self::Pagination(_) => "pagination",
            Self::SearchBox(_) => "searchBox",
        }
    }

    pub(super) fn holds_children(&self) -> bool {
        matches!(
            self,
            Self::Section(_)
                | Self::Container(_)
                | Self::Columns(_)
                | Self::Repeater(_)
                | Self::MultiStateBox(_)
                | Self::State(_)
        )
    }

    /// The properties an item field may fill.
    pub(super) fn bindable(&self) -> &'static [&'static str] {
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
    /// Shown at exactly `width` × `height`'s proportions, the picture cropped to fit: bound
    /// pictures (a product's photo) then take the space the page kept for them.
    #[serde(default)]
    pub crop: bool,
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

/// A link to the store's cart page with the number of items in the visitor's cart, which the
/// page's script fills in (pages are the same for every visitor).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CartIcon {
    #[serde(default = "default_cart_label")]
    pub label: String,
}

fn default_cart_label() -> String {
    "Cart".into()
}

// Inputs: controls for page code to read and drive. They sit in no form, so they submit
// nothing by themselves (forms are `Form`).

/// A one-line text field (`<input>`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TextInput {
    /// Shown above the field; without one the placeholder names it.
    #[serde(default)]
    pub label: String,
    pub placeholder: Option<String>,
    /// `text` (default), `email`, `number`, `tel`, `url` or `password`.
    #[serde(default)]
    pub input_type: TextInputType,
    #[serde(default)]
    pub required: bool,
    /// What the field holds when the page opens.
    pub value: Option<String>,
    /// Longest accepted text; at most 5000.
    pub max_length: Option<u32>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TextInputType {
    #[default]
    Text,
    Email,
    Number,
    Tel,
    Url,
    Password,
}

impl TextInputType {
    pub fn html_type(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Email => "email",
            Self::Number => "number",
            Self::Tel => "tel",
            Self::Url => "url",
            Self::Password => "password",
        }
    }
}

/// A multi-line text field (`<textarea>`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TextBox {
    #[serde(default)]
    pub label: String,
    pub placeholder: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub value: Option<String>,
    pub max_length: Option<u32>,
}

/// One choice of a dropdown, checkbox group or radio group.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Choice {
    pub label: String,
    /// What page code reads when it is chosen; by default the label.
    pub value: Option<String>,
}

impl Choice {
    pub fn value(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.label)
    }
}

/// A `<select>`; page code often sets its options itself, so it may start with none.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Dropdown {
    #[serde(default)]
    pub label: String,
    /// Shown while nothing is chosen: the empty first option, never one of `options`.
    pub placeholder: Option<String>,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// The chosen option's value.
    pub value: Option<String>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Checkbox {
    pub label: String,
    #[serde(default)]
    pub checked: bool,
    #[serde(default)]
    pub required: bool,
    /// What page code reads as its `value`; `on` by default, as browsers say.
    pub value: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CheckboxGroup {
    /// The group's name (its `<legend>`).
    pub label: String,
    #[serde(default)]
    pub options: Vec<Choice>,
    /// The values checked when the page opens.
    #[serde(default)]
    pub value: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RadioGroup {
    pub label: String,
    #[serde(default)]
    pub options: Vec<Choice>,
    pub value: Option<String>,
    #[serde(default)]
    pub required: bool,
}

/// An on/off toggle: a checkbox announced as a switch.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Switch {
    pub label: String,
    #[serde(default)]
    pub checked: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Slider {
    pub label: String,
    #[serde(default)]
    pub min: f64,
    #[serde(default = "default_slider_max")]
    pub max: f64,
    #[serde(default = "default_slider_step")]
    pub step: f64,
    /// By default `min`.
    pub value: Option<f64>,
}

fn default_slider_max() -> f64 {
    100.0
}

fn default_slider_step() -> f64 {
    1.0
}

/// `<input type="date">`; dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DatePicker {
    pub label: String,
    pub value: Option<String>,
    pub min: Option<String>,
    pub max: Option<String>,
    #[serde(default)]
    pub required: bool,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ProgressBar {
    pub label: String,
    #[serde(default)]
    pub value: f64,
    /// The value that is 100 %.
    #[serde(default = "default_slider_max")]
    pub target_value: f64,
}

/// Stars out of five, with the number of ratings.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Rating {
    /// From 0 to 5, halves and tenths allowed.
    pub rating: f64,
    pub num_ratings: Option<u32>,
}

/// Page numbers for page code to move through (`onChange`, `currentPage`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Pagination {
    pub total_pages: u32,
    #[serde(default = "default_current_page")]
    pub current_page: u32,
}

fn default_current_page() -> u32 {
    1
}

/// A form that sends its words to the site's search results page (`/search?q=`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SearchBox {
    /// What the field is called for screen readers, and the button's text.
    #[serde(default = "default_search_label")]
    pub label: String,
    #[serde(default)]
    pub placeholder: String,
}

fn default_search_label() -> String {
    "Search".into()
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
