// End to end in Debian's Chromium: the Store section, served by the tessera binary on the
// demo data. The owner adds a T-shirt in S and M and stocks it, a visitor buys an M through
// the site's API, and the owner runs the order (fulfil with tracking, refund with restock)
// and sees the stock come back. Screenshots of each step land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { ARTIFACTS, BIN, freePort, logIn, png, until, waitReady } from "./lib.mjs";

const STORES_APP = "215238eb-22a5-4c36-9e7b-e7c08025e04e";

let server, browser, base, port, dataDir;

const teeImage = png(400, 400, (x, y) => {
  const body = x > 90 && x < 310 && y > 80 && y < 360;
  const sleeves = y > 80 && y < 170 && (x > 30 && x < 370) && Math.abs(200 - x) > 60 - (y - 80) / 3;
  if (body || sleeves) return y > 200 && y < 230 ? [240, 240, 240] : [29, 43, 90];
  return [238, 240, 243];
});

before(async () => {
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), "tessera-e2e-store-"));
  server = spawn(BIN, ["serve", "--demo", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TESSERA_LOG: "warn" },
  });
  base = `http://localhost:${port}`;
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Whether every image in `locator` has loaded with pixels. */
function loaded(locator) {
  return locator.evaluateAll((imgs) => imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0));
}

/**
 * A visitor of the demo site, calling its API on the site's host (demo.localhost) as the
 * storefront does, and keeping the `tessera_visitor` cookie the site gives them.
 */
function visitor() {
  let cookie = "";
  return (method, path, body) =>
    new Promise((resolve, reject) => {
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(
        {
          host: "127.0.0.1",
          port,
          method,
          path,
          headers: {
            host: `demo.localhost:${port}`,
            ...(data ? { "content-type": "application/json", "content-length": data.length } : {}),
            ...(cookie ? { cookie } : {}),
          },
        },
        (res) => {
          const given = (res.headers["set-cookie"] ?? []).find((c) => c.startsWith("tessera_visitor="));
          if (given) cookie = given.split(";")[0];
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (c) => (text += c));
          res.on("end", () => {
            const json = text ? JSON.parse(text) : null;
            if (res.statusCode !== 200) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
            else resolve(json);
          });
        },
      );
      req.on("error", reject);
      req.end(data);
    });
}

