//! Images from a site's media library, by either of the addresses a page holds: the path the
//! editor's picker writes (`/media/<fileId>`) or Wix's CMS value
//! (`wix:image://v1/<fileId>/<name>#originWidth=…&originHeight=…`). Such an image is drawn
//! from variants (`/media/<fileId>/v1/fit/w_…,h_…,q_80/<name>`) in a `srcset`, so a phone
//! loads a small WebP and a wide screen a sharp one.

/// A library image a page shows.
#[derive(Debug, PartialEq, Eq)]
pub struct MediaImage<'a> {
    pub id: &'a str,
    /// The name for the variant's address (only what is safe in a path).
    pub name: String,
    /// The original's size, when the address says it.
    pub origin: Option<(u32, u32)>,
}

/// Widths variants are made in (the media module rounds any width up to one of its steps;
/// these are among them).
const WIDTHS: [u32; 9] = [320, 480, 640, 750, 960, 1080, 1200, 1440, 1920];

fn safe_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'~' | b'.' | b'-'))
}

fn safe_name(name: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .take(80)
        .collect();
    if name.is_empty() {
        "image".into()
    } else {
        name
    }
}

/// The library image at `src`, if it is one.
pub fn media_image(src: &str) -> Option<MediaImage<'_>> {
    if let Some(rest) = src.strip_prefix("wix:image://v1/") {
        let (path, fragment) = rest.split_once('#').unwrap_or((rest, ""));
        let (id, name) = path.split_once('/').unwrap_or((path, ""));
        if !safe_id(id) {
            return None;
        }
        let size = |key: &str| {
            fragment
                .split('&')
                .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
                .and_then(|v| v.parse::<u32>().ok())
        };
        let origin = size("originWidth").zip(size("originHeight"));
        let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
        return Some(MediaImage {
            id,
            name: safe_name(if name.is_empty() { id } else { &name }),
            origin,
        });
    }
    let id = src.strip_prefix("/media/")?;
    (safe_id(id) && !id.contains('/')).then(|| MediaImage {
        id,
        name: safe_name(id),
        origin: None,
    })
}

impl MediaImage<'_> {
    fn variant(&self, w: u32, h: u32) -> String {
        format!("/media/{}/v1/fit/w_{w},h_{h},q_80/{}", self.id, self.name)
    }

    /// A background variant `width` pixels wide (as tall as the original allows).
    pub fn background(&self, width: u32) -> String {
        self.variant(width, width)
    }

    /// `src`, `srcset` and `sizes` for an image shown `width` × `height` CSS pixels: widths
    /// up to twice the shown one (high-density screens), never past the original.
    pub fn sources(&self, width: u32, height: u32) -> (String, String, String) {
        let width = width.max(1);
        let height = height.max(1);
        let most = (width * 2).min(self.origin.map_or(u32::MAX, |(w, _)| w.max(WIDTHS[0])));
        let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|w| *w <= most).collect();
        if widths.is_empty() {
            widths.push(WIDTHS[0]);
        }
        let tall = |w: u32| (u64::from(w) * u64::from(height)).div_ceil(u64::from(width)) as u32;
        let srcset = widths
            .iter()
            .map(|&w| format!("{} {w}w", self.variant(w, tall(w))))
            .collect::<Vec<_>>()
            .join(", ");
        let fallback = widths
            .iter()
            .copied()
            .find(|w| *w >= width)
            .unwrap_or(*widths.last().expect("one width at least"));
        let sizes = format!("(max-width: {width}px) 100vw, {width}px");
        (self.variant(fallback, tall(fallback)), srcset, sizes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_addresses_name_the_file() {
        let wix = media_image(
            "wix:image://v1/abc_123~mv2.jpg/My%20cat.jpg#originWidth=1600&originHeight=900",
        )
        .unwrap();
        assert_eq!(wix.id, "abc_123~mv2.jpg");
        assert_eq!(wix.name, "Mycat.jpg");
        assert_eq!(wix.origin, Some((1600, 900)));
        let path = media_image("/media/abc_123~mv2.png").unwrap();
        assert_eq!((path.id, path.origin), ("abc_123~mv2.png", None));
        for not in [
            "/media/a/b",
            "/media/",
            "/media/x\"y",
            "https://example.com/media/x.png",
            "wix:image://v1/<script>/x.png",
            "/img/x.png",
        ] {
            assert_eq!(media_image(not), None, "{not}");
        }
    }

    #[test]
    fn sources_stop_at_twice_the_shown_width_and_the_original() {
        let m = media_image("wix:image://v1/a_b~mv2.jpg/c.jpg#originWidth=1000&originHeight=500")
            .unwrap();
        let (src, srcset, sizes) = m.sources(400, 200);
        assert_eq!(src, "/media/a_b~mv2.jpg/v1/fit/w_480,h_240,q_80/c.jpg");
        assert_eq!(
            srcset,
            "/media/a_b~mv2.jpg/v1/fit/w_320,h_160,q_80/c.jpg 320w, \
             /media/a_b~mv2.jpg/v1/fit/w_480,h_240,q_80/c.jpg 480w, \
             /media/a_b~mv2.jpg/v1/fit/w_640,h_320,q_80/c.jpg 640w, \
             /media/a_b~mv2.jpg/v1/fit/w_750,h_375,q_80/c.jpg 750w"
        );
        assert_eq!(sizes, "(max-width: 400px) 100vw, 400px");
        // A small original: one width.
        let small =
            media_image("wix:image://v1/a_b~mv2.jpg/c.jpg#originWidth=200&originHeight=100")
                .unwrap();
        assert_eq!(small.sources(1200, 600).1.matches(' ').count(), 1);
    }
}
