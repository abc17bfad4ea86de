//! The type of a file from its bytes, and whether what the sender claimed agrees.
//!
//! Binary formats are told by their magic numbers (the `infer` crate). SVG and plain text have
//! none: SVG is an `<svg` root after an optional prolog; plain text is UTF-8 without control
//! characters and is kept as `text/plain` (a CSV is such a text). Text that starts with `<` is
//! markup (HTML, XML) and is refused: stored, it would be a page on the media host.

use super::{Refusal, svg};

/// Wix's media types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Image,
    /// SVG.
    Vector,
    Video,
    Audio,
    Document,
    Archive,
}

impl Kind {
    /// The name in Wix's Media Manager API (`mediaType`).
    pub fn wix_name(self) -> &'static str {
        match self {
            Kind::Image => "IMAGE",
            Kind::Vector => "VECTOR",
            Kind::Video => "VIDEO",
            Kind::Audio => "AUDIO",
            Kind::Document => "DOCUMENT",
            Kind::Archive => "ARCHIVE",
        }
    }
}

/// What the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    pub mime: &'static str,
    /// The usual extension, without the dot.
    pub ext: &'static str,
    pub kind: Kind,
}

impl Sniffed {
    /// In words, for messages: "a PNG image".
    pub fn described(&self) -> &'static str {
        FileType::by_mime(self.mime).map_or("a file", |t| t.described)
    }
}

struct FileType {
    mime: &'static str,
    ext: &'static str,
    kind: Kind,
    described: &'static str,
    /// Other names senders use for the same type.
    other_mimes: &'static [&'static str],
    other_exts: &'static [&'static str],
}

const OOXML_MIMES: [&str; 3] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
];

#[rustfmt::skip]
const TYPES: &[FileType] = &[
    FileType { mime: "image/jpeg", ext: "jpg", kind: Kind::Image, described: "a JPEG image",
        other_mimes: &["image/jpg", "image/pjpeg"], other_exts: &["jpeg", "jpe", "jfif"] },
    FileType { mime: "image/png", ext: "png", kind: Kind::Image, described: "a PNG image",
        other_mimes: &["image/apng", "image/x-png"], other_exts: &["apng"] },
    FileType { mime: "image/webp", ext: "webp", kind: Kind::Image, described: "a WebP image",
        other_mimes: &[], other_exts: &[] },
    FileType { mime: "image/avif", ext: "avif", kind: Kind::Image, described: "an AVIF image",
        other_mimes: &[], other_exts: &[] },
    FileType { mime: "image/gif", ext: "gif", kind: Kind::Image, described: "a GIF image",
        other_mimes: &[], other_exts: &[] },
    FileType { mime: "image/svg+xml", ext: "svg", kind: Kind::Vector, described: "an SVG image",
        other_mimes: &[], other_exts: &[] },
    FileType { mime: "video/mp4", ext: "mp4", kind: Kind::Video, described: "an MP4 video",
        // An audio-only MP4 is often named .m4a.
        other_mimes: &["video/x-m4v", "audio/mp4", "audio/m4a", "audio/x-m4a"],
        other_exts: &["m4v", "m4a"] },
    FileType { mime: "video/quicktime", ext: "mov", kind: Kind::Video, described: "a QuickTime video",
        other_mimes: &[], other_exts: &["qt"] },
    FileType { mime: "video/webm", ext: "webm", kind: Kind::Video, described: "a WebM video",
        other_mimes: &["audio/webm"], other_exts: &[] },
    FileType { mime: "audio/mp4", ext: "m4a", kind: Kind::Audio, described: "an M4A audio file",
        other_mimes: &["audio/m4a", "audio/x-m4a"], other_exts: &[] },
    FileType { mime: "audio/mpeg", ext: "mp3", kind: Kind::Audio, described: "an MP3 audio file",
        other_mimes: &["audio/mp3", "audio/mpeg3", "audio/x-mpeg-3"], other_exts: &[] },
    FileType { mime: "audio/wav", ext: "wav", kind: Kind::Audio, described: "a WAV audio file",
        other_mimes: &["audio/x-wav", "audio/wave", "audio/vnd.wave"], other_exts: &["wave"] },
    FileType { mime: "audio/ogg", ext: "ogg", kind: Kind::Audio, described: "an Ogg file",
        other_mimes: &["audio/opus", "video/ogg", "application/ogg"],
        other_exts: &["oga", "ogv", "opus"] },
    FileType { mime: "audio/flac", ext: "flac", kind: Kind::Audio, described: "a FLAC audio file",
        other_mimes: &["audio/x-flac"], other_exts: &[] },
    FileType { mime: "application/pdf", ext: "pdf", kind: Kind::Document, described: "a PDF document",
        other_mimes: &[], other_exts: &[] },
    // Office files are ZIP archives: a sender may call them that.
    FileType { mime: OOXML_MIMES[0], ext: "docx", kind: Kind::Document, described: "a Word document",
        other_mimes: &["application/zip"], other_exts: &["zip"] },
    FileType { mime: OOXML_MIMES[1], ext: "xlsx", kind: Kind::Document, described: "an Excel workbook",
        other_mimes: &["application/zip"], other_exts: &["zip"] },
    FileType { mime: OOXML_MIMES[2], ext: "pptx", kind: Kind::Document, described: "a PowerPoint presentation",
        other_mimes: &["application/zip"], other_exts: &["zip"] },
    FileType { mime: "application/zip", ext: "zip", kind: Kind::Archive, described: "a ZIP archive",
        other_mimes: &["application/x-zip-compressed", "application/x-zip"], other_exts: &[] },
    FileType { mime: "text/plain", ext: "txt", kind: Kind::Document, described: "plain text",
        // Windows browsers send a .csv as an Excel file.
        other_mimes: &["text/csv", "application/csv", "text/tab-separated-values", "application/vnd.ms-excel"],
        other_exts: &["csv", "tsv", "text"] },
];

