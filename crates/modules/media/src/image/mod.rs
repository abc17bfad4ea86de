//! What a file is and what may be made of it, from its bytes alone: the type by magic numbers,
//! SVGs without script, images prepared for storage (orientation applied, EXIF gone) and
//! resized variants. Pure and synchronous (callers use `spawn_blocking`); no I/O.
//!
//! The order an upload goes through: [`sniff`] → [`check_claim`] → [`check_svg`] for
//! [`Kind::Vector`] or [`prepare_image`] for [`Kind::Image`] → store [`Prepared::bytes`]. A
//! variant: [`parse_transform`] → [`Transform::for_original`] (its [`Transform::key`] names the
//! cached variant) → [`negotiate`] → [`render`].

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
