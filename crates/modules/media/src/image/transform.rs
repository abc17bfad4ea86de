//! Wix's image transforms, as in `/media/<fileId>/v1/fill/w_300,h_200,q_80/name.webp`.
//!
//! So that the variants of a file are bounded, whatever URLs are asked for: widths and heights
//! are rounded up to one of [`SIZES`] (then capped at the original's), quality to a step of 5,
//! and crop offsets down to a multiple of [`CROP_STEP`].

use std::fmt;

use super::Refusal;

/// The sizes a side of a variant may have (before capping at the original's).
const SIZES: [u32; 24] = [
    16, 32, 48, 64, 96, 128, 160, 200, 256, 320, 400, 480, 640, 750, 828, 960, 1080, 1200, 1440,
    1600, 1920, 2048, 2560, 3840,
];
/// Crop offsets are multiples of this.
const CROP_STEP: u32 = 16;
const DEFAULT_QUALITY: u8 = 80;
/// Wix parameters that are accepted and not applied (alignment, sharpening, blur, encoding
/// hints, brightness, contrast, saturation, hue).
const IGNORED: &[&str] = &["al", "usm", "blur", "enc", "lg", "br", "con", "sat", "hue"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Cover `width`×`height`, cropped around the centre.
    Fill,
    /// Contain within `width`×`height`, never enlarged.
    Fit,
    /// The `width`×`height` region at `x`,`y` of the original, not scaled.
    Crop,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Fill => "fill",
            Mode::Fit => "fit",
            Mode::Crop => "crop",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Transform {
    pub mode: Mode,
    pub width: u32,
    pub height: u32,
    /// Crop only; 0 otherwise.
    pub x: u32,
    pub y: u32,
    /// 5..=100, a multiple of 5.
    pub quality: u8,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal::new("transform", message)
}

/// Reads a transform's mode and parameters (`fill`, `w_300,h_200,q_80`).
pub fn parse_transform(mode: &str, params: &str) -> Result<Transform, Refusal> {
    let mode = match mode {
        "fill" => Mode::Fill,
        "fit" => Mode::Fit,
        "crop" => Mode::Crop,
        other => return Err(refuse(format!("unknown mode '{other}': fill, fit or crop"))),
    };
    let (mut width, mut height, mut x, mut y, mut quality) = (None, None, None, None, None);
    for part in params.split(',') {
        let (key, value) = part
            .split_once('_')
            .ok_or_else(|| refuse(format!("'{part}' is not a parameter like w_300")))?;
        if IGNORED.contains(&key) {
            continue;
        }
        let slot = match key {
            "w" => &mut width,
            "h" => &mut height,
            "x" if mode == Mode::Crop => &mut x,
            "y" if mode == Mode::Crop => &mut y,
            "q" => &mut quality,
            _ => {
                return Err(refuse(format!(
                    "unknown parameter '{part}' for {}",
                    mode.name()
                )));
            }
        };
        if slot.is_some() {
            return Err(refuse(format!("'{key}_' is given twice")));
        }
        let number: u32 = value
            .parse()
            .ok()
            .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| refuse(format!("'{part}' is not a whole number")))?;
        *slot = Some(number);
    }
    let size = |value: Option<u32>, key: &str| match value {
        None => Err(refuse(format!("{key}_ is missing"))),
        Some(0) => Err(refuse(format!("{key}_0 is not a size"))),
        Some(n) => Ok(SIZES
            .into_iter()
            .find(|&s| s >= n)
            .unwrap_or(SIZES[SIZES.len() - 1])),
    };
    let quality = match quality {
        None => DEFAULT_QUALITY,
        Some(q @ 1..=100) => (((q + 2) / 5 * 5).max(5)) as u8,
        Some(q) => return Err(refuse(format!("q_{q}: quality is 1 to 100"))),
    };
    Ok(Transform {
        mode,
        width: size(width, "w")?,
        height: size(height, "h")?,
        x: x.unwrap_or(0) / CROP_STEP * CROP_STEP,
        y: y.unwrap_or(0) / CROP_STEP * CROP_STEP,
        quality,
    })
}