/// Extensions no type here has that a browser would run, or that name another type.
const MARKUP_EXTS: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "xml", "js", "mjs", "css", "exe", "svgz",
];

impl FileType {
    fn by_mime(mime: &str) -> Option<&'static FileType> {
        TYPES
            .iter()
            .find(|t| t.mime == mime)
            .or_else(|| TYPES.iter().find(|t| t.other_mimes.contains(&mime)))
    }

    fn sniffed(&self) -> Sniffed {
        Sniffed {
            mime: self.mime,
            ext: self.ext,
            kind: self.kind,
        }
    }

    fn has_mime(&self, mime: &str) -> bool {
        self.mime == mime || self.other_mimes.contains(&mime)
    }

    fn has_ext(&self, ext: &str) -> bool {
        self.ext == ext || self.other_exts.contains(&ext)
    }
}

/// The type from the bytes, never from a name. A file of a type the library does not keep
/// (HTML, executables, HEIC, …) or of no recognisable type is refused.
pub fn sniff(bytes: &[u8]) -> Result<Sniffed, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::new("file", "the file is empty"));
    }
    // Before `infer`, which calls an SVG with an XML declaration text/xml.
    if svg::has_svg_root(bytes) {
        return Ok(FileType::by_mime("image/svg+xml")
            .map(FileType::sniffed)
            .expect("svg is in TYPES"));
    }
    if let Some(found) = infer::get(bytes) {
        let mime = found.mime_type();
        let known = FileType::by_mime(mime).or_else(|| {
            // EPUB, OpenDocument, JAR, …: kept as the ZIP archives they are.
            bytes
                .starts_with(b"PK\x03\x04")
                .then(|| FileType::by_mime("application/zip"))
                .flatten()
        });
        return known.map(FileType::sniffed).ok_or_else(|| {
            Refusal::new(
                "file",
                format!("the file is of type {mime}, which the media library does not keep"),
            )
        });
    }
    plain_text(bytes)
}

