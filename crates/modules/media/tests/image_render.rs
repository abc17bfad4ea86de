//! Transforms as Wix writes them, the format to answer with, and the variants made.

mod fixtures;

use image::{GenericImageView, ImageFormat};
use tessera_media::image::{Format, Mode, Transform, negotiate, parse_transform, render, sniff};

fn transform(mode: &str, params: &str) -> Transform {
    parse_transform(mode, params).unwrap_or_else(|e| panic!("{mode}/{params}: {e}"))
}

fn refusal(mode: &str, params: &str) -> String {
    let refused = parse_transform(mode, params).expect_err(params);
    assert_eq!(refused.field, "transform");
    refused.message
}

#[test]
fn transforms_are_read_and_sizes_rounded_up_to_the_fixed_set() {
    let fill = transform("fill", "w_300,h_200,q_80");
    assert_eq!(
        fill,
        Transform {
            mode: Mode::Fill,
            width: 320,
            height: 200,
            x: 0,
            y: 0,
            quality: 80
        }
    );
    assert_eq!(fill.key(), "fill/w_320,h_200,q_80");
    assert_eq!(transform("fit", "w_16,h_1").key(), "fit/w_16,h_16,q_80");
    assert_eq!(
        transform("fill", "h_1081,w_9999").key(),
        "fill/w_3840,h_1200,q_80"
    );
    // Quality to a step of 5; by default 80.
    assert_eq!(transform("fill", "w_100,h_100,q_83").quality, 85);
    assert_eq!(transform("fill", "w_100,h_100,q_82").quality, 80);
    assert_eq!(transform("fill", "w_100,h_100,q_1").quality, 5);
    assert_eq!(transform("fill", "w_100,h_100,q_100").quality, 100);
    // Wix's other parameters are accepted and not applied.
    assert_eq!(
        transform("fill", "w_300,h_200,al_c,usm_0.66_1.00_0.01,enc_auto").key(),
        fill.key()
    );
    let crop = transform("crop", "x_17,y_100,w_500,h_300");
    assert_eq!(crop.key(), "crop/x_16,y_96,w_640,h_320,q_80");
}

#[test]
fn bad_transforms_are_refused_naming_the_part() {
    assert_eq!(
        refusal("zoom", "w_1,h_1"),
        "unknown mode 'zoom': fill, fit or crop"
    );
    assert_eq!(
        refusal("fill", "w_abc,h_10"),
        "'w_abc' is not a whole number"
    );
    assert_eq!(refusal("fill", "w_-5,h_10"), "'w_-5' is not a whole number");
    assert_eq!(refusal("fill", "w_+5,h_10"), "'w_+5' is not a whole number");
    assert_eq!(refusal("fill", "w_10"), "h_ is missing");
    assert_eq!(refusal("fill", "w_0,h_10"), "w_0 is not a size");
    assert_eq!(refusal("fill", "w_10,h_10,q_0"), "q_0: quality is 1 to 100");
    assert_eq!(
        refusal("fill", "w_10,h_10,q_101"),
        "q_101: quality is 1 to 100"
    );
    assert_eq!(refusal("fill", "w_10,w_20,h_10"), "'w_' is given twice");
    assert_eq!(
        refusal("fill", "w_10,h_10,x_5"),
        "unknown parameter 'x_5' for fill"
    );
    assert_eq!(
        refusal("fit", "w_10,h_10,zz_1"),
        "unknown parameter 'zz_1' for fit"
    );
    assert_eq!(
        refusal("fill", "w10,h_10"),
        "'w10' is not a parameter like w_300"
    );
    assert_eq!(refusal("fill", ""), "'' is not a parameter like w_300");
}

#[test]
fn variants_are_never_larger_than_the_original() {
    let fill = transform("fill", "w_1920,h_1080").for_original(960, 1000);
    assert_eq!((fill.width, fill.height), (960, 540));
    assert_eq!(fill.for_original(960, 1000), fill);
    let fit = transform("fit", "w_3840,h_3840").for_original(500, 300);
    assert_eq!((fit.width, fit.height), (500, 300));
    let crop = transform("crop", "x_400,y_0,w_640,h_640").for_original(500, 300);
    assert_eq!(crop.key(), "crop/x_400,y_0,w_100,h_300,q_80");
    let outside = transform("crop", "x_9000,y_9000,w_16,h_16").for_original(500, 300);
    assert_eq!(outside.key(), "crop/x_499,y_299,w_1,h_1,q_80");
}

#[test]
fn the_format_follows_the_accept_header_and_the_original() {
    let jpeg = sniff(&fixtures::jpeg(8, 8)).unwrap().mime;
    let png = sniff(&fixtures::png(8, 8)).unwrap().mime;
    let gif = sniff(&fixtures::gif(8, 8)).unwrap().mime;
    let webp = sniff(&fixtures::webp(8, 8)).unwrap().mime;
    let chrome = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";
    assert_eq!(negotiate(Some(chrome), jpeg), Format::Webp);
    assert_eq!(negotiate(Some(chrome), png), Format::Webp);
    assert_eq!(negotiate(Some("IMAGE/WEBP"), gif), Format::Webp);
    assert_eq!(
        negotiate(Some("image/webp;q=0, image/*"), jpeg),
        Format::Jpeg
    );
    assert_eq!(negotiate(Some("*/*"), jpeg), Format::Jpeg);
    assert_eq!(negotiate(None, jpeg), Format::Jpeg);
    assert_eq!(negotiate(None, png), Format::Png);
    assert_eq!(negotiate(Some("image/png,*/*"), gif), Format::Png);
    assert_eq!(negotiate(None, webp), Format::Png);
}

