//! The Store template's sample catalog: a small bakery's six products in three collections,
//! with options and variants that have their own prices, tracked stock and an in-stock flag,
//! a discount and a ribbon, and a picture of each in the site's media library. The owner
//! edits or deletes them like any other product.
//!
//! Everything goes through the module's own routes, called in process as the site's code
//! would call them (`code::call`), so a sample product is made exactly as one made over REST.
//! The pictures are drawn here (shapes on a canvas, encoded as JPEG) rather than shipped as
//! files: the same bytes every time, about 30 KB each, and they are handed to the media
//! module through the platform (its `media` host operation, `mediaManager.upload`'s), since a
//! module never imports another.

use std::f32::consts::{PI, TAU};

use base64::{Engine, engine::general_purpose::STANDARD};
use serde_json::{Value, json};
use tessera_core::{Error, data::DataCaller, sites::Site};
use tessera_platform::{Platform, WixResult, module::CodeCaller};

/// A product's one option: its name, Wix's option type, and each choice's value,
/// description, price and stock.
struct Choices {
    name: &'static str,
    kind: &'static str,
    choices: &'static [(&'static str, &'static str, f64, i64)],
}

struct Sample {
    name: &'static str,
    description: &'static str,
    /// The product's price: with variants, the cheapest one's.
    price: f64,
    sku: &'static str,
    weight: f64,
    /// Its collection, by name.
    collection: &'static str,
    ribbon: &'static str,
    discount_percent: u32,
    option: Option<Choices>,
    /// A tracked quantity (of a product without options), or None for an in-stock flag.
    quantity: Option<i64>,
    picture: fn(&mut Canvas),
}

const COLLECTIONS: [(&str, &str); 3] = [
    ("Breads", "Loaves shaped by hand and baked on stone."),
    ("Pastries", "Laminated and rolled the night before."),
    ("Cakes", "Whole cakes and tarts for the table."),
];

const SAMPLES: [Sample; 6] = [
    Sample {
        name: "Country sourdough",
        description: "Our everyday loaf: a long, slow rise, a dark crackling crust and an open, tangy crumb.",
        price: 7.0,
        sku: "BRD-SOUR",
        weight: 0.5,
        collection: "Breads",
        ribbon: "Bestseller",
        discount_percent: 0,
        option: Some(Choices {
            name: "Size",
            kind: "drop_down",
            choices: &[
                ("Small", "Small (500 g)", 7.0, 24),
                ("Large", "Large (1 kg)", 12.0, 12),
            ],
        }),
        quantity: None,
        picture: sourdough,
    },
    Sample {
        name: "Seeded rye",
        description: "Dark rye with sunflower, flax and pumpkin seeds. Keeps for a week, and toasts beautifully.",
        price: 8.5,
        sku: "BRD-RYE",
        weight: 0.8,
        collection: "Breads",
        ribbon: "",
        discount_percent: 0,
        option: None,
        quantity: Some(15),
        picture: rye,
    },
    Sample {
        name: "Butter croissants",
        description: "A box of four, made with cultured butter and baked every morning.",
        price: 11.0,
        sku: "PST-CROI",
        weight: 0.3,
        collection: "Pastries",
        ribbon: "",
        discount_percent: 20,
        option: None,
        quantity: None,
        picture: croissant,
    },
    Sample {
        name: "Cinnamon rolls",
        description: "Soft, buttery swirls of cinnamon sugar under a vanilla glaze.",
        price: 6.0,
        sku: "PST-ROLL",
        weight: 0.25,
        collection: "Pastries",
        ribbon: "",
        discount_percent: 0,
        option: Some(Choices {
            name: "Pack",
            kind: "drop_down",
            choices: &[("Two", "Pack of 2", 6.0, 20), ("Six", "Pack of 6", 16.0, 8)],
        }),
        quantity: None,
        picture: cinnamon_roll,
    },
    Sample {
        name: "Celebration cake",
        description: "Three layers of vanilla sponge and buttercream, finished with sprinkles. Serves 10.",
        price: 38.0,
        sku: "CAK-CELE",
        weight: 1.5,
        collection: "Cakes",
        ribbon: "",
        discount_percent: 0,
        option: Some(Choices {
            name: "Frosting",
            kind: "color",
            choices: &[
                ("#f4a7b9", "Pink", 38.0, 3),
                ("#a8dcc4", "Mint", 38.0, 3),
                ("#f6df7a", "Lemon", 38.0, 2),
            ],
        }),
        quantity: None,
        picture: cake,
    },
    Sample {
        name: "Lemon tart",
        description: "Sharp lemon curd in a crisp, buttery shell. Serves 8.",
        price: 24.0,
        sku: "CAK-LEMO",
        weight: 0.9,
        collection: "Cakes",
        ribbon: "",
        discount_percent: 0,
        option: None,
        quantity: Some(6),
        picture: lemon_tart,
    },
];

