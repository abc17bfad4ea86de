//! Images before storage: limits read from the header, truncation, orientation, metadata.

mod fixtures;

use std::time::{Duration, Instant};

use image::{GenericImageView, ImageFormat};
use tessera_media::image::{Limits, Prepared, prepare_image, sniff};

fn prepare(bytes: &[u8]) -> Result<Prepared, tessera_media::image::Refusal> {
    prepare_image(bytes, &sniff(bytes).expect("sniffed"), &Limits::default())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// No EXIF or XMP block, no TIFF header, no GPS text left.
fn assert_no_metadata(bytes: &[u8]) {
    for needle in [
        &b"Exif"[..],
        b"EXIF",
        b"II*\0",
        b"xmpmeta",
        b"GPS",
        b"taken at home",
    ] {
        assert!(
            !contains(bytes, needle),
            "{} is still there",
            String::from_utf8_lossy(needle)
        );
    }
}

#[test]
fn a_decompression_bomb_is_refused_from_its_header() {
    let bomb = fixtures::png_header_only(100_000, 100_000);
    assert!(bomb.len() < 100);
    let start = Instant::now();
    let refused = prepare(&bomb).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_millis(200),
        "took {:?}",
        start.elapsed()
    );
    assert_eq!(refused.field, "image");
    assert!(refused.message.contains("100000×100000"), "{refused}");

    // Within each side, too many pixels all the same.
    let wide = fixtures::png_header_only(10_000, 10_000);
    assert!(prepare(&wide).unwrap_err().message.contains("megapixels"));
    let small = Limits {
        max_pixels: 1_000,
        max_side: 100,
    };
    let png = fixtures::png(40, 30);
    assert!(
        prepare_image(&png, &sniff(&png).unwrap(), &small)
            .unwrap_err()
            .message
            .contains("megapixels")
    );
    let gif = b"GIF89a\xff\xff\xff\xff\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;";
    assert!(prepare(gif).unwrap_err().message.contains("65535×65535"));
    let avif = fixtures::avif(20_000, 20_000, false);
    assert!(prepare(&avif).unwrap_err().message.contains("20000×20000"));
}

#[test]
fn truncated_and_empty_images_are_refused() {
    let jpeg = fixtures::jpeg(64, 64);
    let refused = prepare(&jpeg[..jpeg.len() / 2]).unwrap_err();
    assert!(refused.message.contains("truncated"), "{refused}");
    assert!(prepare(&jpeg[..jpeg.len() - 2]).is_err(), "no End Of Image");
    let png = fixtures::png(64, 64);
    assert!(
        prepare(&png[..png.len() - 20])
            .unwrap_err()
            .message
            .contains("truncated")
    );
    let gif = fixtures::gif(16, 16);
    assert!(
        prepare(&gif[..gif.len() - 3])
            .unwrap_err()
            .message
            .contains("truncated")
    );
    let webp = fixtures::webp(16, 16);
    assert!(
        prepare(&webp[..webp.len() - 4])
            .unwrap_err()
            .message
            .contains("truncated")
    );
    assert!(sniff(&[]).is_err());
}

#[test]
fn a_corrupt_jpeg_is_refused() {
    let mut jpeg = fixtures::jpeg(64, 64);
    // Garbage where the frame header's dimensions are.
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0, 0, 0, 0]);
    assert!(prepare(&jpeg).is_err());
}

#[test]
fn exif_orientation_6_is_applied_and_the_exif_removed() {
    let original = fixtures::with_exif(
        &fixtures::encoded(&fixtures::halves(64, 32), ImageFormat::Jpeg),
        6,
    );
    assert!(contains(&original, b"GPS") && contains(&original, b"Exif"));
    let prepared = prepare(&original).unwrap();
    assert_eq!((prepared.width, prepared.height), (32, 64));
    assert!(!prepared.animated);
    assert_no_metadata(&prepared.bytes);
    let stored = image::load_from_memory_with_format(&prepared.bytes, ImageFormat::Jpeg).unwrap();
    assert_eq!(stored.dimensions(), (32, 64));
    // Turned a quarter clockwise: the left half (red) is now on top.
    let [r, _, b, _] = stored.get_pixel(16, 8).0;
    assert!(r > 200 && b < 60, "top is {:?}", stored.get_pixel(16, 8));
    let [r, _, b, _] = stored.get_pixel(16, 56).0;
    assert!(
        r < 60 && b > 200,
        "bottom is {:?}",
        stored.get_pixel(16, 56)
    );
}

#[test]
fn without_orientation_the_jpeg_keeps_its_pixels_and_loses_its_metadata() {
    let plain = fixtures::jpeg(48, 40);
    let original = fixtures::with_exif(&plain, 1);
    let prepared = prepare(&original).unwrap();
    assert_eq!((prepared.width, prepared.height), (48, 40));
    assert_no_metadata(&prepared.bytes);
    // Not encoded again: the same bytes as before the metadata was added.
    assert_eq!(prepared.bytes, plain);
}

#[test]
fn png_text_and_exif_chunks_are_removed() {
    let plain = fixtures::png(20, 10);
    let mut original = fixtures::png_with_metadata(&plain);
    original.extend(b"<script>alert(1)</script>");
    let prepared = prepare(&original).unwrap();
    assert_no_metadata(&prepared.bytes);
    assert!(!contains(&prepared.bytes, b"tEXt") && !contains(&prepared.bytes, b"script"));
    assert_eq!(prepared.bytes, plain);
    assert_eq!((prepared.width, prepared.height), (20, 10));
}

#[test]
fn webp_exif_and_xmp_chunks_are_removed() {
    let original = fixtures::webp_with_metadata(24, 12);
    let prepared = prepare(&original).unwrap();
    assert_no_metadata(&prepared.bytes);
    assert!(!contains(&prepared.bytes, b"XMP "));
    // The extended header no longer announces them.
    assert_eq!(&prepared.bytes[12..16], b"VP8X");
    assert_eq!(prepared.bytes[20] & 0x0C, 0);
    let size = u32::from_le_bytes(prepared.bytes[4..8].try_into().unwrap()) as usize;
    assert_eq!(size + 8, prepared.bytes.len());
    let stored = image::load_from_memory_with_format(&prepared.bytes, ImageFormat::WebP).unwrap();
    assert_eq!(stored.dimensions(), (24, 12));
}

#[test]
fn animations_are_kept_with_their_size() {
    let gif = fixtures::animated_gif(12, 9, 4);
    let prepared = prepare(&gif).unwrap();
    assert!(prepared.animated);
    assert_eq!(
        (prepared.width, prepared.height, prepared.bytes),
        (12, 9, gif)
    );
    let still = prepare(&fixtures::gif(5, 5)).unwrap();
    assert!(!still.animated);
}

#[test]
fn avif_is_kept_as_it_is_unless_it_carries_exif() {
    let avif = fixtures::avif(640, 480, false);
    let prepared = prepare(&avif).unwrap();
    assert_eq!((prepared.width, prepared.height), (640, 480));
    assert_eq!(prepared.bytes, avif);
    let refused = prepare(&fixtures::avif(640, 480, true)).unwrap_err();
    assert!(refused.message.contains("EXIF"), "{refused}");
    assert!(
        prepare(&avif[..avif.len() - 3])
            .unwrap_err()
            .message
            .contains("truncated")
    );
}

#[test]
fn only_raster_images_are_prepared() {
    let svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>";
    let refused = prepare_image(svg, &sniff(svg).unwrap(), &Limits::default()).unwrap_err();
    assert_eq!(refused.message, "an SVG image is not a raster image");
}
