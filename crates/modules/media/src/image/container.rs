//! The containers of raster images, walked without decoding. What is stored keeps the image
//! data and its colour information and nothing else: no EXIF, XMP, IPTC or comments (which hold
//! the location, the camera's serial number, …), and nothing after the image's end (where a
//! polyglot keeps its second file). A container that ends early is truncated.
//!
//! Allow-lists rather than deny-lists: an unknown segment or chunk is dropped.

use super::Refusal;

fn truncated(format: &str) -> Refusal {
    Refusal::new("image", format!("the {format} image is truncated"))
}

fn corrupt(format: &str, what: &str) -> Refusal {
    Refusal::new("image", format!("the {format} image is corrupt: {what}"))
}

fn u16_be(bytes: &[u8], at: usize) -> Option<usize> {
    Some(usize::from(u16::from_be_bytes(
        bytes.get(at..at + 2)?.try_into().ok()?,
    )))
}

fn u32_be(bytes: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()
}

fn u32_le(bytes: &[u8], at: usize) -> Option<usize> {
    usize::try_from(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?)).ok()
}

/// A JPEG with only the segments that make its pixels and colours (frame, tables, scans, JFIF,
/// ICC profile, Adobe colour transform), ending at its End Of Image marker.
pub(super) fn clean_jpeg(bytes: &[u8]) -> Result<Vec<u8>, Refusal> {
    let truncated = || truncated("JPEG");
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(corrupt("JPEG", "no start of image"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[0xFF, 0xD8]);
    let mut at = 2;
    // The segments before the first scan.
    loop {
        if bytes.get(at) != Some(&0xFF) {
            return Err(if at >= bytes.len() {
                truncated()
            } else {
                corrupt("JPEG", "no marker where one must be")
            });
        }
        while bytes.get(at) == Some(&0xFF) {
            at += 1;
        }
        let marker = *bytes.get(at).ok_or_else(truncated)?;
        at += 1;
        match marker {
            0xD9 => return Err(corrupt("JPEG", "it ends before any image data")),
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let length = u16_be(bytes, at).ok_or_else(truncated)?;
        let end = at + length;
        if length < 2 {
            return Err(corrupt("JPEG", "a segment of negative length"));
        }
        if end > bytes.len() {
            return Err(truncated());
        }
        if keeps_jpeg_segment(marker, &bytes[at + 2..end]) {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if marker == 0xDA {
            break;
        }
    }
    // Entropy-coded data, with any further tables and scans (progressive), up to End Of Image.
    let scans = at;
    loop {
        at += bytes[at..]
            .iter()
            .position(|&b| b == 0xFF)
            .ok_or_else(truncated)?;
        match *bytes.get(at + 1).ok_or_else(truncated)? {
            // A stuffed zero, a restart marker, or fill before a marker.
            0x00 | 0xD0..=0xD7 => at += 2,
            0xFF => at += 1,
            0xD9 => {
                out.extend_from_slice(&bytes[scans..at + 2]);
                return Ok(out);
            }
            _ => {
                let length = u16_be(bytes, at + 2).ok_or_else(truncated)?;
                at += 2 + length;
                if at > bytes.len() {
                    return Err(truncated());
                }
            }
        }
    }
}

fn keeps_jpeg_segment(marker: u8, data: &[u8]) -> bool {
    match marker {
        0xE0 => data.starts_with(b"JFIF\0"),
        0xE2 => data.starts_with(b"ICC_PROFILE\0"),
        0xEE => data.starts_with(b"Adobe"),
        // Other application segments (EXIF and XMP in APP1, IPTC in APP13, …) and comments.
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        // Frames, tables, restart intervals, scans.
        _ => true,
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// Critical chunks, colour, transparency, pixel size and APNG animation.
const PNG_KEPT: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

/// A PNG without text, EXIF and time chunks (nor unknown ones), ending at IEND; whether it is
/// animated (APNG).
pub(super) fn clean_png(bytes: &[u8]) -> Result<(Vec<u8>, bool), Refusal> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return Err(corrupt("PNG", "no signature"));
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(PNG_SIGNATURE);
    let mut animated = false;
    let mut at = PNG_SIGNATURE.len();
    loop {
        let length = u32_be(bytes, at).ok_or_else(|| truncated("PNG"))?;
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(length))
            .ok_or_else(|| truncated("PNG"))?;
        if end > bytes.len() {
            return Err(truncated("PNG"));
        }
        let kind = &bytes[at + 4..at + 8];
        if PNG_KEPT.iter().any(|k| k.as_slice() == kind) {
            out.extend_from_slice(&bytes[at..end]);
        }
        animated |= kind == b"acTL";
        at = end;
        if kind == b"IEND" {
            return Ok((out, animated));
        }
    }
}

/// Image data, alpha, animation and the colour profile.
const WEBP_KEPT: &[&[u8; 4]] = &[
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];
const VP8X_EXIF: u8 = 0x08;
const VP8X_XMP: u8 = 0x04;

/// A WebP without EXIF and XMP chunks (its VP8X flags saying so), ending where its RIFF size
/// says.
pub(super) fn clean_webp(bytes: &[u8]) -> Result<(Vec<u8>, WebpKind), Refusal> {
    if bytes.get(..4) != Some(b"RIFF") || bytes.get(8..12) != Some(b"WEBP") {
        return Err(corrupt("WebP", "no RIFF header"));
    }
    let end = u32_le(bytes, 4)
        .and_then(|size| size.checked_add(8))
        .ok_or_else(|| truncated("WebP"))?;
    if end > bytes.len() {
        return Err(truncated("WebP"));
    }
    let mut out = Vec::with_capacity(end);
    out.extend_from_slice(b"RIFF\0\0\0\0WEBP");
    let mut kind_of_webp = WebpKind::default();
    let mut at = 12;
    while at < end {
        let size = u32_le(bytes, at + 4).ok_or_else(|| truncated("WebP"))?;
        let chunk_end = (at + 8)
            .checked_add(size + size % 2)
            .ok_or_else(|| truncated("WebP"))?;
        // The last chunk's padding byte is sometimes left out.
        if at + 8 + size > end {
            return Err(truncated("WebP"));
        }
        let chunk = &bytes[at..chunk_end.min(end)];
        let kind = &chunk[..4];
        if WEBP_KEPT.iter().any(|k| k.as_slice() == kind) {
            let start = out.len();
            out.extend_from_slice(chunk);
            if chunk.len() % 2 == 1 {
                out.push(0);
            }
            if kind == b"VP8X" && size > 0 {
                out[start + 8] &= !(VP8X_EXIF | VP8X_XMP);
            }
        }
        kind_of_webp.animated |= kind == b"ANIM";
        kind_of_webp.lossless |= kind == b"VP8L";
        at = chunk_end;
    }
    let riff_size = u32::try_from(out.len() - 8).map_err(|_| corrupt("WebP", "too large"))?;
    out[4..8].copy_from_slice(&riff_size.to_le_bytes());
    Ok((out, kind_of_webp))
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct WebpKind {
    pub animated: bool,
    /// VP8L: a lossless image, kept lossless when it must be encoded again.
    pub lossless: bool,
}

/// The length of a GIF up to and with its trailer, and how many frames it has. GIFs carry no
/// EXIF; what follows the trailer is dropped.
pub(super) fn gif_length(bytes: &[u8]) -> Result<(usize, usize), Refusal> {
    let truncated = || truncated("GIF");
    if !(bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a")) {
        return Err(corrupt("GIF", "no header"));
    }
    let color_table = |flags: u8| {
        if flags & 0x80 != 0 {
            3 << ((flags & 7) + 1)
        } else {
            0
        }
    };
    let screen_flags = *bytes.get(10).ok_or_else(truncated)?;
    let mut at = 13 + color_table(screen_flags);
    let mut frames = 0;
    let skip_sub_blocks = |mut at: usize| -> Result<usize, Refusal> {
        loop {
            let size = usize::from(*bytes.get(at).ok_or_else(truncated)?);
            at += 1 + size;
            if size == 0 {
                return Ok(at);
            }
        }
    };
    loop {
        match *bytes.get(at).ok_or_else(truncated)? {
            0x21 => at = skip_sub_blocks(at + 2)?,
            0x2C => {
                let flags = *bytes.get(at + 9).ok_or_else(truncated)?;
                // Descriptor, local colour table, LZW minimum code size, then the data.
                at = skip_sub_blocks(at + 10 + color_table(flags) + 1)?;
                frames += 1;
            }
            0x3B if frames > 0 => return Ok((at + 1, frames)),
            0x3B => return Err(corrupt("GIF", "it has no image")),
            _ => return Err(corrupt("GIF", "an unknown block")),
        }
    }
}