/// Creates the sample catalog in the site's store: collections, products, their variants'
/// prices and stock, and their pictures. Does nothing when the store is not installed;
/// products are made without pictures when the media library is not. Answers how many
/// products it made.
pub async fn create(p: &Platform, site: &Site) -> WixResult<usize> {
    if p.module::<crate::Stores>().is_none() {
        return Ok(0);
    }
    let mut made: Vec<(&Sample, String, Option<String>)> = Vec::new();
    for sample in &SAMPLES {
        let picture = picture(p, site, sample).await?;
        let id = product(p, site, sample, picture.as_deref()).await?;
        made.push((sample, id, picture));
    }
    for (name, description) in COLLECTIONS {
        let members: Vec<_> = made.iter().filter(|m| m.0.collection == name).collect();
        let media = members.iter().find_map(|m| m.2.as_deref()).map_or(
            Value::Null,
            |file| json!({"mainMedia": {"image": {"url": format!("/media/{file}")}}}),
        );
        let answer = call(
            p,
            site,
            "POST",
            "/stores/v1/collections",
            json!({"collection": {"name": name, "description": description, "media": media}}),
        )
        .await?;
        let id = answer["collection"]["id"].as_str().unwrap_or_default();
        let ids: Vec<&str> = members.iter().map(|m| m.1.as_str()).collect();
        call(
            p,
            site,
            "POST",
            &format!("/stores/v1/collections/{id}/productIds"),
            json!({ "productIds": ids }),
        )
        .await?;
    }
    plugins_example(p, site).await?;
    Ok(made.len())
}

/// The service plugins of `examples/wholesale-store` (a wholesale price by member role, a
/// gift-wrapping fee, at most 2 of a limited edition), published with the catalog and turned
/// off, so that the owner finds them under Store → Service plugins and turns on what fits;
/// with the discount rule that the wholesale trigger unlocks.
async fn plugins_example(p: &Platform, site: &Site) -> WixResult<()> {
    macro_rules! example {
        ($($path:literal),*) => {
            [$((
                concat!("backend/___spi___/", $path),
                include_str!(concat!("../../../../examples/wholesale-store/src/backend/___spi___/", $path)),
            )),*]
        };
    }
    let files: std::collections::BTreeMap<String, String> = example!(
        "ecom-discounts-trigger/wholesale/wholesale.js",
        "ecom-discounts-trigger/wholesale/wholesale-config.js",
        "ecom-additional-fees/gift-wrap/gift-wrap.js",
        "ecom-additional-fees/gift-wrap/gift-wrap-config.js",
        "ecom-validations/limited-items/limited-items.js",
        "ecom-validations/limited-items/limited-items-config.js"
    )
    .into_iter()
    .map(|(path, source)| (path.to_string(), source.to_string()))
    .collect();
    let off = [
        "ecom-discounts-trigger/wholesale",
        "ecom-additional-fees/gift-wrap",
        "ecom-validations/limited-items",
    ];
    crate::settings::update(
        p,
        site,
        &json!({ "settings": { "disabledServicePlugins": off } }),
    )
    .await?;
    let revision = p
        .store()
        .add_code_revision(site.id, &files, "template")
        .await?;
    p.store().publish_code(site.id, revision).await?;
    p.code_cache().forget_published(site.id);
    call(
        p,
        site,
        "POST",
        "/ecom/v1/discount-rules",
        json!({"discountRule": {
            "name": "Wholesale: 20% off", "active": true,
            "trigger": {"triggerType": "CUSTOM", "customTrigger": {"id": "wholesale"}},
            "discounts": {"values": [{"targetType": "SPECIFIC_ITEMS", "discountType": "PERCENTAGE", "percentage": 20,
                "specificItemsInfo": {"scopes": [{"type": "CATALOG_ITEM", "catalogItemFilter": {"catalogAppId": crate::pricing::STORES_APP_ID}}]}}]},
        }}),
    )
    .await?;
    Ok(())
}

