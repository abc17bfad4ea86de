//! SVGs that could run script or load other files are refused, naming what was found.

use tessera_media::image::{Kind, SvgInfo, check_svg, sniff};

fn svg(inside: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">{inside}</svg>"#
    )
}

fn refused(document: &str) -> String {
    let refusal = check_svg(document.as_bytes()).expect_err(document);
    assert_eq!(refusal.field, "svg");
    refusal.message
}

#[test]
fn a_clean_svg_is_accepted_with_its_size() {
    let drawing = r##"<?xml version="1.0" encoding="UTF-8"?>
<!-- a logo -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 120.5 80">
  <style>.a { fill: url(#g); stroke: #333 }</style>
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>
    <circle id="dot" r="4"/></defs>
  <rect class="a" width="100" height="50" rx="4"/>
  <use xlink:href="#dot" x="10" y="10"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <a href="https://example.com/"><text x="5" y="70">Tom &amp; Jerry &#169;</text></a>
</svg>"##;
    assert_eq!(sniff(drawing.as_bytes()).unwrap().kind, Kind::Vector);
    assert_eq!(
        check_svg(drawing.as_bytes()).unwrap(),
        SvgInfo {
            width: Some(121),
            height: Some(80)
        }
    );
    assert_eq!(
        check_svg(svg("").as_bytes()).unwrap(),
        SvgInfo {
            width: Some(10),
            height: Some(10)
        }
    );
    let relative = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>"#;
    assert_eq!(
        check_svg(relative.as_bytes()).unwrap(),
        SvgInfo {
            width: None,
            height: None
        }
    );
}

#[test]
fn script_is_refused() {
    assert_eq!(
        refused(&svg("<script>alert(1)</script>")),
        "a <script> element"
    );
    assert_eq!(
        refused(&svg("<g><SCRIPT>alert(1)</SCRIPT></g>")),
        "a <script> element"
    );
    assert_eq!(
        refused(&svg(r#"<s:script xmlns:s="http://www.w3.org/2000/svg"/>"#)),
        "a <script> element"
    );
}

#[test]
fn event_handlers_are_refused() {
    let onload = r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#;
    assert_eq!(
        refused(onload),
        "an event handler attribute onload on <svg>"
    );
    assert!(
        refused(&svg(r#"<rect width="5" height="5" OnClick="alert(1)"/>"#)).contains("OnClick")
    );
    assert!(
        refused(&svg(r#"<set attributeName="onmouseover" to="alert(1)"/>"#))
            .contains("onmouseover")
    );
}

#[test]
fn javascript_urls_are_refused() {
    let link = svg(r#"<a href="javascript:alert(1)"><text>x</text></a>"#);
    assert_eq!(refused(&link), "a javascript: URL in href on <a>");
    let xlink = svg(r#"<a xlink:href=" JaVa&#x09;Script:alert(1)"><text>x</text></a>"#);
    assert_eq!(refused(&xlink), "a javascript: URL in xlink:href on <a>");
    let animated =
        svg(r##"<a><animate attributeName="href" values="#a;javascript:alert(1)"/></a>"##);
    assert!(refused(&animated).contains("javascript:"));
    let html = svg(r#"<a href="data:text/html;base64,PHNjcmlwdD4="><text>x</text></a>"#);
    assert_eq!(refused(&html), "a data:text/html URL in href on <a>");
}

#[test]
fn html_inside_is_refused() {
    let foreign = svg(
        r#"<foreignObject><body xmlns="http://www.w3.org/1999/xhtml">hi</body></foreignObject>"#,
    );
    assert_eq!(
        refused(&foreign),
        "a <foreignObject> element (HTML inside the SVG)"
    );
    let iframe =
        svg(r#"<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="https://evil.example"/>"#);
    assert_eq!(refused(&iframe), "an <iframe> element");
    let html = svg(r#"<h:img xmlns:h="http://www.w3.org/1999/xhtml" src="x"/>"#);
    assert_eq!(refused(&html), "an HTML element <img>");
}

#[test]
fn references_to_other_files_are_refused() {
    assert!(
        refused(&svg(
            r#"<use href="https://evil.example/sprite.svg#icon"/>"#
        ))
        .contains("another file in href on <use>")
    );
    assert!(refused(&svg(r#"<use xlink:href="sprite.svg#icon"/>"#)).contains("<use>"));
    assert!(
        refused(&svg(r#"<image href="https://tracker.example/pixel.png"/>"#)).contains("<image>")
    );
    assert!(
        refused(&svg(
            r#"<image href="data:image/svg+xml;base64,PHN2Zz4="/>"#
        ))
        .contains("<image>")
    );
    assert!(refused(&svg(r#"<rect fill="url(https://evil.example/x.svg#g)"/>"#)).contains("url("));
    assert!(
        refused(&svg(
            "<style>@import url(https://evil.example/a.css);</style>"
        ))
        .contains("@import")
    );
    assert!(
        refused(&svg(
            "<style>&#64;import 'https://evil.example/a.css';</style>"
        ))
        .contains("@import")
    );
    assert!(
        refused(&svg(
            r#"<rect style="fill: url('https://evil.example/a.svg#p')"/>"#
        ))
        .contains("url(")
    );
}

#[test]
fn entity_declarations_are_refused() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE svg [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&lol2;</text></svg>"#;
    assert_eq!(sniff(laughs.as_bytes()).unwrap().kind, Kind::Vector);
    assert!(refused(laughs).contains("DOCTYPE that declares entities"));
    assert!(refused(&svg("<text>&undeclared;</text>")).contains("&undeclared;"));
}

#[test]
fn stylesheets_and_broken_xml_are_refused() {
    let stylesheet = r#"<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="evil.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert_eq!(
        refused(stylesheet),
        "a processing instruction <?xml-stylesheet?>"
    );
    assert!(refused(&svg("<g></rect>")).contains("not well-formed"));
    assert!(refused("<html/>").contains("not a single <svg>"));
    assert!(
        refused(r#"<svg xmlns="http://www.w3.org/2000/svg"/><svg/>"#)
            .contains("not a single <svg>")
    );
    let deep = format!("<svg>{}{}</svg>", "<g>".repeat(300), "</g>".repeat(300));
    assert!(refused(&deep).contains("nested"));
}
