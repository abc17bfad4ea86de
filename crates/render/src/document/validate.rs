//! The rules a document must meet beyond its shape: ids unique and well formed, paths,
//! addresses, CSS values and each element's properties within bounds, and the limits that
//! keep one document renderable in a few milliseconds.

use std::collections::HashSet;

use super::{
    Choice, Document, DocumentError, Element, InputType, Kind, Page, SCHEMA_VERSION, Settings,
    Style, Theme, Visibility, bad,
};

/// Limits that keep one document renderable in a few milliseconds.
pub const MAX_PAGES: usize = 500;
pub const MAX_ELEMENTS: usize = 20_000;
pub const MAX_DEPTH: usize = 24;
pub const MAX_PAGE_SIZE: u32 = 100;

impl Document {
    pub(super) fn check(&self) -> Result<(), DocumentError> {
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
                None,
                &mut ids,
                &no_datasets,
                0,
                &mut count,
            )?;
        }
        for (i, e) in self.master.footer.iter().enumerate() {
            e.check(
                &format!("master.footer[{i}]"),
                None,
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
                    None,
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
        || src.starts_with("http://")
        || crate::media::media_image(src).is_some();
    if ok && src.len() <= 2000 && !src.chars().any(unsafe_in_address) {
        Ok(())
    } else {
        Err(bad(
            at,
            "use a /path, an http(s):// address or a wix:image:// media address",
        ))
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
        if self.lightbox && (self.dynamic.is_some() || self.path == "/") {
            return Err(bad(
                format!("{at}.lightbox"),
                "a lightbox is neither the home page nor a dynamic page",
            ));
        }
        if let Some(router) = &self.router {
            let valid = !router.is_empty()
                && router.len() <= 100
                && router
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if !valid {
                return Err(bad(
                    format!("{at}.router"),
                    "a router's prefix is 1 to 100 letters, digits, '-' or '_'",
                ));
            }
            if self.lightbox || self.dynamic.is_some() {
                return Err(bad(
                    format!("{at}.router"),
                    "a router's page is neither a lightbox nor a dynamic page",
                ));
            }
            if !self.path.starts_with(&format!("/{router}/")) {
                return Err(bad(
                    format!("{at}.path"),
                    format!("a page of the router {router} has an address under /{router}/"),
                ));
            }
        }
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
        parent: Option<&Kind>,
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
        // A multi-state box holds states and nothing else; a state sits in nothing else.
        let in_box = matches!(parent, Some(Kind::MultiStateBox(_)));
        if matches!(self.kind, Kind::State(_)) != in_box {
            let message = if in_box {
                "a multiStateBox holds only state elements"
            } else {
                "a state belongs directly in a multiStateBox"
            };
            return Err(bad(format!("{at}.type"), message));
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
                Some(&self.kind),
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
            Kind::CartIcon(c) => {
                if c.label.trim().is_empty() {
                    return Err(bad(format!("{at}.label"), "give the cart a label"));
                }
                text("label", &c.label, 100)?;
            }
            Kind::TextInput(_)
            | Kind::TextBox(_)
            | Kind::Dropdown(_)
            | Kind::Checkbox(_)
            | Kind::CheckboxGroup(_)
            | Kind::RadioGroup(_)
            | Kind::Switch(_)
            | Kind::Slider(_)
            | Kind::DatePicker(_)
            | Kind::MultiStateBox(_)
            | Kind::State(_)
            | Kind::ProgressBar(_)
            | Kind::Rating(_)
            | Kind::Pagination(_) => self.check_input_props(at)?,
            Kind::SearchBox(b) => {
                if b.label.trim().is_empty() {
                    return Err(bad(format!("{at}.label"), "give the search box a label"));
                }
                text("label", &b.label, 100)?;
                text("placeholder", &b.placeholder, 100)?;
            }
        }
        Ok(())
    }

    /// The inputs and the other elements page code drives.
    fn check_input_props(&self, at: &str) -> Result<(), DocumentError> {
        let field = |name: &str| format!("{at}.{name}");
        let short = |name: &str, s: &str| {
            if s.len() > 200 {
                Err(bad(field(name), "at most 200 bytes"))
            } else {
                Ok(())
            }
        };
        // Every control needs an accessible name: its label, else (for text fields) its
        // placeholder.
        let named = |label: &str, placeholder: Option<&str>| {
            short("label", label)?;
            if let Some(p) = placeholder {
                short("placeholder", p)?;
            }
            if label.trim().is_empty() && placeholder.is_none_or(|p| p.trim().is_empty()) {
                let also = if placeholder.is_some() {
                    " (or a placeholder)"
                } else {
                    ""
                };
                return Err(bad(
                    field("label"),
                    format!("give it a label{also}: it is how the field is announced"),
                ));
            }
            Ok(())
        };
        let text_value = |value: Option<&String>, max_length: Option<u32>| {
            if max_length.is_some_and(|m| m == 0 || m > 5000) {
                return Err(bad(field("maxLength"), "use 1 to 5000"));
            }
            if let Some(v) = value
                && v.chars().count() > max_length.unwrap_or(5000) as usize
            {
                return Err(bad(field("value"), "longer than maxLength"));
            }
            Ok(())
        };
        match &self.kind {
            Kind::TextInput(t) => {
                named(&t.label, Some(t.placeholder.as_deref().unwrap_or_default()))?;
                text_value(t.value.as_ref(), t.max_length)?;
            }
            Kind::TextBox(t) => {
                named(&t.label, Some(t.placeholder.as_deref().unwrap_or_default()))?;
                text_value(t.value.as_ref(), t.max_length)?;
            }
            Kind::Dropdown(d) => {
                named(&d.label, Some(d.placeholder.as_deref().unwrap_or_default()))?;
                check_choices(at, &d.options, d.value.iter())?;
                // The empty value is the placeholder's.
                if let Some(i) = d.options.iter().position(|c| c.value().is_empty()) {
                    return Err(bad(
                        format!("{at}.options[{i}].value"),
                        "give the option a value",
                    ));
                }
            }
            Kind::Checkbox(c) => {
                named(&c.label, None)?;
                if c.value
                    .as_ref()
                    .is_some_and(|v| v.is_empty() || v.len() > 200)
                {
                    return Err(bad(field("value"), "use 1 to 200 bytes"));
                }
            }
            Kind::CheckboxGroup(g) => {
                named(&g.label, None)?;
                check_choices(at, &g.options, g.value.iter())?;
            }
            Kind::RadioGroup(g) => {
                named(&g.label, None)?;
                check_choices(at, &g.options, g.value.iter())?;
            }
            Kind::Switch(s) => named(&s.label, None)?,
            Kind::Slider(s) => {
                named(&s.label, None)?;
                if s.min >= s.max {
                    return Err(bad(field("max"), "use a max above min"));
                }
                if s.step <= 0.0 || s.step > s.max - s.min {
                    return Err(bad(
                        field("step"),
                        "use a step above 0 and at most max - min",
                    ));
                }
                if s.value.is_some_and(|v| v < s.min || v > s.max) {
                    return Err(bad(field("value"), "use a value from min to max"));
                }
            }
            Kind::DatePicker(d) => {
                named(&d.label, None)?;
                for (name, date) in [("value", &d.value), ("min", &d.min), ("max", &d.max)] {
                    if let Some(date) = date
                        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
                    {
                        return Err(bad(field(name), "use a date as YYYY-MM-DD"));
                    }
                }
                // Written as YYYY-MM-DD, dates compare as text.
                if let (Some(min), Some(max)) = (&d.min, &d.max)
                    && min > max
                {
                    return Err(bad(field("max"), "use a max on or after min"));
                }
            }
            Kind::MultiStateBox(_) if self.children.is_empty() => {
                let element = at.strip_suffix(".props").unwrap_or(at);
                return Err(bad(
                    format!("{element}.children"),
                    "a multiStateBox needs at least one state",
                ));
            }
            Kind::ProgressBar(p) => {
                named(&p.label, None)?;
                if p.target_value <= 0.0 {
                    return Err(bad(field("targetValue"), "use a target above 0"));
                }
                if p.value < 0.0 || p.value > p.target_value {
                    return Err(bad(field("value"), "use a value from 0 to targetValue"));
                }
            }
            Kind::Rating(r) if !(0.0..=5.0).contains(&r.rating) => {
                return Err(bad(field("rating"), "use a rating from 0 to 5"));
            }
            Kind::Pagination(p) => {
                if p.total_pages == 0 || p.total_pages > 10_000 {
                    return Err(bad(field("totalPages"), "use 1 to 10000"));
                }
                if p.current_page == 0 || p.current_page > p.total_pages {
                    return Err(bad(field("currentPage"), "use 1 to totalPages"));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Choices of a dropdown or group: labelled, each value once, and the chosen ones among them.
fn check_choices<'v>(
    at: &str,
    options: &[Choice],
    chosen: impl Iterator<Item = &'v String>,
) -> Result<(), DocumentError> {
    if options.len() > 200 {
        return Err(bad(format!("{at}.options"), "at most 200 options"));
    }
    let mut values = HashSet::new();
    for (i, c) in options.iter().enumerate() {
        if c.label.trim().is_empty() || c.label.len() > 200 {
            return Err(bad(
                format!("{at}.options[{i}].label"),
                "use 1 to 200 bytes",
            ));
        }
        if c.value().len() > 200 {
            return Err(bad(format!("{at}.options[{i}].value"), "at most 200 bytes"));
        }
        if !values.insert(c.value()) {
            return Err(bad(
                format!("{at}.options[{i}].value"),
                format!("{:?} is used twice", c.value()),
            ));
        }
    }
    for v in chosen {
        if !values.contains(v.as_str()) {
            return Err(bad(
                format!("{at}.value"),
                format!("{v:?} is not one of the options' values"),
            ));
        }
    }
    Ok(())
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