/// Makes one product: created with its option, then its variants' prices and stock set.
async fn product(
    p: &Platform,
    site: &Site,
    sample: &Sample,
    picture: Option<&str>,
) -> WixResult<String> {
    let mut product = json!({
        "name": sample.name,
        "description": sample.description,
        "productType": "physical",
        "priceData": {"price": sample.price},
        "sku": sample.sku,
        "weight": sample.weight,
        "ribbon": sample.ribbon,
        "stock": match sample.quantity {
            Some(n) => json!({"trackInventory": true, "quantity": n}),
            None => json!({"trackInventory": false, "inStock": true}),
        },
    });
    if sample.discount_percent > 0 {
        product["discount"] = json!({"type": "PERCENT", "value": sample.discount_percent});
    }
    if let Some(file) = picture {
        product["media"] = json!({"items": [{"mediaId": file, "title": sample.name}]});
    }
    if let Some(o) = &sample.option {
        product["manageVariants"] = json!(true);
        product["productOptions"] = json!([{
            "name": o.name,
            "optionType": o.kind,
            "choices": o.choices.iter().map(|(value, description, _, _)| {
                json!({"value": value, "description": description})
            }).collect::<Vec<_>>(),
        }]);
    }
    let created = call(
        p,
        site,
        "POST",
        "/stores/v1/products",
        json!({ "product": product }),
    )
    .await?;
    let id = created["product"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let Some(o) = &sample.option else {
        return Ok(id);
    };
    let variants: Vec<Value> = o
        .choices
        .iter()
        .enumerate()
        .map(|(i, (_, description, price, _))| {
            json!({
                "choices": { o.name: description },
                "price": price,
                "sku": format!("{}-{}", sample.sku, i + 1),
            })
        })
        .collect();
    call(
        p,
        site,
        "PATCH",
        &format!("/stores/v1/products/{id}/variants"),
        json!({ "variants": variants }),
    )
    .await?;
    let stock: Vec<Value> = created["product"]["variants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| {
            let (_, _, _, quantity) = o.choices.iter().find(|c| v["choices"][o.name] == c.1)?;
            Some(json!({"variantId": v["id"], "quantity": quantity}))
        })
        .collect();
    call(
        p,
        site,
        "PATCH",
        &format!("/stores/v2/inventoryItems/{id}"),
        json!({"inventoryItem": {"trackQuantity": true, "variants": stock}}),
    )
    .await?;
    Ok(id)
}

/// The site's own code, run for no one.
fn site_code(site: &Site) -> CodeCaller {
    CodeCaller {
        site: site.clone(),
        caller: DataCaller::Code { member: None },
        visitor: String::new(),
    }
}

/// One of the module's routes, run in process as the site's code.
async fn call(
    p: &Platform,
    site: &Site,
    method: &str,
    path: &str,
    body: Value,
) -> WixResult<Value> {
    crate::code::call(
        p,
        site_code(site),
        &json!({"method": method, "path": path, "body": body}),
    )
    .await
    .map_err(|e| failed(path, &e.message))
}

fn failed(what: &str, why: &str) -> tessera_platform::WixError {
    Error::internal(format!("the sample catalog: {what}: {why}")).into()
}

/// The product's picture, added to the site's media library (folder `Store`): its file id.
async fn picture(p: &Platform, site: &Site, sample: &Sample) -> WixResult<Option<String>> {
    let Some(upload) = p
        .modules()
        .iter()
        .flat_map(|m| m.host_ops())
        .find(|(name, _)| *name == "media")
        .map(|(_, op)| op)
    else {
        return Ok(None);
    };
    let draw = sample.picture;
    let bytes = tokio::task::spawn_blocking(move || {
        let mut canvas = Canvas::new();
        draw(&mut canvas);
        canvas.jpeg()
    })
    .await
    .map_err(|e| failed("drawing a picture", &e.to_string()))?
    .map_err(|e| failed("drawing a picture", &e))?;
    let file_name = format!("{}.jpg", sample.sku.to_lowercase());
    let file = upload(
        p.clone(),
        site_code(site),
        json!({
            "action": "upload",
            "path": "/Store",
            "fileName": file_name,
            "base64": STANDARD.encode(&bytes),
            "options": {"mediaOptions": {"mimeType": "image/jpeg"}},
        }),
    )
    .await
    .map_err(|e| failed("uploading a picture", &e.message))?;
    Ok(file["fileName"].as_str().map(str::to_string))
}

