// End to end in Debian's Chromium: coupons and automatic discounts, served by the tessera
// binary on the demo data. The owner (through the API) sells a Tee at 20.00; in the dashboard
// they create coupons (a refused duplicate code is said next to the form), turn one off and
// delete one; they create the automatic discount "Two or more: 25% off" on the Tee and see it
// listed. A visitor of the published store adds two Tees and sees the discount in the cart
// and at checkout. An edit of a discount changed meanwhile is refused until reloaded; the
// owner turns the discount off and the visitor's checkout loses it. Screenshots land in
// e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo, until } from "./lib.mjs";

let demo, browser, base, site, owner, product;

before(async () => {
  demo = await startDemo("discounts");
  ({ browser, base, site, owner } = demo);
  const created = await owner("POST", "/stores/v1/products", { product: { name: "Tee", description: "A soft cotton T-shirt.", priceData: { price: 20 } } });
  product = created.product.id;
  await owner("PATCH", "/stores/v1/settings", { settings: { shippingRules: [{ code: "std", title: "Standard", rate: { type: "FLAT", amount: "5" } }] } });
});

after(() => demo?.stop());

/** Waits until the breadcrumb reads `expected` (it follows the page a moment later). */
async function crumbs(page, expected) {
  const read = () => page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("listitem").allTextContents();
  await until(async () => JSON.stringify(await read()) === JSON.stringify(expected), `the breadcrumb ${expected.join(" › ")}`);
}

/** The message with exactly this text, so that "Saved." does not also find "Variants saved.". */
function said(page, role, text) {
  return page.getByRole(role).filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) });
}

