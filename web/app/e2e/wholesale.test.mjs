// End to end in Debian's Chromium: the README's worked example of checkout logic in site code,
// examples/wholesale-store/src, pushed and published as it is on disk. The owner (through the
// API) sells a Christmas Stollen with the ribbon "Limited edition", makes the role
// "wholesale" and the rule "Wholesale: 20% off" (a custom trigger), and keeps the address of
// the bakery's order system (a small server here, allowed with TESSERA_FETCH_ALLOW) in the
// secret ORDER_WEBHOOK_URL. A member who signs up and gets the role pays 20% less, with the
// gift-wrapping fee, and the order system hears of the paid order (once refused, then retried).
// A visitor gets no discount, is told in the cart that 3 stollen are too many, and cannot
// place that order. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join, relative } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, freePort, startDemo, until } from "./lib.mjs";

const EXAMPLE = new URL("../../../examples/wholesale-store/src/", import.meta.url).pathname;

let demo, browser, base, site, owner, token, orderSystem;
/** What the order system was sent, in order. */
const heard = [];

/** A `/api/v1` call as the owner that must answer `status`. */
async function api(method, path, body, status = 200) {
  const res = await fetch(`${base}/api/v1/sites/demo${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, status, `${path}: ${JSON.stringify(json)}`);
  return json;
}

/** The example's files by their path under src/. */
function exampleFiles(dir = EXAMPLE, files = {}) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) exampleFiles(path, files);
    else files[relative(EXAMPLE, path)] = readFileSync(path, "utf8");
  }
  return files;
}

before(async () => {
  // The order system: refuses the first call (it is "down"), then takes them.
  const port = await freePort();
  orderSystem = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      heard.push({ path: req.url, body: JSON.parse(body) });
      res.writeHead(heard.length === 1 ? 503 : 200).end();
    });
  }).listen(port, "127.0.0.1");
  process.env.TESSERA_FETCH_ALLOW = `127.0.0.1:${port}`;
  demo = await startDemo("wholesale");
  ({ browser, base, site, owner, token } = demo);

  await owner("POST", "/stores/v1/products", {
    product: { name: "Christmas Stollen", description: "Fruit, marzipan, a winter's worth of butter.", priceData: { price: 20 }, ribbon: "Limited edition" },
  });
  await owner("PATCH", "/stores/v1/settings", {
    settings: { taxRegions: [{ country: "US", rate: "0.08" }], shippingRules: [{ code: "std", title: "Standard", rate: { type: "FLAT", amount: "5" } }] },
  });
  await api("PUT", "/member-roles/wholesale", { kind: "role", title: "Wholesale" });
  await owner("POST", "/ecom/v1/discount-rules", {
    discountRule: {
      name: "Wholesale: 20% off",
      active: true,
      trigger: { triggerType: "CUSTOM", customTrigger: { id: "wholesale" } },
      discounts: {
        values: [{
          targetType: "SPECIFIC_ITEMS", discountType: "PERCENTAGE", percentage: 20,
          specificItemsInfo: { scopes: [{ type: "CATALOG_ITEM", catalogItemFilter: { catalogAppId: "215238eb-22a5-4c36-9e7b-e7c08025e04e" } }] },
        }],
      },
    },
  });
  await api("PUT", "/secrets/ORDER_WEBHOOK_URL", { value: `http://127.0.0.1:${port}/orders` }, 201);

  const files = exampleFiles();
  assert.deepEqual(Object.keys(files).sort(), [
    "backend/___spi___/ecom-additional-fees/gift-wrap/gift-wrap-config.js",
    "backend/___spi___/ecom-additional-fees/gift-wrap/gift-wrap.js",
    "backend/___spi___/ecom-discounts-trigger/wholesale/wholesale-config.js",
    "backend/___spi___/ecom-discounts-trigger/wholesale/wholesale.js",
    "backend/___spi___/ecom-validations/limited-items/limited-items-config.js",
    "backend/___spi___/ecom-validations/limited-items/limited-items.js",
    "backend/events.js",
  ]);
  const pushed = await api("PUT", "/code?strict=true", { files }, 201);
  assert.deepEqual(pushed.problems, []);
  await api("POST", "/code/publish", { revision: pushed.revision });
  const { servicePlugins } = await owner("GET", "/ecom/v1/service-plugins");
  assert.deepEqual(servicePlugins.map((p) => `${p.type}/${p.name} ${p.enabled ? "on" : "off"}`).sort(), [
    "ecom-additional-fees/gift-wrap on",
    "ecom-discounts-trigger/wholesale on",
    "ecom-validations/limited-items on",
  ]);
});

after(async () => {
  await demo?.stop();
  orderSystem?.close();
});

/** Fills the checkout form for `first last <email>` in Austin and prices it. */
async function fillCheckout(page, [first, last, email]) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.getByLabel("Address").fill("1 Main St");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("Country code (e.g. US)").fill("US");
  await page.getByRole("button", { name: "Update delivery and totals" }).click();
}

/** Adds `quantity` stollen from the product page and opens the cart page. */
async function addStollen(page, quantity) {
  await page.goto(`${site}/product-page/christmas-stollen`);
  await page.getByRole("heading", { name: "Christmas Stollen" }).waitFor();
  await page.locator(".t-ribbon").getByText("Limited edition").waitFor();
  await page.getByLabel("Quantity").fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  const side = page.getByRole("dialog", { name: "Cart" });
  await side.waitFor();
  await side.getByRole("link", { name: "View cart" }).click();
  await page.getByRole("heading", { name: "Your cart" }).waitFor();
}

