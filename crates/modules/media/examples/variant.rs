//! Times the first variant of a large photo: `render` to `fill/w_1080,h_810,q_80` as WebP and as
//! JPEG, median of several runs. Run with `--release`; give a JPEG's path, or a 4000×3000 one
//! with photo-like detail is made.
//!
//! cargo run --release -p tessera-media --example variant [photo.jpg]

use std::time::{Duration, Instant};

use tessera_media::image::{Format, parse_transform, render};

const RUNS: usize = 7;

fn main() {
    let original = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).expect("the JPEG to read"),
        None => photo_like(4000, 3000),
    };
    let (width, height) = image::ImageReader::new(std::io::Cursor::new(&original))
        .with_guessed_format()
        .expect("readable")
        .into_dimensions()
        .expect("an image");
    println!("original: {width}x{height}, {} KiB", original.len() / 1024);

    let decode = median(|| {
        image::load_from_memory(&original).expect("decodes");
    });
    println!("decode alone, zune-jpeg (image crate), whole: {decode:?}");
    for (name, eighths) in [("whole", 8u32), ("1/2", 4), ("1/4", 2)] {
        let time = median(|| {
            let mut decoder = jpeg_decoder::Decoder::new(std::io::Cursor::new(&original));
            let (w, h) = (
                (width * eighths).div_ceil(8) as u16,
                (height * eighths).div_ceil(8) as u16,
            );
            decoder.scale(w, h).expect("scales");
            decoder.decode().expect("decodes");
        });
        println!("decode alone, jpeg-decoder, {name}: {time:?}");
    }

    // What the WebP encoder costs alone, at libwebp's methods (speed against size).
    let small = image::load_from_memory(
        &render(
            &original,
            &parse_transform("fill", "w_1080,h_810").unwrap(),
            Format::Jpeg,
        )
        .unwrap(),
    )
    .unwrap()
    .into_rgb8();
    for method in [2, 3, 4] {
        let mut config = webp::WebPConfig::new().unwrap();
        config.quality = 80.0;
        config.method = method;
        let encoder = webp::Encoder::from_rgb(small.as_raw(), small.width(), small.height());
        let mut size = 0;
        let time = median(|| size = encoder.encode_advanced(&config).unwrap().len());
        println!(
            "webp encode alone, method {method}: {time:?}, {} KiB",
            size / 1024
        );
    }

    // The same variant without shrinking on decode: the whole image decoded, then resized.
    let whole = median(|| {
        let pixels = image::load_from_memory(&original)
            .expect("decodes")
            .into_rgb8();
        let source = fast_image_resize::images::Image::from_vec_u8(
            width,
            height,
            pixels.into_raw(),
            fast_image_resize::PixelType::U8x3,
        )
        .expect("an image");
        let mut target =
            fast_image_resize::images::Image::new(1080, 828, fast_image_resize::PixelType::U8x3);
        let options =
            fast_image_resize::ResizeOptions::new().fit_into_destination(Some((0.5, 0.5)));
        fast_image_resize::Resizer::new()
            .resize(&source, &mut target, &options)
            .expect("resizes");
        let mut config = webp::WebPConfig::new().unwrap();
        config.quality = 80.0;
        config.method = 2;
        webp::Encoder::from_rgb(target.buffer(), 1080, 828)
            .encode_advanced(&config)
            .unwrap();
    });
    println!("the same as WebP, decoded whole then resized: {whole:?}");

    let transform = parse_transform("fill", "w_1080,h_810,q_80").expect("a transform");
    for format in [Format::Webp, Format::Jpeg] {
        let mut size = 0;
        let time = median(|| {
            size = render(&original, &transform, format)
                .expect("renders")
                .len()
        });
        println!(
            "render {} as {format:?}: {time:?} (median of {RUNS}), {} KiB",
            transform.key(),
            size / 1024
        );
    }
}

fn median(mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// Smooth light, shapes with edges, and fine noise: what a photo's JPEG costs to decode.
fn photo_like(width: u32, height: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let noise = (seed % 24) as f32 - 12.0;
            let sky = 200.0 - 120.0 * fy;
            let hills = ((fx * 9.0).sin() * 0.08 + 0.6 < fy) as u8 as f32;
            let texture = ((fx * 180.0).sin() * (fy * 140.0).cos()) * 30.0;
            let sun =
                255.0 * (1.0 - (((fx - 0.7).powi(2) + (fy - 0.25).powi(2)).sqrt() * 8.0).min(1.0));
            let r = sky * (1.0 - hills) + (90.0 + texture) * hills + sun + noise;
            let g = (sky + 20.0) * (1.0 - hills) + (130.0 + texture) * hills + sun * 0.8 + noise;
            let b =
                (sky + 55.0) * (1.0 - hills) + (60.0 + texture * 0.5) * hills + sun * 0.4 + noise;
            pixels.extend([r, g, b].map(|c| c.clamp(0.0, 255.0) as u8));
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(
            &pixels,
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encodes");
    out
}
