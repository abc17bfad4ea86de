// End to end in Debian's Chromium: a visitor buys from the demo site's store pages. The owner
// (through the API) adds a T-shirt in S and M with 2 M in stock; the visitor browses the
// category, picks M on the product page, adds it to the cart, checks out, has a card
// declined, pays with the test card and sees the thank-you page; the order is paid and the
// stock taken. Then the same without JavaScript. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, png, startDemo } from "./lib.mjs";

let demo, browser, base, site, owner, product, variantM;

async function stockOfM() {
  const { inventoryItem } = await owner("GET", `/stores/v2/inventoryItems/${product}`);
  return inventoryItem.variants.find((v) => v.variantId === variantM).quantity;
}

before(async () => {
  demo = await startDemo("storefront");
  ({ browser, base, site, owner } = demo);
  // An image from the media library.
  const { uploadUrl } = await owner("POST", "/site-media/v1/files/generate-upload-url", { mimeType: "image/png", fileName: "tee.png" });
  const u = new URL(uploadUrl);
  const image = png(480, 480, (x, y) => (x > 120 && x < 360 && y > 90 && y < 420 ? [40, 60, 110] : [226, 232, 240]));
  const up = await fetch(base + u.pathname + u.search, { method: "PUT", headers: { "content-type": "image/png" }, body: image });
  const { file } = await up.json();
  const created = await owner("POST", "/stores/v1/products", {
    product: {
      name: "Linen Tee",
      description: "Soft linen, cut for summer.",
      priceData: { price: 24 },
      manageVariants: true,
      productOptions: [{ name: "Size", choices: [{ value: "S", description: "S" }, { value: "M", description: "M" }] }],
      media: { items: [{ mediaId: file.id }] },
    },
  });
  product = created.product.id;
  const [s, m] = ["S", "M"].map((size) => created.product.variants.find((v) => v.choices.Size === size).id);
  variantM = m;
  await owner("PATCH", `/stores/v2/inventoryItems/${product}`, {
    inventoryItem: { trackQuantity: true, variants: [{ variantId: s, quantity: 0 }, { variantId: m, quantity: 2 }] },
  });
  await owner("PATCH", "/stores/v1/settings", {
    settings: { taxRegions: [{ country: "US", rate: "0.08" }], shippingRules: [{ code: "std", title: "Standard", rate: { type: "FLAT", amount: "5" } }] },
  });
});

after(() => demo?.stop());

async function fillCheckout(page, card) {
  await page.getByLabel("Email").fill("ann@example.com");
  await page.getByLabel("First name").fill("Ann");
  await page.getByLabel("Last name").fill("Lee");
  await page.getByLabel("Address").fill("1 Main St");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("Country code (e.g. US)").fill("US");
  await page.getByLabel("Card number").fill(card);
}

test("a visitor buys a variant with the test card", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await page.goto(`${site}/category/all-products`);
  await page.screenshot({ path: join(ARTIFACTS, "90-category.png"), fullPage: true });
  await page.getByRole("link", { name: "Linen Tee" }).click();
  await page.getByRole("heading", { name: "Linen Tee" }).waitFor();
  // S is sold out: offered, but not choosable.
  const sizes = await page.getByLabel("Size").locator("option").allTextContents();
  assert.deepEqual(sizes, ["Choose", "S (sold out)", "M"]);
  await page.getByLabel("Size").selectOption("M");
  await page.getByLabel("Quantity").fill("3");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByRole("alert").getByText("Not enough in stock").waitFor();
  await page.getByLabel("Size").selectOption("M");
  await page.getByLabel("Quantity").fill("1");
  await page.getByRole("button", { name: "Add to cart" }).click();
  // The side cart opens with the line, and leads to the cart.
  const side = page.getByRole("dialog", { name: "Cart" });
  await side.waitFor();
  assert.match(await side.textContent(), /Added to your cart\..*Linen Tee.*Size: M.*Qty 1.*\$24\.00.*Subtotal.*\$24\.00/s);
  await page.screenshot({ path: join(ARTIFACTS, "91-product-added.png"), fullPage: true });
  await side.getByRole("link", { name: "View cart" }).click();
  await page.getByRole("heading", { name: "Your cart" }).waitFor();
  assert.match(await page.locator(".t-cart").textContent(), /Linen Tee.*Size: M.*\$24\.00/s);
  await page.screenshot({ path: join(ARTIFACTS, "92-cart.png"), fullPage: true });
  await page.getByRole("button", { name: "Check out" }).click();
  await page.getByRole("heading", { name: "Checkout" }).waitFor();

  await fillCheckout(page, "4000 0000 0000 0002");
  await page.getByRole("button", { name: "Update delivery and totals" }).click();
  // 24.00 + 5.00 delivery + 8 % of 24.00.
  await page.locator(".t-checkout-summary").getByText("$30.92").waitFor();
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("alert").getByText("Your card was declined").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "93-checkout-declined.png"), fullPage: true });
  assert.equal(await stockOfM(), 2, "a declined payment holds nothing");

  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
  await page.getByText("Paid.").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "94-thank-you.png"), fullPage: true });
  assert.equal(await stockOfM(), 1);
  const { orders } = await owner("POST", "/ecom/v1/orders/search", { search: { filter: { paymentStatus: "PAID" } } });
  assert.equal(orders.length, 1);
  assert.equal(orders[0].priceSummary.total.amount, "30.92");
  assert.equal(orders[0].buyerInfo.email, "ann@example.com");
  await page.close();
});

test("the store works without JavaScript", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${site}/product-page/linen-tee`);
  await page.getByLabel("Size").selectOption("M");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.getByText("Added to your cart").waitFor();
  await page.goto(`${site}/cart-page`);
  await page.getByRole("button", { name: "Check out" }).click();
  await fillCheckout(page, "4242424242424242");
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "95-thank-you-mobile.png"), fullPage: true });
  assert.equal(await stockOfM(), 0);
  // Sold out now: the product page says so.
  await page.goto(`${site}/product-page/linen-tee`);
  await page.getByRole("button", { name: "Out of stock" }).waitFor();
  await context.close();
});
