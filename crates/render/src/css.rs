//! The one stylesheet of a site version: base element styles, the theme's tokens as CSS
//! variables, and one rule per styled element with its tablet (≤ 1000 px) and mobile
//! (≤ 750 px) overrides. Element styles live here, not in `style` attributes, so pages stay
//! small and the file is cached for good under its content hash.

use std::fmt::Write;

use crate::document::{Document, Element, Kind, css_property};

pub const TABLET_MAX: u32 = 1000;
pub const MOBILE_MAX: u32 = 750;

/// Defaults that make an unstyled document look finished; the theme's variables feed them.
const BASE: &str = r#"*,*::before,*::after{box-sizing:border-box}
:root{--color-background:#ffffff;--color-text:#1f2328;--color-muted:#5b636e;--color-primary:#3451b2;--color-on-primary:#ffffff;--color-surface:#f5f6f8;--color-border:#dde1e6;--font-body:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;--font-heading:var(--font-body);--content-width:1120px;--radius:10px}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:var(--font-body);font-size:1.0625rem;line-height:1.6;color:var(--color-text);background:var(--color-background)}
h1,h2,h3,h4,h5,h6{font-family:var(--font-heading);line-height:1.2;margin:0 0 .5em}
h1{font-size:clamp(2.2rem,5vw,3.4rem)}h2{font-size:clamp(1.7rem,3.5vw,2.4rem)}h3{font-size:1.4rem}h4{font-size:1.15rem}
p{margin:0 0 1em}a{color:var(--color-primary)}img,video,iframe{max-width:100%}img{height:auto;display:block}
.skip-link{position:absolute;left:-999px;top:0;background:var(--color-primary);color:var(--color-on-primary);padding:.5em 1em;z-index:10}.skip-link:focus{left:1em}
.site-header,.site-footer{padding:0 24px}.site-header>.inner,.site-footer>.inner{max-width:var(--content-width);margin:0 auto;display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:16px;padding:16px 0}
.site-header{border-bottom:1px solid var(--color-border)}.site-footer{background:var(--color-surface);color:var(--color-muted);font-size:.95rem}
.t-section{padding:64px 24px;background-size:cover;background-position:center}.t-section>.inner{max-width:var(--content-width);margin:0 auto}.t-section>.inner>*+*{margin-top:16px}
.t-container{display:flex;flex-direction:column;gap:16px}
.t-columns{display:grid;gap:32px;grid-template-columns:var(--cols,repeat(auto-fit,minmax(0,1fr)));align-items:start}
.t-text>:last-child{margin-bottom:0}
.t-button{display:inline-block;padding:.7em 1.4em;border-radius:var(--radius);background:var(--color-primary);color:var(--color-on-primary);text-decoration:none;font-weight:600;border:2px solid var(--color-primary)}
.t-button.secondary{background:transparent;color:var(--color-primary)}.t-button:hover{filter:brightness(1.08)}
.t-image img{border-radius:var(--radius)}.t-image.crop img{aspect-ratio:var(--ratio);object-fit:cover}
.t-divider{border:0;border-top:1px solid var(--color-border);margin:24px 0}
.t-gallery{list-style:none;margin:0;padding:0;display:grid;gap:16px;grid-template-columns:repeat(var(--gallery-cols,3),minmax(0,1fr))}.t-gallery figure{margin:0}.t-gallery figcaption{font-size:.9rem;color:var(--color-muted);margin-top:.4em}
.t-video{position:relative;aspect-ratio:16/9}.t-video iframe,.t-video video{position:absolute;inset:0;width:100%;height:100%;border:0;border-radius:var(--radius)}
.t-menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 20px}.t-menu a{text-decoration:none;color:var(--color-text);font-weight:500}.t-menu a[aria-current=page]{color:var(--color-primary);text-decoration:underline;text-underline-offset:6px}
.t-socialLinks{list-style:none;margin:0;padding:0;display:flex;gap:16px;flex-wrap:wrap}.t-socialLinks a{color:inherit}
.t-form{display:grid;gap:16px;max-width:640px}.t-form label{display:grid;gap:6px;font-weight:500}.t-form .check{display:flex;gap:8px;align-items:center}
.t-form input,.t-form textarea,.t-form select{font:inherit;padding:.65em .8em;border:1px solid var(--color-border);border-radius:8px;background:var(--color-background);color:var(--color-text)}
.t-form textarea{min-height:140px}.t-form button{justify-self:start;font:inherit;cursor:pointer}.t-form .hp{position:absolute;left:-9999px}
.t-form-status:empty{display:none}.t-form-status{padding:.8em 1em;border-radius:8px;background:var(--color-surface)}.t-form-status.error{color:#b3261e}
.t-repeater>ul{list-style:none;margin:0;padding:0;display:grid;gap:24px;grid-template-columns:repeat(var(--repeat-cols,3),minmax(0,1fr))}
.t-repeater>ul>li{display:flex;flex-direction:column;gap:12px;padding:20px;border:1px solid var(--color-border);border-radius:var(--radius);background:var(--color-background)}
.t-pager{display:flex;gap:16px;justify-content:center;margin-top:24px}.t-empty{color:var(--color-muted)}
.t-embed{width:100%;border:0}
.t-searchBox{display:flex;gap:8px;align-items:center;margin:0}.t-searchBox input{font:inherit;padding:.6em .8em;border:1px solid var(--color-border);border-radius:var(--radius);min-width:0;flex:1}.t-searchBox .t-button{font:inherit;font-weight:600}
.t-search form{display:flex;flex-wrap:wrap;gap:8px;align-items:center}.t-search input{font:inherit;padding:.6em .8em;border:1px solid var(--color-border);border-radius:8px;background:var(--color-background);color:var(--color-text);flex:1;min-width:12em}.t-search .t-button{font:inherit;font-weight:600}.t-search mark{background:#ffe58a;color:#1a1a1a}.t-search-results{list-style:none;padding:0}.t-search-results li{margin:0 0 24px}.t-search-results h2{margin:0 0 4px}.t-search-type{margin:0;font-size:.85em}.t-search-types{display:flex;flex-wrap:wrap;gap:16px;list-style:none;padding:0}.t-search-types [aria-current]{font-weight:700}
.t-cartIcon{display:inline-flex;align-items:center;gap:6px;color:var(--color-text);text-decoration:none;font-weight:500}.t-cartIcon svg{flex:none}
.t-cart-count{display:inline-block;min-width:1.8em;padding:0 .45em;border-radius:999px;background:var(--color-primary);color:var(--color-on-primary);font-size:.8rem;line-height:1.8;text-align:center}.t-cart-count:empty{visibility:hidden}
.t-side-cart{margin:0 0 0 auto;height:100%;max-height:none;width:min(400px,100%);border:0;padding:24px;display:none;flex-direction:column;gap:16px;background:var(--color-background);color:var(--color-text)}.t-side-cart[open]{display:flex}.t-side-cart::backdrop{background:rgba(0,0,0,.45)}
.t-side-cart-head{display:flex;justify-content:space-between;align-items:center}.t-side-cart-head h2{margin:0;font-size:1.4rem}.t-side-cart-close{font:inherit;font-size:1.6rem;line-height:1;min-width:44px;min-height:44px;border:0;background:none;color:var(--color-text);cursor:pointer}
.t-side-cart-lines{list-style:none;margin:0;padding:0;display:grid;gap:16px;overflow-y:auto}.t-side-cart-lines li{display:flex;gap:12px}.t-side-cart-lines img{border-radius:8px;object-fit:cover;flex:none}.t-side-cart-lines div{display:grid;gap:2px}.t-side-cart-lines span{color:var(--color-muted);font-size:.9rem}
.t-side-cart-subtotal{display:flex;justify-content:space-between;margin:auto 0 0;padding-top:16px;border-top:1px solid var(--color-border)}.t-side-cart-note:empty,.t-side-cart [hidden]{display:none}.t-side-cart .t-button{font:inherit;font-weight:600;text-align:center;width:100%}.t-side-cart form{margin:0}
.t-store-nav{display:flex;gap:20px;justify-content:flex-end;font-weight:500}.t-store-sort{display:flex;gap:8px;align-items:center;flex-wrap:wrap}
.t-store-sort select,.t-cart input{font:inherit;padding:.4em .6em;border:1px solid var(--color-border);border-radius:8px;background:var(--color-background);color:var(--color-text)}
.t-store-grid{list-style:none;margin:0;padding:0;display:grid;gap:24px;grid-template-columns:repeat(auto-fill,minmax(220px,1fr))}
.t-product-card{display:flex;flex-direction:column;gap:6px}.t-product-card a{color:var(--color-text);text-decoration:none;display:grid;gap:8px}.t-product-card img,.t-product-gallery>img{border-radius:var(--radius);aspect-ratio:1;object-fit:cover;width:100%}
.t-product-noimage{display:block;aspect-ratio:1;border-radius:var(--radius);background:var(--color-surface)}.t-product-name{font-weight:600}
.t-price s{color:var(--color-muted);margin-right:.3em}.t-ribbon{align-self:start;justify-self:start;font-size:.8rem;font-weight:600;padding:.2em .6em;border-radius:999px;background:var(--color-primary);color:var(--color-on-primary)}.t-stock-out{color:#b3261e}
.t-product{display:grid;gap:40px;grid-template-columns:minmax(0,1fr) minmax(0,1fr);align-items:start}.t-product-info{display:grid;gap:16px}.t-product-thumbs{list-style:none;margin:12px 0 0;padding:0;display:flex;gap:8px}.t-product-thumbs img{width:80px;height:80px;object-fit:cover;border-radius:8px}
.t-cart{width:100%;border-collapse:collapse}.t-cart th,.t-cart td{text-align:left;padding:12px 8px;border-bottom:1px solid var(--color-border);vertical-align:top}.t-cart-qty{display:flex;gap:8px;flex-wrap:wrap;align-items:center}.t-cart-qty input{width:5em}.t-cart-qty .t-button{padding:.4em .8em}
.t-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.t-order-totals.t-cart-totals{max-width:360px;margin:16px 0 16px auto}.t-cart-actions{display:flex;justify-content:flex-end}
.t-checkout{display:grid;gap:40px;grid-template-columns:minmax(0,3fr) minmax(0,2fr);align-items:start}.t-checkout fieldset{border:1px solid var(--color-border);border-radius:var(--radius);padding:16px;display:grid;gap:12px}.t-checkout legend{font-weight:600;padding:0 6px}
.t-checkout-actions{display:flex;gap:12px;flex-wrap:wrap}.t-checkout-summary{padding:20px;border-radius:var(--radius);background:var(--color-surface)}.t-checkout-summary ul{list-style:none;margin:0 0 12px;padding:0;display:grid;gap:8px}.t-checkout-summary li{display:flex;justify-content:space-between;gap:8px}
.t-service{display:flex;flex-direction:column;gap:8px}.t-service h2{font-size:1.25rem;margin:0}.t-service h2 a{color:var(--color-text);text-decoration:none}.t-service p{margin:0}.t-service-list img,.t-service-image{border-radius:var(--radius);aspect-ratio:3/2;object-fit:cover;width:100%;height:auto}.t-service-noimage{display:block;aspect-ratio:3/2;border-radius:var(--radius);background:var(--color-surface)}.t-service .t-button{justify-self:start;align-self:start}
.t-booking-calendar{display:grid;gap:24px}.t-booking-calendar fieldset{border:1px solid var(--color-border);border-radius:var(--radius);padding:16px;display:grid;gap:12px}.t-booking-calendar legend{font-weight:600;padding:0 6px}
.t-slots{display:grid;gap:8px;grid-template-columns:repeat(auto-fill,minmax(96px,1fr))}.t-form .t-slot{padding:.5em .7em;border:1px solid var(--color-border);border-radius:8px;min-height:44px}
.t-my-bookings{list-style:none;margin:0;padding:0;display:grid;gap:16px}.t-my-bookings li{padding:16px;border:1px solid var(--color-border);border-radius:var(--radius)}.t-my-bookings h3{margin:0}.t-booking-actions{display:flex;gap:12px;flex-wrap:wrap;align-items:center}.t-booking-actions form{margin:0}.t-booking-actions button{font:inherit;font-weight:600;cursor:pointer}
.t-checkout-summary dl,.t-order-totals{display:grid;grid-template-columns:1fr auto;gap:6px 16px;margin:0}.t-checkout-summary dd,.t-order-totals dd{margin:0;text-align:right}
@media (max-width:1000px){.t-repeater>ul{grid-template-columns:repeat(min(var(--repeat-cols,3),2),minmax(0,1fr))}.t-gallery{grid-template-columns:repeat(min(var(--gallery-cols,3),2),minmax(0,1fr))}}
@media (max-width:750px){.t-section{padding:40px 16px}.t-columns,.t-product,.t-checkout{grid-template-columns:1fr}.t-repeater>ul,.t-gallery{grid-template-columns:1fr}.site-header>.inner{justify-content:center}}
@media (min-width:1001px){.hide-d{display:none!important}}
@media (min-width:751px) and (max-width:1000px){.hide-t{display:none!important}}
@media (max-width:750px){.hide-m{display:none!important}}
"#;

/// Inputs and the other elements page code drives; only sites that have one carry these.
/// Controls keep at least 44 px of height and show the keyboard's focus.
const INPUTS: &str = r#".t-textInput label,.t-textBox label,.t-dropdown label,.t-slider label,.t-datePicker label,.t-progressBar label{display:grid;gap:6px;font-weight:500}
.t-textInput input,.t-textBox textarea,.t-dropdown select,.t-datePicker input{font:inherit;font-weight:400;width:100%;min-height:44px;padding:.65em .8em;border:1px solid var(--color-border);border-radius:8px;background:var(--color-background);color:var(--color-text)}
.t-textBox textarea{min-height:140px;resize:vertical}[aria-invalid=true]{border-color:#b3261e}
.t-checkbox label,.t-switch label,.t-checkboxGroup label,.t-radioGroup label{display:flex;gap:8px;align-items:center;min-height:44px}
.t-checkboxGroup,.t-radioGroup{border:0;margin:0;padding:0;min-width:0}.t-checkboxGroup legend,.t-radioGroup legend{padding:0;margin-bottom:4px;font-weight:500}
.t-checkbox input,.t-checkboxGroup input,.t-radioGroup input{flex:none;width:1.15em;height:1.15em;margin:0;accent-color:var(--color-primary)}
.t-switch input{appearance:none;flex:none;position:relative;width:2.6em;height:1.5em;margin:0;border-radius:999px;background:var(--color-border);cursor:pointer;transition:background .15s}
.t-switch input::before{content:"";position:absolute;top:.2em;left:.2em;width:1.1em;height:1.1em;border-radius:50%;background:#fff;transition:transform .15s}
.t-switch input:checked{background:var(--color-primary)}.t-switch input:checked::before{transform:translateX(1.1em)}
.t-slider input,.t-progressBar progress{width:100%;accent-color:var(--color-primary)}.t-progressBar progress{height:.75em}
.t-rating{display:inline-flex;gap:6px;align-items:center}.t-rating-count{color:var(--color-muted)}
.t-stars{font-size:1.25em;letter-spacing:2px;background:linear-gradient(90deg,var(--color-primary) calc(var(--rating,0)*20%),var(--color-border) 0);-webkit-background-clip:text;background-clip:text;color:transparent}
.t-pagination{display:flex;flex-wrap:wrap;gap:4px;align-items:center}.t-pagination button{font:inherit;min-width:44px;min-height:44px;border:1px solid var(--color-border);border-radius:8px;background:var(--color-background);color:var(--color-text);cursor:pointer}
.t-pagination button[aria-current=page]{background:var(--color-primary);border-color:var(--color-primary);color:var(--color-on-primary)}.t-pagination button:disabled{opacity:.45;cursor:default}
:is(.t-textInput,.t-textBox,.t-dropdown,.t-checkbox,.t-checkboxGroup,.t-radioGroup,.t-switch,.t-slider,.t-datePicker,.t-pagination) :focus-visible{outline:2px solid var(--color-primary);outline-offset:2px}
"#;

/// The stylesheet of a document.
pub fn stylesheet(doc: &Document) -> String {
    let mut css = String::from(BASE);
    let mut inputs = false;
    let mut find = |e: &Element| inputs |= crate::page::is_input(&e.kind);
    walk(&doc.master.header, &mut find);
    walk(&doc.master.footer, &mut find);
    for page in &doc.pages {
        walk(&page.sections, &mut find);
    }
    if inputs {
        css.push_str(INPUTS);
    }
    let theme = &doc.theme;
    if !theme.colors.is_empty() || !theme.fonts.is_empty() {
        css.push_str(":root{");
        for (name, value) in &theme.colors {
            let _ = write!(css, "--color-{name}:{value};");
        }
        for (name, value) in &theme.fonts {
            let _ = write!(css, "--font-{name}:{value};");
        }
        css.push_str("}\n");
    }
    for (name, style) in &theme.text_styles {
        let selector = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "body" => name.clone(),
            _ => format!(".ts-{name}"),
        };
        css.push_str(&selector);
        css.push('{');
        for (prop, value) in style.properties() {
            let _ = write!(css, "{prop}:{};", token(prop, value));
        }
        css.push_str("}\n");
    }
    let mut tablet = String::new();
    let mut mobile = String::new();
    let mut rules = |e: &Element| {
        rule(&mut css, e, &own_style(e));
        rule(&mut tablet, e, &declarations(&e.tablet.style));
        rule(&mut mobile, e, &declarations(&e.mobile.style));
    };
    walk(&doc.master.header, &mut rules);
    walk(&doc.master.footer, &mut rules);
    for page in &doc.pages {
        walk(&page.sections, &mut rules);
    }
    if !tablet.is_empty() {
        let _ = writeln!(css, "@media (max-width:{TABLET_MAX}px){{{tablet}}}");
    }
    if !mobile.is_empty() {
        let _ = writeln!(css, "@media (max-width:{MOBILE_MAX}px){{{mobile}}}");
    }
    css
}

/// A font token in a text style may name a theme font (`heading`) instead of a stack.
fn token(prop: &str, value: &str) -> String {
    let is_name = value
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    match prop {
        "font-family" if is_name => format!("var(--font-{value})"),
        "color" if is_name && !value.is_empty() && !is_css_color_keyword(value) => {
            format!("var(--color-{value})")
        }
        _ => value.to_string(),
    }
}

fn is_css_color_keyword(v: &str) -> bool {
    matches!(
        v,
        "inherit"
            | "currentcolor"
            | "transparent"
            | "black"
            | "white"
            | "red"
            | "green"
            | "blue"
            | "gray"
            | "grey"
    )
}

fn walk(elements: &[Element], f: &mut impl FnMut(&Element)) {
    for e in elements {
        f(e);
        walk(&e.children, f);
    }
}

/// Whether the element gets its own `e-<id>` class.
pub fn has_rules(e: &Element) -> bool {
    !e.style.is_empty()
        || !e.tablet.style.is_empty()
        || !e.mobile.style.is_empty()
        || !own_style(e).is_empty()
}

/// The element's desktop declarations, including those its properties imply.
fn own_style(e: &Element) -> String {
    let mut out = declarations(&e.style);
    match &e.kind {
        Kind::Columns(c) if !c.widths.is_empty() => {
            let cols: Vec<String> = c
                .widths
                .iter()
                .map(|w| format!("minmax(0,{w}fr)"))
                .collect();
            let _ = write!(out, "--cols:{};", cols.join(" "));
        }
        Kind::Spacer(s) => {
            let _ = write!(out, "height:{}px;", s.height);
        }
        Kind::Gallery(g) => {
            let _ = write!(out, "--gallery-cols:{};", g.columns);
        }
        Kind::Repeater(r) => {
            let _ = write!(out, "--repeat-cols:{};", r.columns);
        }
        Kind::Section(b) | Kind::Container(b) => {
            if let Some(src) = &b.background_image {
                match crate::media::media_image(src) {
                    // A library image: a screen-wide variant, twice that on dense screens.
                    Some(m) => {
                        let (one, two) = (m.background(960), m.background(1920));
                        let _ = write!(
                            out,
                            "background-image:url(\"{one}\");background-image:image-set(url(\"{one}\") 1x,url(\"{two}\") 2x);"
                        );
                    }
                    None => {
                        let _ = write!(
                            out,
                            "background-image:url(\"{}\");",
                            src.replace('"', "%22")
                        );
                    }
                }
            }
        }
        Kind::Embed(em) => {
            let _ = write!(out, "height:{}px;", em.height);
        }
        Kind::Rating(r) => {
            let _ = write!(out, "--rating:{};", r.rating);
        }
        Kind::Image(i) if i.crop => {
            let _ = write!(out, "--ratio:{}/{};", i.width, i.height);
        }
        _ => {}
    }
    out
}

fn declarations(style: &crate::document::Style) -> String {
    let mut out = String::new();
    for (name, value) in style {
        let _ = write!(out, "{}:{value};", css_property(name));
    }
    out
}

fn rule(css: &mut String, e: &Element, body: &str) {
    if !body.is_empty() {
        let _ = write!(css, ".e-{}{{{body}}}", e.id);
        css.push('\n');
    }
}

/// Classes that hide the element per breakpoint; a smaller breakpoint inherits the larger's.
pub fn hide_classes(e: &Element) -> Vec<&'static str> {
    let desktop = e.hidden;
    let tablet = e.tablet.hidden.unwrap_or(desktop);
    let mobile = e.mobile.hidden.unwrap_or(tablet);
    [(desktop, "hide-d"), (tablet, "hide-t"), (mobile, "hide-m")]
        .into_iter()
        .filter_map(|(hidden, class)| hidden.then_some(class))
        .collect()
}