// The pictures: soft shapes with a light from the upper left, drawn in a square of DESIGN
// units on a side onto SIZE × SIZE pixels (the product page asks for 720).

const SIZE: usize = 800;
const DESIGN: f32 = 640.0;
/// Pixels per design unit.
const SCALE: f32 = SIZE as f32 / DESIGN;

type Rgb = [f32; 3];

struct Canvas {
    px: Vec<Rgb>,
}

/// A colour from its hex value.
fn rgb(hex: u32) -> Rgb {
    [
        ((hex >> 16) & 0xff) as f32,
        ((hex >> 8) & 0xff) as f32,
        (hex & 0xff) as f32,
    ]
}

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn lit(c: Rgb, k: f32) -> Rgb {
    [c[0] * k, c[1] * k, c[2] * k]
}

/// How much of a pixel a shape covers, from the signed distance (pixels, negative inside)
/// of the pixel's centre to its edge.
fn cover(d: f32) -> f32 {
    (0.5 - d).clamp(0.0, 1.0)
}

fn smooth(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// An ellipse at (cx, cy) with radii a and b: the distance of (x, y) to its edge (about), and
/// where the point is within it (-1 to 1 on each axis).
fn ellipse(x: f32, y: f32, cx: f32, cy: f32, a: f32, b: f32) -> (f32, f32, f32) {
    let (u, v) = ((x - cx) / a, (y - cy) / b);
    let k = (u * u + v * v).sqrt().max(1e-4);
    let grad = ((u / a).powi(2) + (v / b).powi(2)).sqrt() / k;
    ((k - 1.0) / grad.max(1e-6), u, v)
}

/// A rounded box centred at (cx, cy) with half sizes hx, hy and corner radius r: the signed
/// distance of (x, y) to its edge.
fn rounded_box(x: f32, y: f32, (cx, cy, hx, hy, r): (f32, f32, f32, f32, f32)) -> f32 {
    let qx = (x - cx).abs() - hx + r;
    let qy = (y - cy).abs() - hy + r;
    (qx.max(0.0).powi(2) + qy.max(0.0).powi(2)).sqrt() + qx.max(qy).min(0.0) - r
}

/// A colour shaded as a dome at (u, v) of its outline (-1 to 1), lit from the upper left.
fn dome(c: Rgb, u: f32, v: f32) -> Rgb {
    let z = (1.0 - u * u - v * v).max(0.0).sqrt();
    let light = (-0.45 * u - 0.6 * v + 0.66 * z).max(0.0);
    lit(c, 0.62 + 0.5 * light)
}

/// A small deterministic sequence (xorshift) for scattered seeds and sprinkles.
struct Dice(u32);

impl Dice {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        (self.0 % 10_000) as f32 / 10_000.0
    }
}

impl Canvas {
    fn new() -> Self {
        Self {
            px: vec![[0.0; 3]; SIZE * SIZE],
        }
    }

    /// Paints the pixels in the box (x0, y0)–(x1, y1) that `shape` covers: it answers a pixel
    /// centre's coverage (0 to 1) and colour, given the centre in design units (its edges
    /// are smoothed over about a design unit).
    fn paint(
        &mut self,
        (x0, y0, x1, y1): (f32, f32, f32, f32),
        shape: impl Fn(f32, f32) -> (f32, Rgb),
    ) {
        let clamp = |v: f32| ((v * SCALE).max(0.0) as usize).min(SIZE);
        for y in clamp(y0)..clamp(y1 + 1.0) {
            for x in clamp(x0)..clamp(x1 + 1.0) {
                let (a, c) = shape((x as f32 + 0.5) / SCALE, (y as f32 + 0.5) / SCALE);
                if a > 0.0 {
                    let px = &mut self.px[y * SIZE + x];
                    *px = mix(*px, c, a.min(1.0));
                }
            }
        }
    }

