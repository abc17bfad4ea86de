//! SVGs are documents a browser runs when opened from the media host: one with script, HTML,
//! entity declarations or references to other files is refused. Parsed as XML (quick-xml),
//! every element and attribute looked at; what is refused is named in the message.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{Namespace, ResolveResult};
use quick_xml::reader::NsReader;

use super::Refusal;

const XHTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
/// Deeper than any drawing needs; keeps pathological files cheap.
const MAX_DEPTH: usize = 256;
/// Elements that run script, embed HTML or other documents, or listen to events.
const FORBIDDEN_ELEMENTS: &[(&str, &str)] = &[
    ("script", "a <script> element"),
    (
        "foreignobject",
        "a <foreignObject> element (HTML inside the SVG)",
    ),
    ("handler", "a <handler> element (script)"),
    ("listener", "a <listener> element (XML events)"),
    ("iframe", "an <iframe> element"),
    ("embed", "an <embed> element"),
    ("object", "an <object> element"),
];
/// Raster images an `<image>` may carry inline; an SVG in a data URL could carry script.
const INLINE_IMAGES: &[&str] = &[
    "data:image/png",
    "data:image/jpeg",
    "data:image/jpg",
    "data:image/gif",
    "data:image/webp",
    "data:image/avif",
];

/// The size an SVG declares, from `width`/`height` in pixels or else its `viewBox`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SvgInfo {
    pub width: Option<u32>,
    pub height: Option<u32>,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal::new("svg", message)
}

/// Whether the text is an `<svg` root after an optional BOM, XML declaration, comments and
/// DOCTYPE: how SVG is told apart, having no magic number.
pub(super) fn has_svg_root(bytes: &[u8]) -> bool {
    let mut rest = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    loop {
        rest = rest.trim_ascii_start();
        let skipped = if rest.starts_with(b"<?") {
            after(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            after(rest, b"-->")
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            // An internal subset may hold '>' inside its brackets.
            match (
                rest.iter().position(|&b| b == b'['),
                rest.iter().position(|&b| b == b'>'),
            ) {
                (Some(open), Some(close)) if open < close => {
                    after(rest, b"]").and_then(|r| after(r, b">"))
                }
                _ => after(rest, b">"),
            }
        } else {
            return rest.starts_with(b"<svg")
                && rest
                    .get(4)
                    .is_some_and(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/');
        };
        match skipped {
            Some(next) => rest = next,
            None => return false,
        }
    }
}

fn after<'a>(bytes: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    bytes
        .windows(end.len())
        .position(|w| w == end)
        .map(|at| &bytes[at + end.len()..])
}

/// Refuses an SVG that could run script or load anything when opened: `<script>`,
/// `<foreignObject>` and HTML elements, `on…` event attributes, `javascript:` and HTML data
/// URLs, references to other files (`<use>`, `<image>`, `url(…)`, `@import`), processing
/// instructions (`xml-stylesheet`), and a DOCTYPE that declares entities (billion laughs).
pub fn check_svg(bytes: &[u8]) -> Result<SvgInfo, Refusal> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| refuse("the SVG is not UTF-8 text"))?;
    let mut reader = NsReader::from_str(text);
    let mut depth = 0usize;
    let mut info = None;
    let mut style: Option<String> = None;
    loop {
        let (namespace, event) = reader
            .read_resolved_event()
            .map_err(|e| refuse(format!("the SVG is not well-formed XML: {e}")))?;
        match event {
            Event::Start(ref element) | Event::Empty(ref element) => {
                let name = check_element(&namespace, element)?;
                if depth == 0 {
                    if info.is_some() || name != "svg" {
                        return Err(refuse(format!(
                            "the root element is <{name}>, not a single <svg>"
                        )));
                    }
                    info = Some(declared_size(element)?);
                }
                if matches!(event, Event::Start(_)) {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(refuse(format!(
                            "elements are nested more than {MAX_DEPTH} deep"
                        )));
                    }
                    if name == "style" {
                        style = Some(String::new());
                    }
                }
            }
            Event::End(element) => {
                depth = depth.saturating_sub(1);
                if element.local_name().as_ref().eq_ignore_ascii_case("style")
                    && let Some(css) = style.take()
                {
                    check_css(&css, "a <style> element")?;
                }
            }
            Event::Text(text) => {
                if let Some(css) = style.as_mut() {
                    css.push_str(&text);
                }
            }
            Event::CData(data) => {
                if let Some(css) = style.as_mut() {
                    css.push_str(&data);
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.to_string();
                let resolved = match name.as_str() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "apos" => '\'',
                    "quot" => '"',
                    _ => reference.resolve_char_ref().ok().flatten().ok_or_else(|| {
                        refuse(format!("a reference to an undeclared entity &{name};"))
                    })?,
                };
                // `&#64;import` is an @import all the same.
                if let Some(css) = style.as_mut() {
                    css.push(resolved);
                }
            }
            Event::DocType(doctype) => {
                if doctype.contains('[') || doctype.contains("ENTITY") {
                    return Err(refuse(
                        "a DOCTYPE that declares entities (as in the 'billion laughs' attack)",
                    ));
                }
            }
            Event::PI(instruction) => {
                let target = instruction.split_whitespace().next().unwrap_or_default();
                return Err(refuse(format!("a processing instruction <?{target}?>")));
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    info.ok_or_else(|| refuse("no <svg> element"))
}

/// Checks an element and its attributes; its local name, lower case.
fn check_element(namespace: &ResolveResult, element: &BytesStart) -> Result<String, Refusal> {
    let name = element.local_name().as_ref().to_ascii_lowercase();
    if let Some((_, what)) = FORBIDDEN_ELEMENTS
        .iter()
        .find(|(forbidden, _)| *forbidden == name)
    {
        return Err(refuse(*what));
    }
    if let ResolveResult::Bound(Namespace(XHTML_NAMESPACE)) = namespace {
        return Err(refuse(format!("an HTML element <{name}>")));
    }
    let mut animated_attribute = None;
    for attribute in element.attributes() {
        let attribute =
            attribute.map_err(|e| refuse(format!("a malformed attribute in <{name}>: {e}")))?;
        let key = attribute.key;
        if key.as_ref() == "xmlns" || key.prefix().is_some_and(|p| p.as_ref() == "xmlns") {
            continue;
        }
        let attribute_name = key.local_name().as_ref().to_ascii_lowercase();
        let shown = key.as_ref().to_owned();
        if attribute_name.starts_with("on") {
            return Err(refuse(format!(
                "an event handler attribute {shown} on <{name}>"
            )));
        }
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| refuse(format!("a malformed value of {shown} on <{name}>: {e}")))?;
        // Browsers ignore whitespace and control characters inside a URL's scheme.
        let squeezed: String = value
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        for scheme in [
            "javascript:",
            "vbscript:",
            "data:text/html",
            "data:application/xhtml",
        ] {
            if squeezed.contains(scheme) {
                return Err(refuse(format!("a {scheme} URL in {shown} on <{name}>")));
            }
        }
        if attribute_name == "href" {
            check_reference(&name, &shown, &squeezed)?;
        } else if attribute_name == "attributename" {
            animated_attribute = Some(squeezed);
        } else {
            check_css(&value, &format!("{shown} on <{name}>"))?;
        }
    }
    if let Some(animated) = animated_attribute
        && (animated.ends_with("href") || animated.starts_with("on"))
    {
        return Err(refuse(format!("an animation of {animated} on <{name}>")));
    }
    Ok(name)
}

