//! The type of a file from its bytes, and claims that contradict it.

mod fixtures;

use tessera_media::image::{Kind, Limits, check_claim, prepare_image, sniff};

#[test]
fn every_format_is_told_by_its_bytes() {
    let docx = fixtures::zip(&[
        ("word/document.xml", b"<w:document/>"),
        ("[Content_Types].xml", b"<Types/>"),
    ]);
    let cases: Vec<(&str, Vec<u8>, &str, Kind)> = vec![
        ("jpeg", fixtures::jpeg(16, 16), "image/jpeg", Kind::Image),
        ("png", fixtures::png(16, 16), "image/png", Kind::Image),
        ("webp", fixtures::webp(16, 16), "image/webp", Kind::Image),
        (
            "avif",
            fixtures::avif(16, 16, false),
            "image/avif",
            Kind::Image,
        ),
        ("gif", fixtures::gif(16, 16), "image/gif", Kind::Image),
        (
            "svg",
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
            "image/svg+xml",
            Kind::Vector,
        ),
        ("mp4", fixtures::mp4(), "video/mp4", Kind::Video),
        ("mov", fixtures::quicktime(), "video/quicktime", Kind::Video),
        ("webm", fixtures::webm(), "video/webm", Kind::Video),
        ("mp3", fixtures::mp3(), "audio/mpeg", Kind::Audio),
        ("wav", fixtures::wav(), "audio/wav", Kind::Audio),
        ("ogg", fixtures::ogg(), "audio/ogg", Kind::Audio),
        ("flac", fixtures::flac(), "audio/flac", Kind::Audio),
        ("pdf", fixtures::pdf(), "application/pdf", Kind::Document),
        (
            "docx",
            docx,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Kind::Document,
        ),
        (
            "zip",
            fixtures::zip(&[("notes.txt", b"hello")]),
            "application/zip",
            Kind::Archive,
        ),
        (
            "csv",
            b"name,age\nAda,36\n".to_vec(),
            "text/plain",
            Kind::Document,
        ),
    ];
    for (name, bytes, mime, kind) in cases {
        let sniffed = sniff(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((sniffed.mime, sniffed.kind), (mime, kind), "{name}");
        // What it is called by its own name is no contradiction.
        check_claim(&sniffed, Some(mime), &format!("file.{}", sniffed.ext))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn an_empty_file_is_refused() {
    let refused = sniff(b"").unwrap_err();
    assert_eq!(
        (refused.field, refused.message.as_str()),
        ("file", "the file is empty")
    );
}

#[test]
fn types_the_library_does_not_keep_are_refused() {
    let mut elf = b"\x7fELF\x02\x01\x01\0".to_vec();
    elf.resize(64, 0);
    elf[16] = 2;
    let refused = sniff(&elf).unwrap_err();
    assert!(
        refused.message.contains("application/x-executable"),
        "{refused}"
    );
    assert!(sniff(b"<!DOCTYPE html><html><body>hi</body></html>").is_err());
    assert!(
        sniff(&[0u8, 159, 146, 150, 1, 2, 3])
            .unwrap_err()
            .message
            .contains("not recognised")
    );
}

#[test]
fn a_png_called_a_jpeg_is_refused_naming_both() {
    let png = sniff(&fixtures::png(8, 8)).unwrap();
    let sent_as = check_claim(&png, Some("image/jpeg"), "photo.png").unwrap_err();
    assert_eq!(
        sent_as.message,
        "the file is a PNG image but was sent as image/jpeg"
    );
    let named = check_claim(&png, Some("image/png"), "photo.jpg").unwrap_err();
    assert_eq!(named.message, "the file is a PNG image but is named .jpg");
    assert!(check_claim(&png, None, "photo.JPEG").is_err());
    // No claim at all, or one that says nothing.
    assert!(check_claim(&png, Some("application/octet-stream"), "photo").is_ok());
    assert!(check_claim(&png, None, "scan.final").is_ok());
}

#[test]
fn a_jpeg_with_a_zip_after_it_is_stored_without_the_zip() {
    let mut polyglot = fixtures::jpeg(32, 32);
    polyglot.extend(fixtures::zip(&[(
        "evil.html",
        b"<script>alert(1)</script>",
    )]));
    let sniffed = sniff(&polyglot).unwrap();
    assert_eq!(sniffed.mime, "image/jpeg");
    let prepared = prepare_image(&polyglot, &sniffed, &Limits::default()).unwrap();
    assert!(prepared.bytes.ends_with(&[0xFF, 0xD9]));
    assert!(!prepared.bytes.windows(4).any(|w| w == b"PK\x03\x04"));
    assert!(!prepared.bytes.windows(6).any(|w| w == b"script"));
}

#[test]
fn a_gif_header_before_html_is_refused() {
    let polyglot = b"GIF89a<html><script>alert(1)</script></html>";
    let sniffed = sniff(polyglot).unwrap();
    assert_eq!(sniffed.mime, "image/gif");
    assert!(prepare_image(polyglot, &sniffed, &Limits::default()).is_err());
    // Small dimensions, then markup where the image's blocks should be.
    let polyglot = b"GIF89a\x01\0\x01\0\0\0\0<script>alert(1)</script>";
    let refused =
        prepare_image(polyglot, &sniff(polyglot).unwrap(), &Limits::default()).unwrap_err();
    assert!(refused.message.contains("corrupt"), "{refused}");
}

#[test]
fn a_whole_gif_with_html_after_it_is_stored_without_the_html() {
    let mut polyglot = fixtures::animated_gif(8, 8, 3);
    polyglot.extend(b"<html><script>alert(1)</script></html>");
    let prepared =
        prepare_image(&polyglot, &sniff(&polyglot).unwrap(), &Limits::default()).unwrap();
    assert!(prepared.animated);
    assert_eq!((prepared.width, prepared.height), (8, 8));
    assert_eq!(prepared.bytes.last(), Some(&0x3B));
    assert!(!prepared.bytes.windows(6).any(|w| w == b"script"));
}
