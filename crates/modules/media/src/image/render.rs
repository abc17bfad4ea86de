//! Variants: decode, resize (`fast_image_resize`, SIMD), encode.
//!
//! Lossy WebP comes from libwebp (the `webp` crate, built from source); the `image` crate only
//! writes lossless WebP. JPEG is written by `jpeg-encoder`. AVIF is not made: see [`Format`].

use std::io::Cursor;

use fast_image_resize::images::Image as Pixels;
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{
    DynamicImage, ExtendedColorType, GrayImage, ImageEncoder, ImageFormat, ImageReader, RgbImage,
};

use super::Refusal;
use super::transform::{Geometry, Mode, Transform};

/// libwebp's speed against size, 0 to 6 (its default 4). A first variant is made while someone
/// waits: from 3 on, rate-distortion optimisation triples the time of a 1080×810 image for files
/// about as small (see examples/variant.rs).
const WEBP_METHOD: i32 = 2;

/// A variant's format. AVIF is left out: ravif (rav1e without nasm) took 1.4 s for a 1080×828
/// image at its fastest speed where libwebp takes about 20 ms, and decoding AVIF originals
/// needs libdav1d. GIF is left out: a variant is one frame, which PNG keeps exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Webp,
    Jpeg,
    Png,
}

impl Format {
    pub fn mime(self) -> &'static str {
        match self {
            Format::Webp => "image/webp",
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
        }
    }

    pub fn ext(self) -> &'static str {
        match self {
            Format::Webp => "webp",
            Format::Jpeg => "jpg",
            Format::Png => "png",
        }
    }
}

/// The format to answer with: WebP when the `Accept` header names it, else JPEG for a JPEG
/// original and PNG for the others (which may have transparency).
pub fn negotiate(accept: Option<&str>, original_mime: &str) -> Format {
    if accept.is_some_and(|accept| accepts(accept, "image/webp")) {
        return Format::Webp;
    }
    match original_mime {
        "image/jpeg" => Format::Jpeg,
        _ => Format::Png,
    }
}

/// Whether an `Accept` header names the type with a quality above 0. Wildcards do not count:
/// browsers that send `*/*` do not all read WebP.
fn accepts(accept: &str, mime: &str) -> bool {
    accept.split(',').any(|range| {
        let mut parts = range.split(';').map(str::trim);
        let named = parts.next().is_some_and(|m| m.eq_ignore_ascii_case(mime));
        let quality = parts
            .filter_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        named && quality > 0.0
    })
}

/// Makes a variant of a prepared original (orientation already applied, see
/// [`prepare_image`](super::prepare_image)): of its first frame if animated. JPEG has no
/// transparency: asked for, it drops the alpha channel.
pub fn render(original: &[u8], transform: &Transform, format: Format) -> Result<Vec<u8>, Refusal> {
    let source_format = match image::guess_format(original) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => f,
        Ok(ImageFormat::Avif) => {
            return Err(Refusal::new(
                "image",
                "variants are not made of AVIF originals",
            ));
        }
        _ => {
            return Err(Refusal::new(
                "image",
                "the original is not an image variants are made of",
            ));
        }
    };
    let (width, height) = ImageReader::with_format(Cursor::new(original), source_format)
        .into_dimensions()
        .map_err(|e| Refusal::new("image", format!("the original cannot be read: {e}")))?;
    let mut geometry = transform.geometry(width, height);
    let shrunk = match (source_format, transform.mode) {
        (ImageFormat::Jpeg, Mode::Fill | Mode::Fit) => {
            let (_, _, source_width, source_height) = geometry.source;
            let needed = (
                f64::from(geometry.width) * f64::from(width) / source_width,
                f64::from(geometry.height) * f64::from(height) / source_height,
            );
            decode_jpeg_shrunk(original, width, height, needed)
        }
        _ => None,
    };
    let image = match shrunk {
        Some(image) => image,
        None => decode(original, source_format)?,
    };
    // The region in the decoded pixels, which may be fewer than the original's.
    let (x_scale, y_scale) = (
        f64::from(image.width()) / f64::from(width),
        f64::from(image.height()) / f64::from(height),
    );
    let (left, top, source_width, source_height) = geometry.source;
    let (left, top) = (left * x_scale, top * y_scale);
    // Never past the edge, whatever floating point makes of the scaling.
    geometry.source = (
        left,
        top,
        (source_width * x_scale).min(f64::from(image.width()) - left),
        (source_height * y_scale).min(f64::from(image.height()) - top),
    );
    let alpha = image.color().has_alpha() && format != Format::Jpeg;
    let pixels = if transform.mode == Mode::Crop {
        let (x, y, w, h) = geometry.source;
        raw(
            image.crop_imm(x as u32, y as u32, w as u32, h as u32),
            alpha,
        )
    } else {
        resize(image, &geometry, alpha)?
    };
    encode(
        &pixels,
        geometry.width,
        geometry.height,
        alpha,
        format,
        transform.quality,
    )
}