impl Transform {
    /// This transform done on an original of `width`×`height`: never larger than it (a fill
    /// shrunk keeping its proportions, a fit's box and a crop's region capped). Its
    /// [`key`](Self::key) names the variant; applying it again changes nothing.
    pub fn for_original(&self, width: u32, height: u32) -> Transform {
        let (width, height) = (width.max(1), height.max(1));
        let mut done = *self;
        match self.mode {
            Mode::Fill => {
                let scale = (f64::from(width) / f64::from(self.width))
                    .min(f64::from(height) / f64::from(self.height))
                    .min(1.0);
                done.width = ((f64::from(self.width) * scale).round() as u32).clamp(1, width);
                done.height = ((f64::from(self.height) * scale).round() as u32).clamp(1, height);
            }
            Mode::Fit => {
                done.width = self.width.min(width);
                done.height = self.height.min(height);
            }
            Mode::Crop => {
                done.x = self.x.min(width - 1);
                done.y = self.y.min(height - 1);
                done.width = self.width.min(width - done.x);
                done.height = self.height.min(height - done.y);
            }
        }
        done
    }

    /// The variant's name: `fill/w_320,h_200,q_80`.
    pub fn key(&self) -> String {
        self.to_string()
    }

    /// The region of the original to take, and the size to make of it.
    pub(super) fn geometry(&self, width: u32, height: u32) -> Geometry {
        let done = self.for_original(width, height);
        let (w, h) = (f64::from(width), f64::from(height));
        match done.mode {
            Mode::Fill => {
                let scale = (f64::from(done.width) / w).max(f64::from(done.height) / h);
                let (source_width, source_height) = (
                    f64::from(done.width) / scale,
                    f64::from(done.height) / scale,
                );
                Geometry {
                    source: (
                        (w - source_width) / 2.0,
                        (h - source_height) / 2.0,
                        source_width,
                        source_height,
                    ),
                    width: done.width,
                    height: done.height,
                }
            }
            Mode::Fit => {
                let scale = (f64::from(done.width) / w)
                    .min(f64::from(done.height) / h)
                    .min(1.0);
                Geometry {
                    source: (0.0, 0.0, w, h),
                    width: ((w * scale).round() as u32).clamp(1, done.width),
                    height: ((h * scale).round() as u32).clamp(1, done.height),
                }
            }
            Mode::Crop => Geometry {
                source: (
                    f64::from(done.x),
                    f64::from(done.y),
                    f64::from(done.width),
                    f64::from(done.height),
                ),
                width: done.width,
                height: done.height,
            },
        }
    }
}

/// `source` is left, top, width, height in the original's pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Geometry {
    pub source: (f64, f64, f64, f64),
    pub width: u32,
    pub height: u32,
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/", self.mode.name())?;
        if self.mode == Mode::Crop {
            write!(f, "x_{},y_{},", self.x, self.y)?;
        }
        write!(f, "w_{},h_{},q_{}", self.width, self.height, self.quality)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_is_idempotent_and_never_enlarges() {
        let fit = parse_transform("fit", "w_100,h_100")
            .unwrap()
            .for_original(1000, 333);
        assert_eq!(fit.for_original(1000, 333), fit);
        let g = fit.geometry(1000, 333);
        assert_eq!((g.width, g.height), (128, 43));
        let small = parse_transform("fit", "w_1920,h_1080")
            .unwrap()
            .geometry(300, 200);
        assert_eq!((small.width, small.height), (300, 200));
    }

    #[test]
    fn fill_crops_around_the_centre() {
        let g = parse_transform("fill", "w_200,h_200")
            .unwrap()
            .geometry(400, 200);
        assert_eq!((g.width, g.height), (200, 200));
        assert_eq!(g.source, (100.0, 0.0, 200.0, 200.0));
    }
}