test("sell a T-shirt: create it with sizes, stock it, a visitor buys one, fulfil and refund it with restock", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  try {
    const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
    const refused = [];
    page.on("console", (m) => /Content Security Policy/.test(m.text()) && refused.push(m.text()));
    // The whole message, so that "Saved." does not also find "Variants saved.".
    const status = (text) => page.getByRole("status").filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
    await logIn(page, base);
    await page.getByRole("link", { name: "Demo Bakery" }).click();
    await page.getByRole("navigation", { name: "Site sections" }).getByRole("link", { name: "Store" }).click();
    await page.waitForURL(`${base}/sites/demo/store`);
    await page.getByRole("heading", { name: "Store", level: 1 }).waitFor();
    await page.getByText("No products yet.").waitFor();
    await page.getByText("Sales today").waitFor();
    await shot("70-store-overview-empty");

    // A new product: a T-shirt at 20.00 in S and M, each variant with its own price, an image
    // from the media picker (uploaded in place), and a new collection.
    await page.getByRole("tab", { name: "Products" }).click();
    await page.waitForURL(`${base}/sites/demo/store/products`);
    await page.getByRole("link", { name: "New product" }).first().click();
    await page.waitForURL(`${base}/sites/demo/store/products/new`);
    await page.getByLabel("Name", { exact: true }).fill("Tee");
    await page.getByLabel("Description").fill("A soft cotton T-shirt.");
    await page.getByLabel("Price (USD)").fill("20");
    await page.getByRole("button", { name: "Add option" }).click();
    await page.getByLabel("Option name").fill("Size");
    const newChoice = page.getByLabel("New choice for Size");
    await newChoice.fill("S");
    await newChoice.press("Enter");
    await newChoice.fill("M");
    await newChoice.press("Enter");
    assert.deepEqual(await page.getByRole("list", { name: "Choices of Size" }).getByRole("listitem").allTextContents(), ["S", "M"]);
    await page.getByLabel("Set a price, SKU and visibility for each variant").check();
    await page.getByText("2 variants.").waitFor();
    await page.getByRole("button", { name: "Add image" }).click();
    const picker = page.getByRole("dialog", { name: "Choose a product image" });
    await picker.getByLabel("Upload", { exact: true }).setInputFiles([{ name: "tee.png", mimeType: "image/png", buffer: teeImage }]);
    await picker.getByText("tee.png · 400 × 400").waitFor();
    await picker.getByRole("button", { name: "Choose", exact: true }).click();
    await picker.waitFor({ state: "detached" });
    const mainImage = page.getByRole("list", { name: "Product images" }).getByRole("img", { name: "Main image" });
    await until(() => loaded(mainImage), "the product's image");
    await shot("71-product-new");
    await page.getByRole("button", { name: "Create product" }).click();
    await page.waitForURL(/\/store\/products\/[0-9a-f-]{36}$/);
    const productId = page.url().split("/").pop();
    await status("“Tee” is created.").waitFor();
    // The breadcrumb names the product once it is read (a moment after the page).
    const crumbs = () => page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("listitem").allTextContents();
    await until(async () => JSON.stringify(await crumbs()) === JSON.stringify(["Demo Bakery", "Store", "Tee"]), "the breadcrumb");

    // The variants: M costs 22.00.
    const variants = page.getByRole("region", { name: "Variants" });
    await variants.getByLabel("Price of M").fill("22");
    await variants.getByRole("button", { name: "Save variants" }).click();
    await variants.getByRole("status").filter({ hasText: "Variants saved." }).waitFor();
    // A collection made here, with the product in it.
    const collections = page.getByRole("region", { name: "Collections" });
    await collections.getByLabel("New collection name").fill("Shirts");
    await collections.getByRole("button", { name: "Create and add" }).click();
    await collections.getByRole("checkbox", { name: /Shirts/ }).waitFor();
    assert.equal(await collections.getByRole("checkbox", { name: /Shirts/ }).isChecked(), true);
    await collections.getByText("(1)").waitFor();
    await until(() => loaded(mainImage), "the product's image");
    await shot("72-product-editor");
    // An edit sends what changed, and the form shows the product as stored.
    await page.getByLabel("Description").fill("A soft cotton T-shirt, made to last.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await status("Saved.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save", exact: true }).isDisabled(), true, "nothing left to save");

    await page.getByRole("tab", { name: "Products" }).click();
    const row = page.getByRole("row").filter({ hasText: "Tee" });
    await row.waitFor();
    assert.match(await row.textContent(), /\$20\.00.*In stock.*Visible/);
    await until(() => loaded(row.locator("img")), "the product's thumbnail");
    await shot("73-products");

    // Inventory: both sizes to 5 at once (which turns tracking on), then M to 2 in the table.
    await page.getByRole("tab", { name: "Inventory" }).click();
    await page.waitForURL(`${base}/sites/demo/store/inventory`);
    await page.getByLabel("Select Tee S").check();
    await page.getByLabel("Select Tee M").check();
    await page.getByText("2 variants selected").waitFor();
    await page.getByLabel("Set quantity").fill("5");
    await page.getByRole("button", { name: "Apply" }).click();
    await status("Quantity set to 5 for 2 variants.").waitFor();
    assert.equal(await page.getByLabel("Track the quantity of Tee").isChecked(), true);
    await page.getByLabel("Quantity of Tee M").fill("2");
    await page.getByRole("button", { name: "Save changes" }).click();
    await status("Stock saved.").waitFor();
    assert.equal(await page.getByLabel("Quantity of Tee M").inputValue(), "2");
    assert.equal(await page.getByLabel("Quantity of Tee S").inputValue(), "5");
    const mRow = page.locator('tr[data-variant="M"]');
    assert.match(await mRow.getAttribute("class"), /inventory-low/, "2 left is low");
    await shot("74-inventory-stocked");

    // A visitor buys one M on the site, as the storefront would.
    const shop = visitor();
    const { product } = await shop("GET", `/stores/v1/products/${productId}`);
    const m = product.variants.find((v) => v.choices.Size === "M");
    assert.equal(m.stock.quantity, 2);
    await shop("POST", "/ecom/v1/carts/current/add-to-cart", {
      lineItems: [{ catalogReference: { catalogItemId: productId, appId: STORES_APP, options: { variantId: m.id } }, quantity: 1 }],
    });
    const address = { addressLine1: "1 Main St", city: "Springfield", country: "US", postalCode: "12345" };
    const { checkoutId } = await shop("POST", "/ecom/v1/carts/current/create-checkout", { email: "ann@example.com", shippingAddress: address });
    await shop("PATCH", `/ecom/v1/checkouts/${checkoutId}`, {
      checkout: { billingInfo: { address, contactDetails: { firstName: "Ann", lastName: "Lee" } } },
    });
    const placed = await shop("POST", `/ecom/v1/checkouts/${checkoutId}/create-order`, {});
    const orderId = placed.orderId;
    const number = placed.order.number;
    const paid = await shop("POST", `/_stores/v1/orders/${orderId}/pay`, { cardNumber: "4242424242424242" });
    assert.equal(paid.order.paymentStatus, "PAID");
    const total = paid.order.priceSummary.total.formattedAmount;
    assert.equal(paid.order.priceSummary.subtotal.amount, "22.00", "M's own price");

    // The overview: today's sale, one order to send, and Tee running low.
    await page.getByRole("tab", { name: "Overview" }).click();
    await page.waitForURL(`${base}/sites/demo/store`);
    const salesToday = page.locator(".store-stat").filter({ hasText: "Sales today" });
    await salesToday.getByText(total, { exact: true }).waitFor();
    await salesToday.getByText("1 paid order").waitFor();
    await page.locator(".store-stat").filter({ hasText: "To fulfil" }).getByText("1", { exact: true }).waitFor();
    await page.getByRole("region", { name: "Low stock" }).getByRole("link", { name: "Tee" }).waitFor();
    await shot("75-store-overview");

    // The orders list: filters and search find it; a search for nobody finds nothing.
    await page.getByRole("tab", { name: "Orders" }).click();
    await page.waitForURL(`${base}/sites/demo/store/orders`);
    await page.getByRole("link", { name: `#${number}` }).waitFor();
    await page.getByLabel("Payment").selectOption("unpaid");
    await page.getByText("No order matches these filters.").waitFor();
    await page.getByLabel("Payment").selectOption("paid");
    await page.getByLabel("Fulfilment").selectOption("unfulfilled");
    await page.waitForURL(`${base}/sites/demo/store/orders?payment=paid&fulfillment=unfulfilled`);
    await page.getByRole("searchbox", { name: "Search orders" }).fill("ann lee");
    await page.waitForURL(/q=ann/);
    const orderRow = page.getByRole("row").filter({ hasText: `#${number}` });
    await orderRow.waitFor();
    assert.match(await orderRow.textContent(), /Ann Lee.*ann@example\.com.*Paid.*Not fulfilled/);
    await shot("76-orders");
    await page.getByRole("searchbox", { name: "Search orders" }).fill("nobody-here");
    await page.getByText("No order matches these filters.").waitFor();
    await page.getByRole("searchbox", { name: "Search orders" }).fill(String(number));
    await orderRow.getByRole("link", { name: `#${number}` }).click();

    // The order's page: items, totals, the address and the timeline.
    await page.waitForURL(`${base}/sites/demo/store/orders/${orderId}`);
    await page.getByRole("heading", { name: `Order #${number}` }).waitFor();
    assert.deepEqual(
      await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("listitem").allTextContents(),
      ["Demo Bakery", "Store", `Order #${number}`],
    );
    await page.getByRole("region", { name: "Items" }).getByText("Size: M").waitFor();
    assert.match(await page.getByRole("region", { name: "Delivery" }).textContent(), /1 Main St.*Springfield.*12345.*US/);
    const timeline = page.getByRole("region", { name: "Timeline" });
    await timeline.getByText("Order placed").waitFor();
    await timeline.getByText("Payment received").waitFor();
    await shot("77-order-paid");

    // Fulfil with a tracking number.
    await page.getByRole("button", { name: "Fulfil", exact: true }).click();
    const fulfil = page.getByRole("dialog", { name: `Fulfil order #${number}` });
    await fulfil.getByText("1 × Tee").waitFor();
    await fulfil.getByLabel("Tracking number").fill("1Z999AA10123456784");
    await fulfil.getByLabel("Carrier").fill("UPS");
    await page.screenshot({ path: join(ARTIFACTS, "78-order-fulfil-dialog.png") });
    await fulfil.getByRole("button", { name: "Mark as fulfilled" }).click();
    await fulfil.waitFor({ state: "detached" });
    await status("Fulfilled.").waitFor();
    await page.getByRole("list", { name: "Tracking" }).getByText("1Z999AA10123456784").waitFor();
    await page.locator(".order-head").getByText("Fulfilled", { exact: true }).waitFor();
    await timeline.getByText("Items sent").waitFor();
    assert.equal(await page.getByRole("button", { name: "Fulfil", exact: true }).count(), 0, "nothing left to send");
    await shot("79-order-fulfilled");

    // Refund the whole order and put the shirt back in stock.
    await page.getByRole("button", { name: "Refund", exact: true }).click();
    const refund = page.getByRole("dialog", { name: `Refund order #${number}` });
    assert.equal(await refund.getByLabel(/^Amount/).inputValue(), paid.order.priceSummary.total.amount);
    assert.equal(await refund.getByLabel("Quantity of Tee refunded").inputValue(), "1");
    await refund.getByLabel("Put the refunded items back in stock").check();
    await page.screenshot({ path: join(ARTIFACTS, "80-order-refund-dialog.png") });
    await refund.getByRole("button", { name: `Refund ${total}` }).click();
    await refund.waitFor({ state: "detached" });
    await status(`Refunded ${total}.`).waitFor();
    await page.locator(".order-head").getByText("Refunded", { exact: true }).waitFor();
    await timeline.getByText(`Refunded: ${total}`).waitFor();
    await page.getByRole("region", { name: "Items" }).getByText("1 restocked").waitFor();
    assert.equal(await page.getByRole("button", { name: "Refund", exact: true }).count(), 0, "nothing left to refund");
    await shot("81-order-refunded");

    // Print: the browser's print, with the order alone on the page.
    await page.evaluate(() => {
      window.printed = 0;
      window.print = () => window.printed++;
    });
    await page.getByRole("button", { name: "Print" }).click();
    assert.equal(await page.evaluate(() => window.printed), 1);
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".sidebar").isVisible(), false);
    assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
    await shot("82-order-print");
    await page.emulateMedia({ media: "screen" });

    // An offline order (one S) waits to be marked paid; canceled with restock, its S goes back.
    const other = visitor();
    await other("POST", "/ecom/v1/carts/current/add-to-cart", {
      lineItems: [{ catalogReference: { catalogItemId: productId, appId: STORES_APP, options: { variantId: product.variants.find((v) => v.choices.Size === "S").id } }, quantity: 1 }],
    });
    const second = await other("POST", "/ecom/v1/carts/current/create-checkout", { email: "bo@example.com", shippingAddress: address });
    const offline = await other("POST", `/ecom/v1/checkouts/${second.checkoutId}/create-order`, { paymentProvider: "offline" });
    await page.goto(`${base}/sites/demo/store/orders/${offline.orderId}`);
    await page.getByRole("heading", { name: `Order #${offline.order.number}` }).waitFor();
    await page.locator(".order-head").getByText("Not paid", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Mark as paid" }).click();
    await status("Marked as paid.").waitFor();
    await page.locator(".order-head").getByText("Paid", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Cancel order" }).click();
    const cancel = page.getByRole("dialog", { name: `Cancel order #${offline.order.number}?` });
    assert.equal(await cancel.getByLabel("Put the items back in stock").isChecked(), true);
    await page.screenshot({ path: join(ARTIFACTS, "82b-order-cancel-dialog.png") });
    await cancel.getByRole("button", { name: "Cancel order" }).click();
    await cancel.waitFor({ state: "detached" });
    await status("The order is canceled.").waitFor();
    await page.locator(".order-head").getByText("Canceled", { exact: true }).waitFor();
    await page.getByRole("region", { name: "Timeline" }).getByText("Order canceled, items restocked").waitFor();
    assert.equal(await page.getByRole("button", { name: "Cancel order" }).count(), 0);
    await shot("82c-order-canceled");

    // The inventory has M back at 2, and S at 5.
    await page.getByRole("tab", { name: "Inventory" }).click();
    await page.waitForURL(`${base}/sites/demo/store/inventory`);
    // (What was loaded before shows until the stock is read again.)
    await until(async () => (await page.getByLabel("Quantity of Tee M").inputValue()) === "2", "M is back at 2");
    assert.equal(await page.getByLabel("Quantity of Tee S").inputValue(), "5");
    await shot("83-inventory-restocked");
    assert.deepEqual(refused, [], "nothing refused by the dashboard's policy");
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "store-failed.png") });
    throw e;
  }
});

