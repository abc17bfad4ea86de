// End to end in Debian's Chromium: the store on the owner's own pages. The owner (through the
// API) stocks three products, two in a "Summer" collection; in the editor they add a page, a
// Product grid of the Summer collection cheapest first and a Cart icon in the header, and
// publish. A visitor sees the products on the page (no layout shift as the photos load),
// follows a card to the product page, adds two to the cart (the side cart opens with them),
// and the header's icon counts them and opens the side cart; without JavaScript the icon is a
// plain link to the cart. Screenshots land in
// e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, png, startDemo } from "./lib.mjs";

let demo, browser, base, site, owner;

/** A product with a photo of its own colour from the media library. */
async function product(name, price, color, extra = {}, [width, height] = [480, 480]) {
  const { uploadUrl } = await owner("POST", "/site-media/v1/files/generate-upload-url", { mimeType: "image/png", fileName: `${name}.png` });
  const u = new URL(uploadUrl);
  const image = png(width, height, (x, y) => (Math.abs(x - width / 2) < width / 4 && Math.abs(y - height / 2) < height / 3 ? color : [236, 239, 243]));
  const up = await fetch(base + u.pathname + u.search, { method: "PUT", headers: { "content-type": "image/png" }, body: image });
  const { file } = await up.json();
  const created = await owner("POST", "/stores/v1/products", {
    product: { name, priceData: { price }, media: { items: [{ mediaId: file.id }] }, ...extra },
  });
  return created.product.id;
}

before(async () => {
  demo = await startDemo("store-elements");
  ({ browser, base, site, owner } = demo);
  const tee = await product("Linen Tee", 24, [52, 81, 178]);
  // A wide photo: the grid crops it to the square the page keeps for it.
  const tote = await product("Canvas Tote", 30, [181, 84, 58], { discount: { type: "PERCENT", value: 50 } }, [480, 320]);
  await product("Wool Scarf", 40, [60, 120, 80]);
  const { collection } = await owner("POST", "/stores/v1/collections", { collection: { name: "Summer" } });
  await owner("POST", `/stores/v1/collections/${collection.id}/productIds`, { productIds: [tee, tote] });
});

after(() => demo?.stop());

