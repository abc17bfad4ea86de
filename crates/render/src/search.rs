//! What the site search indexes of a published document: each page's words as a visitor
//! reads them (headings, text, buttons, links, images' alternatives), without markup.

use crate::{
    Site,
    document::{Element, Kind, Page},
};

/// A page as the site search sees it.
#[derive(Clone, Debug)]
pub struct PageText<'a> {
    pub page: &'a Page,
    pub title: String,
    pub description: String,
    pub body: String,
}

impl Site {
    /// The pages a visitor could search for: static pages that search engines may index
    /// (dynamic pages are found through their items). Members-only pages are included:
    /// the caller keeps them from those who may not see them (`Page::visibility`).
    pub fn searchable_pages(&self) -> Vec<PageText<'_>> {
        self.doc
            .pages
            .iter()
            .filter(|p| p.dynamic.is_none() && !p.seo.no_index)
            .filter(|p| self.doc.settings.not_found_page.as_deref() != Some(p.id.as_str()))
            .map(|page| {
                let mut body = String::new();
                for e in &page.sections {
                    element_text(e, &mut body);
                }
                PageText {
                    page,
                    title: page.seo.title.clone().unwrap_or_else(|| page.title.clone()),
                    description: page.seo.description.clone().unwrap_or_default(),
                    body: body.trim().to_string(),
                }
            })
            .collect()
    }
}

fn element_text(e: &Element, out: &mut String) {
    if e.hidden {
        return;
    }
    let text = match &e.kind {
        Kind::Heading(h) => h.text.clone(),
        Kind::Text(t) => plain_text(&t.html),
        Kind::Button(b) => b.label.clone(),
        Kind::Link(l) => l.text.clone(),
        Kind::Image(i) => i.alt.clone(),
        _ => String::new(),
    };
    if !text.is_empty() {
        out.push_str(&text);
        out.push('\n');
    }
    for c in &e.children {
        element_text(c, out);
    }
}

/// Rich text (the sanitized subset) as plain text: tags become spaces, entities characters.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            out.push(' ');
            rest = &rest[end..];
        } else {
            let end = rest.find(';').filter(|e| *e <= 8);
            let entity = end.map(|e| &rest[1..e]);
            let c = match entity {
                Some("amp") => Some('&'),
                Some("lt") => Some('<'),
                Some("gt") => Some('>'),
                Some("quot") => Some('"'),
                Some("#39" | "apos") => Some('\''),
                Some("nbsp") => Some(' '),
                Some(n) => n
                    .strip_prefix('#')
                    .and_then(|d| d.parse::<u32>().ok())
                    .and_then(char::from_u32),
                None => None,
            };
            match (c, end) {
                (Some(c), Some(e)) => {
                    out.push(c);
                    rest = &rest[e + 1..];
                }
                _ => {
                    out.push('&');
                    rest = &rest[1..];
                }
            }
        }
    }
    out.push_str(rest);
    let words: Vec<&str> = out.split_whitespace().collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn rich_text_becomes_words() {
        assert_eq!(
            plain_text("<p>Fish &amp; chips</p><ul><li>caf&#233;</li></ul> &bogus"),
            "Fish & chips café &bogus"
        );
    }
}