    fn all() -> (f32, f32, f32, f32) {
        (0.0, 0.0, DESIGN, DESIGN)
    }

    /// A backdrop: a wall fading from `top` to `bottom` over a table of `table`.
    fn backdrop(&mut self, top: u32, bottom: u32, table: u32, horizon: f32) {
        let (top, bottom, table) = (rgb(top), rgb(bottom), rgb(table));
        self.paint(Self::all(), |x, y| {
            let wall = mix(top, bottom, (y / horizon.max(1.0)).min(1.0));
            let ground = lit(table, 1.04 - 0.12 * (y - horizon) / (DESIGN - horizon));
            let c = mix(wall, ground, cover(horizon - y));
            // A soft vignette.
            let (dx, dy) = (x / DESIGN - 0.5, y / DESIGN - 0.45);
            (1.0, lit(c, 1.0 - 0.22 * (dx * dx + dy * dy)))
        });
    }

    /// A soft shadow under a shape: an ellipse blurred over `blur` pixels.
    fn shadow(&mut self, cx: f32, cy: f32, a: f32, b: f32, blur: f32, strength: f32) {
        let bound = (cx - a - blur, cy - b - blur, cx + a + blur, cy + b + blur);
        self.paint(bound, |x, y| {
            let (d, _, _) = ellipse(x, y, cx, cy, a, b);
            (
                strength * (1.0 - smooth((d + blur) / (2.0 * blur))),
                [40.0, 25.0, 15.0],
            )
        });
    }

    fn jpeg(&self) -> Result<Vec<u8>, String> {
        let bytes: Vec<u8> = self
            .px
            .iter()
            .flat_map(|c| c.map(|v| v.round().clamp(0.0, 255.0) as u8))
            .collect();
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
            .encode(
                &bytes,
                SIZE as u32,
                SIZE as u32,
                image::ExtendedColorType::Rgb8,
            )
            .map_err(|e| e.to_string())?;
        Ok(out)
    }
}

/// A round loaf on a board, its crust scored and floured.
fn sourdough(c: &mut Canvas) {
    c.backdrop(0xf4e9d8, 0xead7bd, 0xcfb08a, 400.0);
    c.shadow(320.0, 455.0, 270.0, 60.0, 30.0, 0.35);
    let board = rgb(0xa8743f);
    c.paint((40.0, 360.0, 600.0, 540.0), |x, y| {
        let (d, u, _) = ellipse(x, y, 320.0, 440.0, 265.0, 72.0);
        let grain = 1.0 + 0.04 * (y * 0.9 + 6.0 * (x * 0.02).sin()).sin();
        (cover(d), lit(board, grain * (1.0 - 0.12 * u)))
    });
    let crust = rgb(0xc07a3a);
    let flour = rgb(0xf3e5cc);
    c.paint((100.0, 180.0, 540.0, 480.0), |x, y| {
        let (d, u, v) = ellipse(x, y, 320.0, 330.0, 210.0, 140.0);
        // Flour on the top, and the scores: curved cuts showing the paler crumb.
        let top = smooth(-v * 1.4 + 0.2) * 0.45;
        let mut col = mix(crust, flour, top);
        for (k, bend) in [(-0.35f32, 0.9f32), (0.05, 1.0), (0.45, 0.8)] {
            let cut = (u - k - 0.25 * bend * v * v).abs();
            if v.abs() < 0.72 && cut < 0.06 {
                let depth = 1.0 - cut / 0.06;
                col = mix(col, rgb(0xe9c58d), smooth(depth * 1.6));
            }
        }
        (cover(d), dome(col, u, v))
    });
}