fn raw(image: DynamicImage, alpha: bool) -> Vec<u8> {
    if alpha {
        image.into_rgba8().into_raw()
    } else {
        image.into_rgb8().into_raw()
    }
}

fn resize(image: DynamicImage, geometry: &Geometry, alpha: bool) -> Result<Vec<u8>, Refusal> {
    let failed = |e: &dyn std::fmt::Display| {
        Refusal::new("image", format!("the original cannot be resized: {e}"))
    };
    let pixel_type = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    let (width, height) = (image.width(), image.height());
    let source = Pixels::from_vec_u8(width, height, raw(image, alpha), pixel_type)
        .map_err(|e| failed(&e))?;
    let mut target = Pixels::new(geometry.width, geometry.height, pixel_type);
    let (left, top, source_width, source_height) = geometry.source;
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .crop(left, top, source_width, source_height);
    Resizer::new()
        .resize(&source, &mut target, &options)
        .map_err(|e| failed(&e))?;
    Ok(target.into_vec())
}

/// A JPEG decoded at 1/2, 1/4 or 1/8 of its size when the variant needs no more than that:
/// the IDCT makes the smaller image directly, at a fraction of the cost of decoding it whole.
/// `None` when it needs the whole size, or for what only the full decoder reads (CMYK, 16-bit).
fn decode_jpeg_shrunk(
    bytes: &[u8],
    width: u32,
    height: u32,
    needed: (f64, f64),
) -> Option<DynamicImage> {
    let (width, height) = (u16::try_from(width).ok()?, u16::try_from(height).ok()?);
    let shrunk = |side: u16, eighths: u32| ((u32::from(side) * eighths).div_ceil(8)) as u16;
    let eighths = [1, 2, 4].into_iter().find(|&eighths| {
        f64::from(shrunk(width, eighths)) >= needed.0
            && f64::from(shrunk(height, eighths)) >= needed.1
    })?;
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder
        .scale(shrunk(width, eighths), shrunk(height, eighths))
        .ok()?;
    let pixels = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => None,
    }
}

fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, Refusal> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(image::Limits::default());
    reader
        .decode()
        .map_err(|e| Refusal::new("image", format!("the original cannot be decoded: {e}")))
}

fn encode(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    format: Format,
    quality: u8,
) -> Result<Vec<u8>, Refusal> {
    let failed = |e: &dyn std::fmt::Display| {
        Refusal::new("image", format!("the variant cannot be encoded: {e}"))
    };
    match format {
        Format::Webp => {
            let encoder = if alpha {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            let mut config =
                webp::WebPConfig::new().map_err(|()| failed(&"no libwebp configuration"))?;
            config.quality = f32::from(quality);
            config.method = WEBP_METHOD;
            let encoded = encoder
                .encode_advanced(&config)
                .map_err(|e| failed(&format!("{e:?}")))?;
            Ok(encoded.to_vec())
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let color = if alpha {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            let (w, h) = (
                u16::try_from(width).map_err(|e| failed(&e))?,
                u16::try_from(height).map_err(|e| failed(&e))?,
            );
            jpeg_encoder::Encoder::new(&mut out, quality)
                .encode(pixels, w, h, color)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
        Format::Png => {
            let mut out = Vec::new();
            let color = if alpha {
                ExtendedColorType::Rgba8
            } else {
                ExtendedColorType::Rgb8
            };
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, PngFilter::Adaptive)
                .write_image(pixels, width, height, color)
                .map_err(|e| failed(&e))?;
            Ok(out)
        }
    }
}
