//! Raster images before storage: not too large to decode (read from the header first), whole,
//! turned the way their EXIF orientation says, and without metadata.

use std::io::Cursor;

use image::codecs::png::PngEncoder;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader};

use super::container::{clean_jpeg, clean_png, clean_webp, gif_length};
use super::{Refusal, Sniffed};

/// Quality of an image encoded again because it had to be turned.
const REENCODE_QUALITY: u8 = 92;

/// The largest image accepted: decoding takes 4 bytes a pixel (8 for 16-bit images).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_pixels: u64,
    pub max_side: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pixels: 50_000_000,
            max_side: 12_000,
        }
    }
}

/// What to store of an image, and its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// An animated GIF, PNG (APNG), WebP or AVIF: kept as it came (less its metadata); a
    /// variant of it is of its first frame.
    pub animated: bool,
}

/// Prepares a JPEG, PNG, WebP, GIF or AVIF for storage. Refused: larger than `limits` (from
/// the header, before decoding: a decompression bomb costs nothing), truncated or corrupt
/// (decoded once to know; an animation's first frame). Stored: the image turned upright by its
/// EXIF orientation and encoded again in its format if that is not 1; otherwise its own bytes
/// less metadata (EXIF, XMP, IPTC, comments, text chunks) and less anything after its end.
///
/// AVIF is stored as it came when it carries no EXIF or XMP, and refused when it does: there is
/// no AVIF decoder here without libdav1d, so its metadata cannot be removed by encoding again.
pub fn prepare_image(
    bytes: &[u8],
    sniffed: &Sniffed,
    limits: &Limits,
) -> Result<Prepared, Refusal> {
    let format = match sniffed.mime {
        "image/jpeg" => ImageFormat::Jpeg,
        "image/png" => ImageFormat::Png,
        "image/webp" => ImageFormat::WebP,
        "image/gif" => ImageFormat::Gif,
        "image/avif" => return prepare_avif(bytes, limits),
        _ => {
            return Err(Refusal::new(
                "image",
                format!("{} is not a raster image", sniffed.described()),
            ));
        }
    };
    let described = sniffed.described();
    let mut header = ImageReader::with_format(Cursor::new(bytes), format);
    header.no_limits();
    let (width, height) = header
        .into_dimensions()
        .map_err(|e| unreadable(described, &e))?;
    check_size(width, height, limits)?;
    let (clean, animated, lossless) = match format {
        ImageFormat::Jpeg => (clean_jpeg(bytes)?, false, false),
        ImageFormat::Png => {
            let (clean, animated) = clean_png(bytes)?;
            (clean, animated, true)
        }
        ImageFormat::WebP => {
            let (clean, kind) = clean_webp(bytes)?;
            (clean, kind.animated, kind.lossless)
        }
        _ => {
            let (length, frames) = gif_length(bytes)?;
            (bytes[..length].to_vec(), frames > 1, true)
        }
    };
    let decoded = decode(bytes, format, limits).map_err(|e| unreadable(described, &e))?;
    if animated || decoded.orientation == Orientation::NoTransforms {
        return Ok(Prepared {
            bytes: clean,
            width,
            height,
            animated,
        });
    }
    let mut image = decoded.image;
    image.apply_orientation(decoded.orientation);
    let bytes = encode_again(&image, format, lossless, decoded.icc)?;
    Ok(Prepared {
        bytes,
        width: image.width(),
        height: image.height(),
        animated: false,
    })
}

fn check_size(width: u32, height: u32, limits: &Limits) -> Result<(), Refusal> {
    if width == 0 || height == 0 {
        return Err(Refusal::new("image", "the image has no pixels"));
    }
    if width > limits.max_side || height > limits.max_side {
        return Err(Refusal::new(
            "image",
            format!(
                "the image is {width}×{height} pixels; a side may be {} at most",
                limits.max_side
            ),
        ));
    }
    let pixels = u64::from(width) * u64::from(height);
    if pixels > limits.max_pixels {
        return Err(Refusal::new(
            "image",
            format!(
                "the image is {width}×{height} pixels ({:.1} megapixels); {:.1} megapixels at most",
                pixels as f64 / 1e6,
                limits.max_pixels as f64 / 1e6
            ),
        ));
    }
    Ok(())
}

fn unreadable(described: &str, error: &image::ImageError) -> Refusal {
    let message = match error {
        image::ImageError::Limits(_) => format!("{described} too large to decode"),
        image::ImageError::Unsupported(e) => {
            format!("{described} in a variant that cannot be read: {e}")
        }
        other => format!("{described} that is corrupt or truncated: {other}"),
    };
    Refusal::new("image", format!("the file is {message}"))
}

struct Decoded {
    image: DynamicImage,
    orientation: Orientation,
    icc: Option<Vec<u8>>,
}

fn decode(bytes: &[u8], format: ImageFormat, limits: &Limits) -> image::ImageResult<Decoded> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut decode_limits = image::Limits::default();
    decode_limits.max_image_width = Some(limits.max_side);
    decode_limits.max_image_height = Some(limits.max_side);
    // 16-bit RGBA, and room for the decoder's own buffers.
    decode_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(decode_limits);
    let mut decoder = reader.into_decoder()?;
    // Unreadable EXIF is no orientation: the pixels are what matter.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder)?;
    Ok(Decoded {
        image,
        orientation,
        icc,
    })
}