test("coupons: create, a refused code said next to the form, turn off, edit and delete", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // Switches drawn at rest, not halfway through their slide.
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), animations: "disabled" });
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/store`);
    await page.getByRole("tab", { name: "Coupons" }).click();
    await page.waitForURL(`${base}/sites/demo/store/coupons`);
    assert.deepEqual(
      await page.getByRole("tablist", { name: "Store" }).getByRole("tab").allTextContents(),
      ["Overview", "Products", "Inventory", "Orders", "Coupons", "Discounts", "Service plugins", "Settings"],
    );
    await page.getByText("No coupons yet.").waitFor();

    // $5.00 off the Tee on orders of $30.00 or more, ten uses in all.
    await page.getByRole("link", { name: "New coupon" }).first().click();
    await page.waitForURL(`${base}/sites/demo/store/coupons/new`);
    await crumbs(page, ["Demo Bakery", "Store", "New coupon"]);
    await page.getByLabel("Name", { exact: true }).fill("Welcome");
    await page.getByLabel("Code").fill("welcome5");
    assert.equal(await page.getByLabel("Code").inputValue(), "WELCOME5", "codes are in capitals");
    await page.getByLabel("Type").selectOption({ label: "Amount off" });
    await page.getByLabel("Amount off (USD)").fill("5");
    await page.getByLabel("Minimum subtotal (USD)").fill("30");
    await page.getByLabel("Uses in all").fill("10");
    await page.getByLabel("One product").check();
    await page.getByLabel("Product", { exact: true }).selectOption({ label: "Tee" });
    await shot("100-coupon-new");
    await page.getByRole("button", { name: "Create coupon" }).click();
    await page.waitForURL(`${base}/sites/demo/store/coupons`);
    await said(page, "status", "Coupon WELCOME5 is created.").waitFor();
    const welcome = page.getByRole("row").filter({ hasText: "WELCOME5" });
    assert.match(await welcome.textContent(), /WELCOME5.*Welcome.*\$5\.00 off.*Tee, orders of \$30\.00 or more.*0 \/ 10.*Active/);
    assert.equal(await welcome.getByRole("switch", { name: "WELCOME5 is active" }).isChecked(), true);

    // The same code again: the server's refusal is said next to the form, on the code.
    await page.getByRole("link", { name: "New coupon" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Free shipping");
    await page.getByLabel("Code").fill("WELCOME5");
    await page.getByLabel("Type").selectOption({ label: "Free shipping" });
    await page.getByRole("button", { name: "Create coupon" }).click();
    await said(page, "alert", "specification.code: another coupon has it").waitFor();
    assert.equal(await page.getByLabel("Code").getAttribute("aria-invalid"), "true", "the refused field is marked");
    await shot("101-coupon-refused");
    await page.getByLabel("Code").fill("SHIPFREE");
    await page.getByRole("button", { name: "Create coupon" }).click();
    await said(page, "status", "Coupon SHIPFREE is created.").waitFor();
    assert.match(await page.getByRole("row").filter({ hasText: "SHIPFREE" }).textContent(), /Free shipping.*All products.*0.*Active/);

    // Off with its switch, on the list.
    await welcome.getByRole("switch", { name: "WELCOME5 is active" }).click();
    await said(page, "status", "WELCOME5 is off.").waitFor();
    await welcome.getByText("Off", { exact: true }).waitFor();
    assert.equal(await welcome.getByRole("switch", { name: "WELCOME5 is active" }).isChecked(), false);
    await shot("102-coupons");

    // An edit: the last day, sent alone.
    await page.getByRole("link", { name: "Edit SHIPFREE" }).click();
    await page.getByRole("heading", { name: "SHIPFREE" }).waitFor();
    await crumbs(page, ["Demo Bakery", "Store", "Coupon SHIPFREE"]);
    await page.getByLabel("Last day").fill("2099-12-31");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await said(page, "status", "Saved.").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save", exact: true }).isDisabled(), true, "nothing left to save");
    const { coupons } = await owner("POST", "/stores/v2/coupons/query", { query: { paging: { limit: 10 } } });
    const shipfree = coupons.find((c) => c.specification.code === "SHIPFREE");
    assert.equal(new Date(shipfree.specification.expirationTime).getTime(), new Date(2100, 0, 1).getTime(), "the day after the last, at midnight where the owner is");
    await shot("103-coupon-edit");

    // Deleted after asking.
    await page.getByRole("link", { name: "All coupons" }).click();
    await page.getByRole("row").filter({ hasText: "SHIPFREE" }).getByRole("button", { name: "Delete" }).click();
    const ask = page.getByRole("alertdialog", { name: "Delete coupon SHIPFREE?" });
    await ask.getByRole("button", { name: "Delete" }).click();
    await said(page, "status", "SHIPFREE is deleted.").waitFor();
    await until(async () => (await page.getByRole("row").filter({ hasText: "SHIPFREE" }).count()) === 0, "SHIPFREE leaves the list");
    await page.getByText("1 coupon", { exact: true }).waitFor();
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "discounts-failed.png") });
    throw e;
  }
});

test("an automatic discount: two Tees 25% off in the visitor's cart, until the owner turns it off", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // Switches drawn at rest, not halfway through their slide.
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), animations: "disabled" });
  const shopper = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const shop = await shopper.newPage();
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/store/discounts`);
    await page.getByText("No automatic discounts yet").waitFor();
    await page.getByRole("link", { name: "New discount" }).first().click();
    await page.waitForURL(`${base}/sites/demo/store/discounts/new`);
    await crumbs(page, ["Demo Bakery", "Store", "New discount"]);
    // Checked before the server is asked: no items chosen.
    await page.getByLabel("Name", { exact: true }).fill("Two or more: 25% off");
    await page.getByLabel("Percent off").fill("25");
    await page.getByLabel("Chosen products").check();
    await page.getByRole("button", { name: "Create discount" }).click();
    await said(page, "alert", "Some fields need another look.").waitFor();
    await page.getByText("Choose at least one product.").waitFor();
    await page.getByRole("group", { name: "Products" }).getByLabel("Tee").check();
    await page.getByLabel("Minimum quantity of items").fill("2");
    await shot("104-discount-new");
    await page.getByRole("button", { name: "Create discount" }).click();
    await page.waitForURL(`${base}/sites/demo/store/discounts`);
    await said(page, "status", "“Two or more: 25% off” is created.").waitFor();
    const row = page.getByRole("row").filter({ hasText: "Two or more: 25% off" });
    assert.match(await row.textContent(), /Two or more: 25% off.*25% off on Tee.*2 or more items.*Live.*0/);
    assert.equal(await row.getByRole("switch", { name: "Two or more: 25% off is active" }).isChecked(), true);
    await shot("105-discounts");

    // A visitor puts two Tees in the cart on the published store.
    await shop.goto(`${site}/product-page/tee`);
    await shop.getByRole("heading", { name: "Tee" }).waitFor();
    await shop.getByLabel("Quantity").fill("2");
    await shop.getByRole("button", { name: "Add to cart" }).click();
    await shop.getByRole("status").getByText("Added to your cart").waitFor();
    await shop.goto(`${site}/cart-page`);
    await shop.getByRole("heading", { name: "Your cart" }).waitFor();
    // The cart as the site's code reads it (the page's own API, with the visitor's cookie).
    const cart = () => shop.evaluate(async () => (await (await fetch("/ecom/v1/carts/current")).json()).cart);
    const inCart = await cart();
    assert.equal(inCart.appliedDiscounts.length, 1);
    assert.equal(inCart.appliedDiscounts[0].discountRule.name.original, "Two or more: 25% off");
    assert.equal(inCart.appliedDiscounts[0].discountRule.amount.amount, "10.00");
    // The cart page names the discount and what is left to pay.
    const totals = await shop.locator(".t-cart-totals").textContent();
    assert.match(totals, /Subtotal\s*\$40\.00\s*Two or more: 25% off\s*−\$10\.00\s*After discounts\s*\$30\.00/);
    await shop.screenshot({ path: join(ARTIFACTS, "106-cart-discounted.png"), fullPage: true });
    await shop.getByRole("button", { name: "Check out" }).click();
    await shop.getByRole("heading", { name: "Checkout" }).waitFor();
    const summary = shop.getByRole("complementary", { name: "Order summary" });
    await summary.getByText("Two or more: 25% off").waitFor();
    assert.match(await summary.textContent(), /Subtotal\s*\$40\.00\s*Two or more: 25% off\s*−\$10\.00/);
    await shop.screenshot({ path: join(ARTIFACTS, "107-checkout-discounted.png"), fullPage: true });

    // An edit of a discount someone changed meanwhile is refused, and reloading shows theirs.
    await row.getByRole("link", { name: "Edit Two or more: 25% off" }).click();
    await page.getByRole("heading", { name: "Two or more: 25% off" }).waitFor();
    await crumbs(page, ["Demo Bakery", "Store", "Two or more: 25% off"]);
    const ruleId = page.url().split("/").pop();
    const { discountRule } = await owner("GET", `/ecom/v1/discount-rules/${ruleId}`);
    await owner("PATCH", `/ecom/v1/discount-rules/${ruleId}`, { discountRule: { revision: discountRule.revision, activeTimeInfo: { start: discountRule.activeTimeInfo.start, end: "2099-01-01T00:00:00Z" } } });
    await page.getByLabel("Percent off").fill("30");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByRole("alert").getByText("Changed elsewhere since you opened it.").waitFor();
    await shot("108-discount-stale");
    await page.getByRole("button", { name: "Reload" }).click();
    await said(page, "status", "Reloaded.").waitFor();
    assert.equal(await page.getByLabel("Percent off").inputValue(), "25");
    assert.notEqual(await page.getByLabel("Last day").inputValue(), "", "the end set meanwhile");

    // Off from the list, with the keyboard: the visitor's checkout is priced without it.
    await page.getByRole("link", { name: "All discounts" }).click();
    await row.getByRole("switch", { name: "Two or more: 25% off is active" }).focus();
    await page.keyboard.press("Space");
    await said(page, "status", "“Two or more: 25% off” is off.").waitFor();
    await row.getByText("Off", { exact: true }).waitFor();
    await shot("109-discount-off");
    await until(async () => {
      await shop.reload();
      return (await summary.getByText("Two or more: 25% off").count()) === 0;
    }, "the checkout without the discount");
    assert.match(await summary.textContent(), /Subtotal\s*\$40\.00/);
    assert.equal((await cart()).appliedDiscounts.length, 0);
    await page.close();
    await shopper.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "discounts-failed.png") });
    await shop.screenshot({ path: join(ARTIFACTS, "discounts-failed-visitor.png"), fullPage: true });
    throw e;
  }
});