fn decoded(bytes: &[u8], format: Format) -> image::DynamicImage {
    let expected = match format {
        Format::Webp => ImageFormat::WebP,
        Format::Jpeg => ImageFormat::Jpeg,
        Format::Png => ImageFormat::Png,
    };
    assert_eq!(image::guess_format(bytes).unwrap(), expected);
    image::load_from_memory_with_format(bytes, expected).unwrap()
}

#[test]
fn variants_have_the_exact_size_in_every_format() {
    // 500×300: fill and fit shrink it, from a JPEG decoded whole or at 1/2 or 1/4 of its size.
    let originals = [
        ("jpeg", fixtures::jpeg(500, 300)),
        ("png", fixtures::png(500, 300)),
        ("webp", fixtures::webp(500, 300)),
        ("gif", fixtures::gif(500, 300)),
    ];
    let cases = [
        (transform("fill", "w_300,h_200"), (320, 200)),
        (transform("fill", "w_100,h_100"), (128, 128)),
        (transform("fit", "w_300,h_300"), (320, 192)),
        (transform("fit", "w_1920,h_1080"), (500, 300)),
        (transform("fit", "w_64,h_64"), (64, 38)),
        (transform("crop", "x_100,y_50,w_200,h_100"), (200, 128)),
        // Offsets round down to a multiple of 16 (400, 192); the region stops at the edges.
        (transform("crop", "x_400,y_200,w_200,h_200"), (100, 108)),
    ];
    for (name, original) in &originals {
        for (transform, size) in &cases {
            for format in [Format::Webp, Format::Jpeg, Format::Png] {
                let variant = render(original, transform, format)
                    .unwrap_or_else(|e| panic!("{name} {transform}: {e}"));
                assert_eq!(
                    decoded(&variant, format).dimensions(),
                    *size,
                    "{name} {transform} {format:?}"
                );
            }
        }
    }
}

#[test]
fn fill_takes_the_centre_and_crop_the_region_asked_for() {
    // Red on the left, blue on the right: a centred square of a wide image shows both.
    let original = fixtures::encoded(&fixtures::halves(400, 100), ImageFormat::Png);
    let centre = decoded(
        &render(&original, &transform("fill", "w_64,h_64"), Format::Png).unwrap(),
        Format::Png,
    );
    assert_eq!(centre.get_pixel(4, 32).0, [255, 0, 0, 255]);
    assert_eq!(centre.get_pixel(60, 32).0, [0, 0, 255, 255]);
    // From a JPEG decoded at a quarter of its size: the same region.
    let original = fixtures::encoded(&fixtures::halves(800, 200), ImageFormat::Jpeg);
    let centre = decoded(
        &render(&original, &transform("fill", "w_48,h_48"), Format::Png).unwrap(),
        Format::Png,
    );
    let [r, _, b, _] = centre.get_pixel(3, 24).0;
    assert!(r > 200 && b < 60, "left is {:?}", centre.get_pixel(3, 24));
    let [r, _, b, _] = centre.get_pixel(44, 24).0;
    assert!(r < 60 && b > 200, "right is {:?}", centre.get_pixel(44, 24));
    let original = fixtures::encoded(&fixtures::halves(400, 100), ImageFormat::Png);
    let right = decoded(
        &render(
            &original,
            &transform("crop", "x_208,y_0,w_16,h_16"),
            Format::Png,
        )
        .unwrap(),
        Format::Png,
    );
    assert!(right.pixels().all(|(_, _, p)| p.0 == [0, 0, 255, 255]));
}

#[test]
fn transparency_is_kept_where_the_format_has_it() {
    let original = fixtures::encoded(&fixtures::transparent(64, 64), ImageFormat::Png);
    for format in [Format::Webp, Format::Png] {
        let variant = decoded(
            &render(&original, &transform("fit", "w_32,h_32"), format).unwrap(),
            format,
        );
        assert!(variant.color().has_alpha(), "{format:?}");
        assert!(variant.get_pixel(2, 16).0[3] < 10, "{format:?}");
        assert!(variant.get_pixel(28, 16).0[3] > 245, "{format:?}");
    }
}

#[test]
fn quality_changes_the_size() {
    let original = fixtures::jpeg(640, 480);
    let low = render(
        &original,
        &transform("fill", "w_640,h_480,q_10"),
        Format::Webp,
    )
    .unwrap();
    let high = render(
        &original,
        &transform("fill", "w_640,h_480,q_95"),
        Format::Webp,
    )
    .unwrap();
    assert!(low.len() < high.len(), "{} vs {}", low.len(), high.len());
}

#[test]
fn what_is_no_image_is_refused() {
    assert!(
        render(
            b"not an image",
            &transform("fill", "w_10,h_10"),
            Format::Png
        )
        .is_err()
    );
    let avif = fixtures::avif(64, 64, false);
    let refused = render(&avif, &transform("fill", "w_10,h_10"), Format::Png).unwrap_err();
    assert!(refused.message.contains("AVIF"), "{refused}");
}