/// Links may go anywhere; everything else that refers may only point inside the file (or, for
/// an image, hold a raster image inline).
fn check_reference(element: &str, attribute: &str, url: &str) -> Result<(), Refusal> {
    let inside = url.starts_with('#');
    let inline_image =
        matches!(element, "image" | "feimage") && INLINE_IMAGES.iter().any(|p| url.starts_with(p));
    if element == "a" || inside || inline_image || url.is_empty() {
        return Ok(());
    }
    Err(refuse(format!(
        "a reference to another file in {attribute} on <{element}>"
    )))
}

/// Style text (an attribute or a `<style>`) must not import or point outside the file.
fn check_css(css: &str, place: &str) -> Result<(), Refusal> {
    let squeezed: String = css
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if squeezed.contains("@import") {
        return Err(refuse(format!("an @import in {place}")));
    }
    if squeezed.contains("javascript:") || squeezed.contains("expression(") {
        return Err(refuse(format!("script in {place}")));
    }
    for (at, _) in squeezed.match_indices("url(") {
        let target = squeezed[at + 4..].trim_start_matches(['"', '\'']);
        let inline_image = INLINE_IMAGES.iter().any(|p| target.starts_with(p));
        if !target.starts_with('#') && !inline_image {
            return Err(refuse(format!(
                "a reference to another file (url(…)) in {place}"
            )));
        }
    }
    Ok(())
}

fn declared_size(root: &BytesStart) -> Result<SvgInfo, Refusal> {
    let mut width = None;
    let mut height = None;
    let mut view_box = None;
    for attribute in root.attributes().flatten() {
        let value = attribute
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| refuse(format!("a malformed attribute on <svg>: {e}")))?;
        match attribute.key.as_ref() {
            "width" => width = pixels(&value),
            "height" => height = pixels(&value),
            "viewBox" => {
                let numbers: Vec<f64> = value
                    .split([' ', ',', '\t', '\n', '\r'])
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| s.parse().ok())
                    .collect();
                if let [_, _, w, h] = numbers[..] {
                    view_box = Some((whole(w), whole(h)));
                }
            }
            _ => {}
        }
    }
    Ok(SvgInfo {
        width: width.or(view_box.and_then(|(w, _)| w)),
        height: height.or(view_box.and_then(|(_, h)| h)),
    })
}

/// A length in user units or pixels; percentages and other units are no size.
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim();
    whole(
        value
            .strip_suffix("px")
            .unwrap_or(value)
            .trim()
            .parse()
            .ok()?,
    )
}

fn whole(value: f64) -> Option<u32> {
    (value.is_finite() && value > 0.0 && value < f64::from(u32::MAX)).then(|| value.ceil() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_root_is_found_after_a_prolog() {
        assert!(has_svg_root(b"<svg xmlns='http://www.w3.org/2000/svg'/>"));
        assert!(has_svg_root(
            b"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- made by hand -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x\">\n<svg>"
        ));
        assert!(has_svg_root(b"<!DOCTYPE svg [ <!ENTITY a 'b>c'> ]><svg>"));
        assert!(!has_svg_root(b"<svgfoo>"));
        assert!(!has_svg_root(b"<html><svg>"));
        assert!(!has_svg_root(b"<!-- unterminated <svg>"));
    }

    #[test]
    fn sizes() {
        assert_eq!(pixels("120"), Some(120));
        assert_eq!(pixels("120.5px"), Some(121));
        assert_eq!(pixels("100%"), None);
        assert_eq!(pixels("-3"), None);
    }
}