/// A tin loaf of rye with seeds on its crust.
fn rye(c: &mut Canvas) {
    c.backdrop(0xe9ece4, 0xdfe3d6, 0xb9a488, 410.0);
    c.shadow(320.0, 465.0, 250.0, 40.0, 28.0, 0.4);
    let shape = (320.0, 350.0, 235.0, 120.0, 70.0);
    let crust = rgb(0x6e4a2c);
    c.paint((70.0, 220.0, 570.0, 480.0), |x, y| {
        let d = rounded_box(x, y, shape);
        let (u, v) = ((x - 320.0) / 235.0, (y - 350.0) / 120.0);
        // Rounder along its length, darker underneath.
        let k = 0.7 + 0.45 * (1.0 - u * u).max(0.0).sqrt() * (0.6 - 0.4 * v);
        (cover(d), lit(crust, k))
    });
    let mut dice = Dice(0x2545_f491);
    let seed = rgb(0xe5d6ac);
    for _ in 0..70 {
        let (sx, sy) = (110.0 + 420.0 * dice.next(), 248.0 + 110.0 * dice.next());
        let angle = dice.next() * PI;
        if rounded_box(sx, sy, shape) > -12.0 {
            continue;
        }
        let (ca, sa) = (angle.cos(), angle.sin());
        let tone = 0.85 + 0.25 * dice.next();
        c.paint((sx - 12.0, sy - 12.0, sx + 12.0, sy + 12.0), |x, y| {
            let (dx, dy) = (x - sx, y - sy);
            let (rx, ry) = (dx * ca + dy * sa, -dx * sa + dy * ca);
            let (d, u, v) = ellipse(rx, ry, 0.0, 0.0, 8.0, 4.5);
            (cover(d), dome(lit(seed, tone), u, v))
        });
    }
}

/// A croissant: rolled segments along a curve, the middle one plumpest, drawn from the tips
/// inward so each overlaps the one outside it.
fn croissant(c: &mut Canvas) {
    c.backdrop(0xf7efe4, 0xf0dfc9, 0xe7d2b5, 430.0);
    c.shadow(320.0, 452.0, 270.0, 50.0, 30.0, 0.35);
    let pastry = rgb(0xd58d3a);
    let (ox, oy, r) = (320.0f32, 470.0f32, 195.0f32);
    let segments = 7;
    let mut order: Vec<i32> = (0..segments).collect();
    order.sort_by_key(|i| -(i - segments / 2).abs());
    for i in order {
        let t = i as f32 / (segments - 1) as f32; // 0 at the left tip, 1 at the right.
        let angle = PI + 0.3 + (PI - 0.6) * t; // along the arc, over the top.
        let size = 0.2 + 0.8 * (PI * t).sin();
        let (sx, sy) = (ox + r * angle.cos(), oy + r * angle.sin());
        // Each segment: an ellipse a along the curve, b across it.
        let (a, b) = (34.0 + 46.0 * size, 44.0 + 82.0 * size);
        let (ca, sa) = (angle.cos(), angle.sin());
        let tone = if i % 2 == 0 { 1.0 } else { 0.93 };
        let reach = b + 4.0;
        c.paint((sx - reach, sy - reach, sx + reach, sy + reach), |x, y| {
            let (dx, dy) = (x - sx, y - sy);
            // u along the curve, v across it (outward).
            let (u, v) = (-dx * sa + dy * ca, dx * ca + dy * sa);
            let (d, nu, nv) = ellipse(u, v, 0.0, 0.0, a, b);
            let edge = smooth((nu * nu + nv * nv).sqrt() * 1.4 - 0.45);
            let col = mix(lit(pastry, tone), rgb(0x9a5520), 0.55 * edge);
            // Lit from the upper left, in the picture's own axes.
            let (px, py) = (nu * -sa + nv * ca, nu * ca + nv * sa);
            (cover(d), dome(col, px, py))
        });
    }
}

