//! What a file is and what may be made of it, from its bytes alone: the type by magic numbers,
//! SVGs without script, images prepared for storage (orientation applied, EXIF gone) and
//! resized variants. Pure and synchronous (callers use `spawn_blocking`); no I/O.
//!
//! The order an upload goes through: [`sniff`] → [`check_claim`] → [`check_svg`] for
//! [`Kind::Vector`] or [`prepare_image`] for [`Kind::Image`] → store [`Prepared::bytes`]. A
//! variant: [`parse_transform`] → [`Transform::for_original`] (its [`Transform::key`] names the
//! cached variant) → [`negotiate`] → [`render`]. Serve what is stored with its sniffed type and
//! `X-Content-Type-Options: nosniff`; serve animated originals ([`Prepared::animated`]) as they
//! are, since a variant is of the first frame.
//!
//! Decisions:
//! - Plain text has no magic number: UTF-8 without control characters is kept as `text/plain`
//!   (CSV included); text starting with `<` (HTML, XML) is refused.
//! - Polyglots: the type is the one the first bytes say. A raster image is stored as its own
//!   container walked to its end (JPEG EOI, PNG IEND, RIFF size, GIF trailer): what follows
//!   (a ZIP, HTML) is dropped, and markup where the image's data should be is refused as corrupt.
//! - AVIF is stored as it came (size from its header) unless it carries EXIF or XMP, which
//!   cannot be removed here: no AVIF decoder without libdav1d; no variants are made of it.

mod container;
mod prepare;
mod render;
mod sniff;
mod svg;
mod transform;

pub use prepare::{Limits, Prepared, prepare_image};
pub use render::{Format, negotiate, render};
pub use sniff::{Kind, Sniffed, check_claim, sniff};
pub use svg::{SvgInfo, check_svg};
pub use transform::{Mode, Transform, parse_transform};

/// Why a file or a request was refused, in words for the person who sent it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Refusal {
    /// What was wrong: `"file"`, `"svg"`, `"image"`, `"transform"`.
    pub field: &'static str,
    pub message: String,
}

impl Refusal {
    pub(crate) fn new(field: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            field,
            message: message.into(),
        }
    }
}