test("the owner adds a product grid and a cart icon; a visitor shops from them", async () => {
  const editor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await editor.goto(base);
  await editor.getByLabel("Email").fill("demo@tessera.local");
  await editor.getByLabel("Password").fill("tessera-demo");
  await editor.getByRole("button", { name: "Log in" }).click();
  await editor.getByRole("heading", { name: "Your sites" }).waitFor();
  await editor.goto(`${base}/editor/demo`);
  const canvas = editor.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Fresh from our oven every morning" }).waitFor();

  // Datasets are offered the site's collections and the store's catalog, not members' data.
  const offered = await editor.getByRole("form", { name: "Add a dataset" }).getByLabel("Collection").locator("option").allTextContents();
  assert.ok(offered.includes("Stores/Products") && offered.includes("Posts"), offered.join(", "));
  assert.ok(!offered.some((c) => c.startsWith("Members/") || c.startsWith("Contacts/") || c === "Stores/Coupons"), offered.join(", "));

  await editor.getByLabel("New page title").fill("Shop");
  await editor.getByRole("button", { name: "Add page" }).click();
  await canvas.getByRole("heading", { name: "Shop", level: 1 }).waitFor();

  // The grid shows the store's products on the canvas at once, newest first.
  await editor.getByRole("button", { name: "Add product grid" }).click();
  const settings = editor.getByRole("group", { name: "Product grid" });
  await settings.waitFor();
  const names = () => canvas.locator(".t-repeater .t-link").allTextContents();
  await canvas.getByRole("link", { name: "Wool Scarf" }).first().waitFor();
  assert.deepEqual(await names(), ["Wool Scarf", "Canvas Tote", "Linen Tee"]);
  // The Summer collection, cheapest first.
  await settings.getByLabel("Store collection").selectOption({ label: "Summer" });
  await settings.getByLabel("Sort by").selectOption({ label: "Price: low to high" });
  await editor.waitForFunction(() => {
    const frame = document.querySelector('iframe[title="Page canvas"]')?.contentDocument;
    return [...(frame?.querySelectorAll(".t-repeater .t-link") ?? [])].map((a) => a.textContent).join() === "Canvas Tote,Linen Tee";
  });
  await editor.screenshot({ path: join(ARTIFACTS, "store-elements-1-editor-grid.png") });

  // The cart icon goes to the header, with a sample count on the canvas.
  await editor.getByRole("button", { name: "Add cart icon" }).click();
  await editor.getByRole("heading", { name: /^cartIcon cartIcon1/ }).waitFor();
  const icon = canvas.locator("header .t-cartIcon");
  await icon.waitFor();
  assert.equal(await icon.locator(".t-cart-count").textContent(), "0");
  await editor.screenshot({ path: join(ARTIFACTS, "store-elements-1-editor-cart-icon.png") });

  await editor.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await editor.getByRole("button", { name: "Publish" }).click();
  await editor.getByRole("status").filter({ hasText: /Published version \d+\./ }).waitFor();
  await editor.close();

  // A visitor: the Summer products, cheapest first, with their photos and prices.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(() => {
    window.shifted = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.shifted += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${site}/shop`);
  // No cart yet: the server answers 404, which counts as none.
  await page.getByRole("link", { name: "Cart, 0 items" }).waitFor();
  const grid = page.locator(".t-repeater");
  assert.deepEqual(await grid.locator(".t-link").allTextContents(), ["Canvas Tote", "Linen Tee"]);
  assert.equal(await grid.getByRole("img", { name: "Linen Tee" }).count(), 1);
  assert.match(await grid.locator("li").first().locator(".t-price").textContent(), /Regular price \$30\.00\s*Sale price \$15\.00/);
  assert.equal((await grid.locator("li").nth(1).locator(".t-text").textContent()).trim(), "$24.00");
  assert.match(await grid.getByRole("img", { name: "Linen Tee" }).getAttribute("srcset"), /\/media\/.+ 320w/);
  // Every photo loaded and shown square, and nothing moved as they (and the count) came in.
  await page.evaluate(() => Promise.all([...document.querySelectorAll(".t-repeater img")].map((img) => img.decode())));
  const boxes = await grid.locator("img").evaluateAll((imgs) => imgs.map((i) => Math.round(i.getBoundingClientRect().height - i.getBoundingClientRect().width)));
  assert.deepEqual(boxes, [0, 0]);
  assert.equal(await page.evaluate(() => window.shifted), 0);
  await page.screenshot({ path: join(ARTIFACTS, "store-elements-2-live.png"), fullPage: true });

  // A card leads to the product's page; two go in the cart and the header counts them.
  await grid.getByRole("link", { name: "Linen Tee" }).last().click();
  await page.waitForURL(/\/product-page\/linen-tee$/);
  await page.getByRole("heading", { name: "Linen Tee" }).waitFor();
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  // Added without leaving the page: the side cart shows the cart, Escape closes it, and the
  // header counts the two.
  const side = page.getByRole("dialog", { name: "Cart" });
  await side.waitFor();
  assert.match(await side.textContent(), /Linen Tee.*Qty 2.*\$48\.00.*Subtotal.*\$48\.00/s);
  // The line's photo, as a small variant (decode fails on a broken image).
  await side.locator("img").evaluate((img) => img.decode());
  assert.match(await side.locator("img").getAttribute("src"), /^\/media\/.+\/v1\/fill\/w_160,h_160/);
  await page.screenshot({ path: join(ARTIFACTS, "store-elements-3-side-cart.png") });
  await page.keyboard.press("Escape");
  await side.waitFor({ state: "hidden" });
  await page.getByRole("status").getByText("Added to your cart").waitFor();
  await page.getByRole("banner").getByRole("link", { name: "Cart, 2 items" }).waitFor();
  await page.goto(`${site}/shop`);
  const cart = page.getByRole("link", { name: "Cart, 2 items" });
  await cart.waitFor();
  assert.equal(await cart.locator(".t-cart-count").textContent(), "2");
  assert.equal(await page.evaluate(() => window.shifted), 0);
  await page.getByRole("banner").screenshot({ path: join(ARTIFACTS, "store-elements-3-header-count.png") });
  // The icon opens the side cart too; from there, the cart page.
  await cart.click();
  await side.waitFor();
  await side.getByRole("link", { name: "View cart" }).click();
  await page.getByRole("heading", { name: "Your cart" }).waitFor();
  await context.close();

  // Without JavaScript the icon is a plain link to the cart, named by its label.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const phone = await plain.newPage();
  await phone.goto(`${site}/shop`);
  await phone.getByRole("link", { name: "Canvas Tote" }).first().waitFor();
  await phone.screenshot({ path: join(ARTIFACTS, "store-elements-4-mobile-no-js.png"), fullPage: true });
  await phone.getByRole("link", { name: "Cart", exact: true }).click();
  await phone.getByRole("heading", { name: "Your cart" }).waitFor();
  await plain.close();
});