/// A cinnamon roll from above, its spiral glazed.
fn cinnamon_roll(c: &mut Canvas) {
    c.backdrop(0xeef3f6, 0xe3ebf0, 0xdfe6ea, 0.0);
    let plate = rgb(0xfbfaf7);
    c.shadow(330.0, 335.0, 280.0, 280.0, 30.0, 0.28);
    c.paint(Canvas::all(), |x, y| {
        let (d, u, v) = ellipse(x, y, 320.0, 320.0, 280.0, 280.0);
        let rim = (u * u + v * v).sqrt();
        let k = if rim > 0.8 {
            1.02 - 0.1 * (rim - 0.8) * 5.0
        } else {
            0.97
        };
        (cover(d), lit(plate, k))
    });
    let dough = rgb(0xe2ad6a);
    let spice = rgb(0x86451d);
    let glaze = rgb(0xfffaf2);
    c.paint((100.0, 100.0, 540.0, 540.0), |x, y| {
        let (d, u, v) = ellipse(x, y, 320.0, 320.0, 205.0, 205.0);
        let (dx, dy) = (x - 320.0, y - 320.0);
        let r = (dx * dx + dy * dy).sqrt();
        let turn = dy.atan2(dx) / TAU;
        let phase = (r / 46.0 - turn).rem_euclid(1.0);
        let line = smooth(1.0 - (phase - 0.5).abs() * 8.0);
        let mut col = mix(dough, spice, 0.85 * line);
        // Glaze in three loose strokes.
        for (k, off) in [(0.021f32, 0.0f32), (0.017, 2.0), (0.024, 4.0)] {
            let wave = (y - 320.0 - 120.0 * (x * k + off).sin() + 140.0 * (off - 2.0) / 2.0).abs();
            if wave < 9.0 {
                col = mix(col, glaze, 0.9 * smooth((9.0 - wave) / 4.0));
            }
        }
        (cover(d), dome(col, u * 0.8, v * 0.8))
    });
}

/// A frosted layer cake on a stand, with sprinkles.
fn cake(c: &mut Canvas) {
    c.backdrop(0xfbeff2, 0xf5e1e7, 0xead2d9, 470.0);
    c.shadow(320.0, 540.0, 200.0, 30.0, 24.0, 0.3);
    let stand = rgb(0xfdfcfa);
    // The stand: a foot, a stem and a plate.
    c.paint((200.0, 430.0, 440.0, 560.0), |x, y| {
        let foot = ellipse(x, y, 320.0, 535.0, 110.0, 22.0).0;
        let stem = rounded_box(x, y, (320.0, 490.0, 26.0, 50.0, 8.0));
        let d = foot.min(stem);
        (
            cover(d),
            lit(stand, 0.9 + 0.1 * ((x - 320.0) / -60.0).clamp(-1.0, 1.0)),
        )
    });
    c.paint((70.0, 400.0, 570.0, 470.0), |x, y| {
        let (d, u, _) = ellipse(x, y, 320.0, 432.0, 245.0, 30.0);
        (cover(d), lit(stand, 0.97 - 0.08 * u))
    });
    let frosting = rgb(0xf2a1b6);
    let (left, right, top, bottom) = (150.0, 490.0, 215.0, 425.0);
    c.paint((140.0, 160.0, 500.0, 460.0), |x, y| {
        let u = (x - 320.0) / 170.0;
        // The side: a cylinder, round below; the top: an ellipse.
        let side = rounded_box(
            x,
            y,
            (
                320.0,
                (top + bottom) / 2.0,
                (right - left) / 2.0,
                (bottom - top) / 2.0,
                6.0,
            ),
        );
        let below = ellipse(x, y, 320.0, bottom - 4.0, 170.0, 28.0).0;
        let lid = ellipse(x, y, 320.0, top, 170.0, 40.0);
        let d = side.min(below).min(lid.0);
        if lid.0 < 0.0 {
            let k = 1.08 - 0.08 * lid.1 - 0.05 * lid.2;
            return (cover(d), lit(frosting, k));
        }
        let round = (1.0 - u * u).max(0.0).sqrt();
        (cover(d), lit(frosting, 0.7 + 0.32 * round - 0.12 * u))
    });
    let colours = [0x4fb0c6, 0xf6c945, 0x7bc67b, 0xffffff, 0x9b6fd1, 0xe2574c];
    let mut dice = Dice(0x9e37_79b9);
    for i in 0..60 {
        let (a, r) = (dice.next() * TAU, dice.next().sqrt() * 0.85);
        let (sx, sy) = (320.0 + 170.0 * r * a.cos(), top + 40.0 * r * a.sin());
        let angle = dice.next() * PI;
        let (ca, sa) = (angle.cos(), angle.sin());
        let col = rgb(colours[i % colours.len()]);
        c.paint((sx - 10.0, sy - 10.0, sx + 10.0, sy + 10.0), |x, y| {
            let (dx, dy) = (x - sx, y - sy);
            let (rx, ry) = (dx * ca + dy * sa, (-dx * sa + dy * ca) * 1.8);
            let d = rounded_box(rx, ry, (0.0, 0.0, 8.0, 3.0, 3.0));
            (cover(d), col)
        });
    }
}