fn plain_text(bytes: &[u8]) -> Result<Sniffed, Refusal> {
    let unknown = || {
        Refusal::new(
            "file",
            "the file's type is not recognised: not an image, video, audio file, document or archive the media library keeps",
        )
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| unknown())?;
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    {
        return Err(unknown());
    }
    if text.trim_start().starts_with('<') {
        return Err(Refusal::new(
            "file",
            "the file is markup (HTML or XML), which the media library does not keep",
        ));
    }
    Ok(FileType::by_mime("text/plain")
        .map(FileType::sniffed)
        .expect("text is in TYPES"))
}

/// Refuses a claimed type that the bytes contradict: the Content-Type the file was sent with
/// (`application/octet-stream`, empty or none claim nothing) and the extension of its name (a
/// name without one, or with one no type here uses, claims nothing).
pub fn check_claim(
    sniffed: &Sniffed,
    claimed_mime: Option<&str>,
    file_name: &str,
) -> Result<(), Refusal> {
    let file_type = FileType::by_mime(sniffed.mime).expect("sniffed types are in TYPES");
    let claimed = claimed_mime
        .map(|mime| {
            mime.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|mime| !mime.is_empty() && mime != "application/octet-stream");
    if let Some(claimed) = claimed
        && !file_type.has_mime(&claimed)
    {
        return Err(Refusal::new(
            "file",
            format!(
                "the file is {} but was sent as {claimed}",
                file_type.described
            ),
        ));
    }
    let ext = file_name
        .rsplit_once('.')
        .map(|(stem, ext)| (stem, ext.trim().to_ascii_lowercase()))
        .filter(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        .map(|(_, ext)| ext);
    if let Some(ext) = ext
        && !file_type.has_ext(&ext)
        && (TYPES.iter().any(|t| t.has_ext(&ext)) || MARKUP_EXTS.contains(&ext.as_str()))
    {
        return Err(Refusal::new(
            "file",
            format!("the file is {} but is named .{ext}", file_type.described),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_has_one_canonical_mime_and_ext() {
        for (i, t) in TYPES.iter().enumerate() {
            assert!(
                TYPES[..i].iter().all(|other| other.mime != t.mime),
                "{}",
                t.mime
            );
            assert_eq!(FileType::by_mime(t.mime).map(|f| f.ext), Some(t.ext));
        }
    }

    #[test]
    fn text_and_markup() {
        assert_eq!(sniff(b"name,age\nAda,36\n").unwrap().mime, "text/plain");
        assert_eq!(
            sniff("\u{feff}h\u{e9}llo".as_bytes()).unwrap().kind,
            Kind::Document
        );
        let markup = sniff(b"  <note>hello</note>").unwrap_err();
        assert!(markup.message.contains("markup"), "{markup}");
        let html = sniff(b"<html><script>alert(1)</script>").unwrap_err();
        assert!(html.message.contains("text/html"), "{html}");
        assert!(
            sniff(b"\x00\x01\x02binary")
                .unwrap_err()
                .message
                .contains("not recognised")
        );
        assert!(sniff(b"\xff\xfe\xfd").is_err());
    }

    #[test]
    fn claims_without_meaning_are_ignored() {
        let png = FileType::by_mime("image/png").unwrap().sniffed();
        assert!(check_claim(&png, Some("application/octet-stream"), "photo").is_ok());
        assert!(check_claim(&png, Some(""), ".hidden").is_ok());
        assert!(check_claim(&png, Some("image/PNG; charset=binary"), "a.PNG").is_ok());
        assert!(check_claim(&png, None, "holiday.final").is_ok());
        let refused = check_claim(&png, None, "page.html").unwrap_err();
        assert_eq!(
            refused.message,
            "the file is a PNG image but is named .html"
        );
    }
}