fn encode_again(
    image: &DynamicImage,
    format: ImageFormat,
    lossless: bool,
    icc: Option<Vec<u8>>,
) -> Result<Vec<u8>, Refusal> {
    let failed = |e: &dyn std::fmt::Display| {
        Refusal::new("image", format!("the turned image cannot be encoded: {e}"))
    };
    let mut out = Vec::new();
    match format {
        ImageFormat::Jpeg => {
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, REENCODE_QUALITY);
            if let Some(icc) = icc {
                encoder.add_icc_profile(&icc).map_err(|e| failed(&e))?;
            }
            let (width, height) = (image.width() as u16, image.height() as u16);
            if image.color().has_color() {
                encoder.encode(
                    image.to_rgb8().as_raw(),
                    width,
                    height,
                    jpeg_encoder::ColorType::Rgb,
                )
            } else {
                encoder.encode(
                    image.to_luma8().as_raw(),
                    width,
                    height,
                    jpeg_encoder::ColorType::Luma,
                )
            }
            .map_err(|e| failed(&e))?;
        }
        ImageFormat::Png => {
            let mut encoder = PngEncoder::new(&mut out);
            if let Some(icc) = icc {
                // The PNG encoder takes any profile; an error here would be no profile.
                let _ = encoder.set_icc_profile(icc);
            }
            image.write_with_encoder(encoder).map_err(|e| failed(&e))?;
        }
        _ => {
            let alpha = image.color().has_alpha();
            let pixels = if alpha {
                image.to_rgba8().into_raw()
            } else {
                image.to_rgb8().into_raw()
            };
            let encoder = if alpha {
                webp::Encoder::from_rgba(&pixels, image.width(), image.height())
            } else {
                webp::Encoder::from_rgb(&pixels, image.width(), image.height())
            };
            let encoded = encoder
                .encode_simple(lossless, f32::from(REENCODE_QUALITY))
                .map_err(|e| failed(&format!("{e:?}")))?;
            out = encoded.to_vec();
        }
    }
    Ok(out)
}

/// AVIF (ISO BMFF): its size from the largest `ispe` property, whether an `Exif` or XMP
/// (`mime`) item is there, whether it is an image sequence.
fn prepare_avif(bytes: &[u8], limits: &Limits) -> Result<Prepared, Refusal> {
    let corrupt = |what: &str| Refusal::new("image", format!("the AVIF image is corrupt: {what}"));
    let top = boxes(bytes)?;
    let brand = top
        .iter()
        .find(|(kind, _)| kind == b"ftyp")
        .and_then(|(_, data)| data.get(..4));
    let meta = top
        .iter()
        .find(|(kind, _)| kind == b"meta")
        .ok_or_else(|| corrupt("no meta box"))?
        .1;
    let meta = boxes(meta.get(4..).ok_or_else(|| corrupt("an empty meta box"))?)?;
    let mut size = (0u32, 0u32);
    let mut metadata = false;
    for (kind, data) in &meta {
        if kind == b"iinf" {
            let version = *data.first().ok_or_else(|| corrupt("an empty iinf box"))?;
            let entries = data
                .get(if version == 0 { 6 } else { 8 }..)
                .ok_or_else(|| corrupt("a short iinf box"))?;
            for (kind, entry) in boxes(entries)? {
                let version = entry.first().copied().unwrap_or(0);
                let type_at = match version {
                    2 => 8,
                    3 => 10,
                    _ => continue,
                };
                let item_type = entry.get(type_at..type_at + 4);
                metadata |= kind == *b"infe" && matches!(item_type, Some(b"Exif" | b"mime"));
            }
        } else if kind == b"iprp" {
            for (kind, data) in boxes(data)? {
                if kind != *b"ipco" {
                    continue;
                }
                for (kind, property) in boxes(data)? {
                    if kind == *b"ispe"
                        && let (Some(w), Some(h)) = (property.get(4..8), property.get(8..12))
                    {
                        let w = u32::from_be_bytes(w.try_into().expect("4 bytes"));
                        let h = u32::from_be_bytes(h.try_into().expect("4 bytes"));
                        size = (size.0.max(w), size.1.max(h));
                    }
                }
            }
        }
    }
    check_size(size.0, size.1, limits)?;
    if metadata {
        return Err(Refusal::new(
            "image",
            "the AVIF image carries EXIF or XMP metadata (which may tell where it was taken), which cannot be \
             removed from AVIF here: send it as JPEG, PNG or WebP, or without metadata",
        ));
    }
    Ok(Prepared {
        bytes: bytes.to_vec(),
        width: size.0,
        height: size.1,
        animated: brand == Some(b"avis"),
    })
}

/// A box's type and content.
type IsoBox<'a> = ([u8; 4], &'a [u8]);

/// The boxes of an ISO BMFF container level.
fn boxes(data: &[u8]) -> Result<Vec<IsoBox<'_>>, Refusal> {
    let truncated = || Refusal::new("image", "the AVIF image is truncated");
    let mut found = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let head = data.get(at..at + 8).ok_or_else(truncated)?;
        let kind: [u8; 4] = head[4..8].try_into().expect("4 bytes");
        let (size, header) = match u32::from_be_bytes(head[..4].try_into().expect("4 bytes")) {
            0 => (data.len() - at, 8),
            1 => {
                let large = data.get(at + 8..at + 16).ok_or_else(truncated)?;
                let large = u64::from_be_bytes(large.try_into().expect("8 bytes"));
                (usize::try_from(large).map_err(|_| truncated())?, 16)
            }
            n => (n as usize, 8),
        };
        let end = at
            .checked_add(size)
            .filter(|&end| end <= data.len() && size >= header)
            .ok_or_else(truncated)?;
        found.push((kind, &data[at + header..end]));
        at = end;
    }
    Ok(found)
}
