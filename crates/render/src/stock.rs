//! Stock illustrations at `/_assets/stock/<name>.svg`: soft abstract artwork drawn from the
//! name, so templates and the demo site have images without a media library or network.

use std::fmt::Write;

/// Warm and cool palettes (background from, background to, shapes).
const PALETTES: [[&str; 4]; 6] = [
    ["#f6d365", "#fda085", "#fff3e0", "#e8744f"],
    ["#a1c4fd", "#c2e9fb", "#ffffff", "#4f7cc9"],
    ["#d4fc79", "#96e6a1", "#f4fff0", "#3f8f5a"],
    ["#fbc2eb", "#a6c1ee", "#fff7fd", "#8a5fbf"],
    ["#fddb92", "#d1fdff", "#fffdf5", "#c9891f"],
    ["#ffecd2", "#fcb69f", "#fffaf5", "#b5543a"],
];

/// The illustration for `name`, or None when the name is not `[a-z0-9-]{1,40}`.
pub fn stock_svg(name: &str) -> Option<String> {
    let ok = !name.is_empty()
        && name.len() <= 40
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        return None;
    }
    // FNV-1a: a stable number per name to pick colours and positions.
    let mut seed = name.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let mut next = |range: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % range
    };
    let [from, to, light, deep] = PALETTES[next(PALETTES.len() as u64) as usize];
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 800\" width=\"1200\" height=\"800\">\
         <defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"1\" y2=\"1\">\
         <stop offset=\"0\" stop-color=\"{from}\"/><stop offset=\"1\" stop-color=\"{to}\"/></linearGradient></defs>\
         <rect width=\"1200\" height=\"800\" fill=\"url(#g)\"/>"
    );
    for i in 0..7 {
        let (x, y, r) = (next(1200), next(800), 60 + next(260));
        let (fill, opacity) = if i % 3 == 0 {
            (deep, 0.18)
        } else {
            (light, 0.35)
        };
        let _ = write!(
            svg,
            "<circle cx=\"{x}\" cy=\"{y}\" r=\"{r}\" fill=\"{fill}\" opacity=\"{opacity}\"/>"
        );
    }
    let _ = write!(
        svg,
        "<path d=\"M0 {} C300 {} 700 {} 1200 {} V800 H0 Z\" fill=\"{light}\" opacity=\"0.45\"/></svg>",
        560 + next(120),
        480 + next(160),
        620 + next(120),
        520 + next(160)
    );
    Some(svg)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_draw_stable_pictures() {
        let a = super::stock_svg("bakery-hero").unwrap();
        assert_eq!(a, super::stock_svg("bakery-hero").unwrap());
        assert_ne!(a, super::stock_svg("croissant").unwrap());
        assert!(super::stock_svg("../x").is_none());
    }
}