test("a wholesale member pays 20% less, with gift wrapping, and the order system hears of the payment", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  try {
    // Wendy joins the site; the owner makes her a wholesale customer.
    await page.goto(`${site}/signup`);
    await page.getByLabel("First name").fill("Wendy");
    await page.getByLabel("Email").fill("wendy@example.com");
    await page.getByLabel("Password (at least 8 characters)").fill("a long password");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL(`${site}/account`);
    const { members } = await owner("GET", "/members/v1/members");
    const wendy = members.find((m) => m.loginEmail === "wendy@example.com");
    await api("PUT", `/members/${wendy.id}/roles`, { roles: ["wholesale"] });

    await addStollen(page, 2);
    assert.match(await page.locator(".t-cart-totals").textContent(), /Subtotal\s*\$40\.00\s*Wholesale: 20% off\s*−\$8\.00\s*After discounts\s*\$32\.00/);
    await page.screenshot({ path: join(ARTIFACTS, "130-wholesale-cart.png"), fullPage: true });
    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    await fillCheckout(page, ["Wendy", "Hale", "wendy@example.com"]);
    // 40.00 − 8.00, 5.00 delivery, 2.50 gift wrapping, 8 % tax on 32.00 + 2.50.
    const summary = page.getByRole("complementary", { name: "Order summary" });
    await summary.getByText("$42.26").waitFor();
    assert.match(
      await summary.textContent(),
      /Subtotal\s*\$40\.00\s*Wholesale: 20% off\s*−\$8\.00\s*Delivery\s*\$5\.00\s*Gift wrapping\s*\$2\.50\s*Tax\s*\$2\.76\s*Total\s*\$42\.26/,
    );
    await page.screenshot({ path: join(ARTIFACTS, "131-wholesale-checkout.png"), fullPage: true });
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("heading", { name: "Thank you for your order" }).waitFor();
    await page.getByText("$42.26").waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "132-wholesale-thank-you.png"), fullPage: true });

    // The first call finds the order system down; the retry, 2 s later, reaches it.
    const { orders } = await owner("POST", "/ecom/v1/orders/search", { search: { filter: { paymentStatus: "PAID" } } });
    assert.equal(orders.length, 1);
    await until(async () => heard.length === 2, "the order system told twice");
    const expected = { orderId: orders[0].id, orderNumber: orders[0].number, total: "42.26", currency: "USD", email: "wendy@example.com" };
    assert.deepEqual(heard, [{ path: "/orders", body: expected }, { path: "/orders", body: expected }]);
    const { logs } = await api("GET", "/logs?latest=true&level=error");
    const said = logs.map((l) => `${l.source}: ${l.message}`).join("\n");
    assert.match(said, /event wixEcom_onOrderPaymentStatusUpdated: uncaught: the order system answered 503\n\s+at wixEcom_onOrderPaymentStatusUpdated \(backend\/events\.js:/);
    assert.match(said, /event wixEcom_onOrderPaymentStatusUpdated: attempt 1 of 8 failed; the next is at /);
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "wholesale-failed.png"), fullPage: true });
    throw e;
  } finally {
    await context.close();
  }
});

test("a visitor pays the full price and may not buy more than 2 limited stollen", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  try {
    await addStollen(page, 3);
    const refusal = "Christmas Stollen is a limited edition: no more than 2 per order (you have 3).";
    await page.getByRole("alert").getByText(refusal).waitFor();
    assert.match(await page.locator(".t-cart-totals").textContent(), /^Subtotal\s*\$60\.00$/);
    await page.screenshot({ path: join(ARTIFACTS, "133-limited-cart.png"), fullPage: true });

    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    await page.getByRole("alert").getByText(refusal).waitFor();
    await fillCheckout(page, ["Ann", "Lee", "ann@example.com"]);
    await page.getByLabel("Card number").fill("4242 4242 4242 4242");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByRole("alert").getByText(refusal).first().waitFor();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "134-limited-checkout.png"), fullPage: true });
    const { orders } = await owner("POST", "/ecom/v1/orders/search", { search: {} });
    assert.deepEqual(orders.map((o) => o.buyerInfo.email), ["wendy@example.com"], "no order of 3");

    // Two are fine: the full price, with gift wrapping (8 % tax on 40.00 + 2.50).
    await page.goto(`${site}/cart-page`);
    await page.getByLabel("Quantity of Christmas Stollen").fill("2");
    await page.getByRole("button", { name: "Update" }).click();
    await page.getByRole("cell", { name: "$40.00" }).waitFor();
    assert.equal(await page.getByRole("alert").count(), 0);
    await page.getByRole("button", { name: "Check out" }).click();
    await page.getByRole("heading", { name: "Checkout" }).waitFor();
    await fillCheckout(page, ["Ann", "Lee", "ann@example.com"]);
    const summary = page.getByRole("complementary", { name: "Order summary" });
    await summary.getByText("$50.90").waitFor();
    assert.match(await summary.textContent(), /Subtotal\s*\$40\.00\s*Delivery\s*\$5\.00\s*Gift wrapping\s*\$2\.50\s*Tax\s*\$3\.40\s*Total\s*\$50\.90/);
    await page.screenshot({ path: join(ARTIFACTS, "135-visitor-checkout.png"), fullPage: true });
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "wholesale-failed-visitor.png"), fullPage: true });
    throw e;
  } finally {
    await context.close();
  }
});