/// A lemon tart from above: a fluted crust, the curd, slices of lemon.
fn lemon_tart(c: &mut Canvas) {
    c.backdrop(0xf2f1ea, 0xe9e8de, 0xe9e8de, 0.0);
    c.shadow(332.0, 338.0, 262.0, 262.0, 28.0, 0.3);
    let crust = rgb(0xd9a45b);
    let curd = rgb(0xf4d04a);
    c.paint((40.0, 40.0, 600.0, 600.0), |x, y| {
        let (dx, dy) = (x - 320.0, y - 320.0);
        let r = (dx * dx + dy * dy).sqrt();
        let a = dy.atan2(dx);
        let edge = 252.0 + 9.0 * (a * 24.0).cos();
        let d = r - edge;
        if r < 212.0 {
            let (u, v) = (dx / 212.0, dy / 212.0);
            // Curd: a glossy highlight toward the light.
            let shine = smooth(1.0 - ((u + 0.35).powi(2) + (v + 0.4).powi(2)).sqrt() * 2.2);
            let col = mix(lit(curd, 0.96 - 0.06 * (u + v)), rgb(0xfff6c8), 0.6 * shine);
            let rim = smooth((r - 205.0) / 7.0);
            return (1.0, mix(col, lit(crust, 0.8), rim));
        }
        let across = ((r - 212.0) / (edge - 212.0)).clamp(0.0, 1.0);
        let k = 0.85 + 0.25 * (PI * across).sin() - 0.1 * (dx + dy) / 360.0;
        (cover(d), lit(crust, k))
    });
    let rind = rgb(0xf0c419);
    let flesh = rgb(0xfbe98a);
    for (sx, sy) in [(250.0f32, 270.0f32), (380.0, 250.0), (330.0, 385.0)] {
        c.paint((sx - 50.0, sy - 50.0, sx + 50.0, sy + 50.0), |x, y| {
            let (dx, dy) = (x - sx, y - sy);
            let r = (dx * dx + dy * dy).sqrt();
            let d = r - 44.0;
            let col = if r > 38.0 {
                rind
            } else if r > 34.0 {
                rgb(0xfffbe8)
            } else {
                // Segments: pale spokes between them.
                let spoke = ((dy.atan2(dx) * 5.0).sin()).abs();
                if spoke < 0.12 || r < 4.0 {
                    rgb(0xfffbe8)
                } else {
                    lit(flesh, 0.95 + 0.08 * (r / 34.0))
                }
            };
            (cover(d), col)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_small_jpegs_drawn_the_same_every_time() {
        for sample in &SAMPLES {
            let draw = |_| {
                let mut c = Canvas::new();
                (sample.picture)(&mut c);
                c.jpeg().unwrap()
            };
            let (a, b) = (draw(0), draw(1));
            // To look at them: TESSERA_SAMPLE_PICTURES=<folder> cargo test -p tessera-stores sample
            if let Ok(dir) = std::env::var("TESSERA_SAMPLE_PICTURES") {
                std::fs::write(format!("{dir}/{}.jpg", sample.sku.to_lowercase()), &a).unwrap();
            }
            assert_eq!(a, b, "{}", sample.name);
            assert_eq!(&a[..3], &[0xff, 0xd8, 0xff], "{}: a JPEG", sample.name);
            assert!(a.len() < 80_000, "{}: {} bytes", sample.name, a.len());
        }
    }

    #[test]
    fn the_catalog_has_what_the_template_promises() {
        let with_options = SAMPLES.iter().filter(|s| s.option.is_some()).count();
        assert!(with_options >= 2);
        assert!(SAMPLES.iter().any(|s| s.discount_percent > 0));
        assert!(SAMPLES.iter().any(|s| !s.ribbon.is_empty()));
        assert!(
            SAMPLES
                .iter()
                .any(|s| s.option.is_none() && s.quantity.is_none())
        );
        for s in &SAMPLES {
            assert!(COLLECTIONS.iter().any(|(name, _)| *name == s.collection));
            if let Some(o) = &s.option {
                let cheapest = o.choices.iter().map(|c| c.2).fold(f64::MAX, f64::min);
                assert_eq!(
                    s.price, cheapest,
                    "{}: priced as its cheapest variant",
                    s.name
                );
            }
        }
    }
}