test("store settings: the server's refusal names the field, and a fixed form saves", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1500 } });
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/store/settings`);
    await page.getByRole("heading", { name: "Tax" }).waitFor();
    await page.getByRole("button", { name: "Add tax region" }).click();
    await page.getByLabel("Country of tax region 1").fill("US");
    await page.getByLabel("State of tax region 1").fill("CA");
    await page.getByLabel("Rate of tax region 1 in percent").fill("150");
    await page.getByLabel("Name of tax region 1").fill("Sales tax");
    await page.getByRole("button", { name: "Save settings" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "taxRegions[0].rate" });
    await refusal.waitFor();
    assert.equal(await page.getByLabel("Rate of tax region 1 in percent").getAttribute("aria-invalid"), "true", "the refused field is marked");
    await page.screenshot({ path: join(ARTIFACTS, "84-settings-refused.png") });
    await page.getByLabel("Rate of tax region 1 in percent").fill("7.25");
    await page.getByRole("button", { name: "Add shipping rule" }).click();
    await page.getByLabel("Title").last().fill("Express");
    await page.getByLabel("Cost (USD)").last().fill("9.50");
    await page.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").filter({ hasText: "Settings saved." }).waitFor();
    await page.reload();
    assert.equal(await page.getByLabel("Rate of tax region 1 in percent").inputValue(), "7.25");
    assert.equal(await page.getByLabel("Title").last().inputValue(), "Express");
    await page.screenshot({ path: join(ARTIFACTS, "85-settings-saved.png") });
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "store-failed.png") });
    throw e;
  }
});
