// End to end in Debian's Chromium: pricing plans on the demo site. The owner (through the API)
// makes a monthly plan and a members-only page it unlocks; in the editor they add a page with a
// Plans list and publish. A visitor opens the locked page and is sent to the plans that open
// it, logs in from there (signing up), buys the plan with the test card through the store's
// checkout, and opens the page; "My plans" shows it. The owner cancels it in the dashboard and
// the page is locked again. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo } from "./lib.mjs";

let demo, browser, base, site, token, owner, gold;

/** The demo site's document through the owner's API: read, changed by `change`, saved. */
async function changeDocument(change) {
  const call = (method, body) =>
    fetch(`${base}/api/v1/sites/demo/document`, {
      method,
      headers: { authorization: token, "content-type": "application/json" },
      body: body && JSON.stringify(body),
    }).then(async (res) => {
      const json = await res.json();
      assert.equal(res.status, 200, JSON.stringify(json));
      return json;
    });
  const { document, revision } = await call("GET");
  change(document);
  await call("PUT", { revision, document });
}

before(async () => {
  demo = await startDemo("plans");
  ({ browser, base, site, token, owner } = demo);
  ({ plan: gold } = await owner("POST", "/pricing-plans/v2/plans", {
    plan: {
      name: "Gold Club",
      description: "For regulars",
      perks: { values: ["A loaf a week", "Baking classes"] },
      pricing: { subscription: { cycleDuration: { count: 1, unit: "MONTH" }, cycleCount: 0 }, price: { value: "10.00", currency: "USD" } },
      buyerCanCancel: true,
    },
  }));
  await owner("POST", "/pricing-plans/v2/plans", {
    plan: { name: "Friends", perks: { values: ["Our newsletter"] }, pricing: { singlePaymentUnlimited: true, price: { value: "0" } } },
  });
  // The members-only page the plan unlocks.
  await changeDocument((doc) => {
    doc.pages.push({
      id: "gold-room",
      title: "Gold room",
      path: "/gold-room",
      hideFromMenu: true,
      visibility: { roles: [gold.roleId] },
      sections: [{ id: "club-s", type: "section", children: [{ id: "club-h", type: "heading", props: { text: "Welcome to the club", level: 1 } }] }],
    });
  });
});

after(() => demo?.stop());

test("a member buys a plan, opens the page it unlocks, and loses it when the owner cancels", async () => {
  // The owner puts the plans on a page of their own in the editor and publishes.
  const editor = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(editor, base);
  await editor.goto(`${base}/editor/demo`);
  const canvas = editor.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Fresh from our oven every morning" }).waitFor();
  await editor.getByLabel("New page title").fill("Membership");
  await editor.getByRole("button", { name: "Add page" }).click();
  await canvas.getByRole("heading", { name: "Membership", level: 1 }).waitFor();
  await editor.getByRole("button", { name: "Add plans list" }).click();
  await canvas.getByRole("heading", { name: "Gold Club" }).waitFor();
  assert.deepEqual(await canvas.locator(".t-repeater .t-heading").allTextContents(), ["Gold Club", "Friends"]);
  await editor.screenshot({ path: join(ARTIFACTS, "plans-1-editor.png") });
  await editor.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await editor.getByRole("button", { name: "Publish" }).click();
  await editor.getByRole("status").filter({ hasText: /Published version \d+\./ }).waitFor();

  // The cards on the published page: price in words, perks, and what the button says.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${site}/membership`);
  const cards = page.locator(".t-repeater li").filter({ has: page.locator("h2") });
  await cards.first().waitFor();
  assert.match(await cards.nth(0).textContent(), /Gold Club\s*10\.00 USD every month\s*A loaf a week\s*Baking classes\s*Buy/);
  assert.match(await cards.nth(1).textContent(), /Friends\s*Free\s*Our newsletter\s*Get it free/);
  await page.screenshot({ path: join(ARTIFACTS, "plans-2-list.png"), fullPage: true });

  // The locked page sends a visitor to the plan that opens it; they sign up from there.
  await page.goto(`${site}/gold-room`);
  await page.waitForURL(/\/plans-pricing\?roles=/);
  await page.getByRole("status").getByText("That page is for members with one of these plans").waitFor();
  assert.equal(await page.locator(".t-plan h2").allTextContents().then((t) => t.join()), "Gold Club");
  await page.screenshot({ path: join(ARTIFACTS, "plans-3-get-a-plan.png"), fullPage: true });
  await page.locator("main").getByRole("link", { name: "Log in" }).click();
  await page.locator("main").getByRole("link", { name: "Sign up" }).click();
  await page.getByLabel("First name").fill("Ann");
  await page.getByLabel("Last name").fill("Lee");
  await page.getByLabel("Email").fill("ann@example.com");
  await page.getByLabel("Password (at least 8 characters)").fill("a long password");
  await page.getByRole("button", { name: "Sign up" }).click();
  // Back at the page, still without the plan: the plans again, now to buy.
  await page.waitForURL(/\/plans-pricing\?roles=/);
  await page.getByRole("button", { name: "Buy" }).click();

  // The store's checkout, paid with the test card.
  await page.getByRole("heading", { name: "Checkout" }).waitFor();
  const summary = page.getByRole("complementary", { name: "Order summary" });
  assert.match(await summary.textContent(), /Gold Club.*Total\s*\$10\.00/s);
  await page.getByLabel("Email").fill("ann@example.com");
  await page.getByLabel("First name").fill("Ann");
  await page.getByLabel("Last name").fill("Lee");
  // The store's checkout asks a billing address of every order.
  await page.getByLabel("Address", { exact: true }).fill("1 Main St");
  await page.getByLabel("City").fill("Austin");
  await page.getByLabel("Postal code").fill("78701");
  await page.getByLabel("Country code (e.g. US)").fill("US");
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.screenshot({ path: join(ARTIFACTS, "plans-4-checkout.png"), fullPage: true });
  await page.getByRole("button", { name: "Place order" }).click();
  await page.getByRole("heading", { name: "Thank you for your order" }).waitFor({ timeout: 10000 }).catch(async (e) => {
    await page.screenshot({ path: join(ARTIFACTS, "plans-4-checkout-failed.png"), fullPage: true });
    throw e;
  });
  await page.getByText("Paid.").waitFor();

  // The page opens now, and "My plans" shows the plan.
  await page.goto(`${site}/gold-room`);
  await page.getByRole("heading", { name: "Welcome to the club" }).waitFor();
  await page.goto(`${site}/account/my-plans`);
  const row = page.getByRole("row", { name: /Gold Club/ });
  assert.match(await row.textContent(), /Gold Club\s*ACTIVE/);
  await page.screenshot({ path: join(ARTIFACTS, "plans-5-my-plans.png"), fullPage: true });

  // The owner cancels it in the dashboard: the page is locked again.
  await editor.goto(`${base}/sites/demo/plans/subscribers`);
  const subscriber = editor.getByRole("row", { name: /Gold Club/ });
  await subscriber.getByRole("button", { name: "Cancel now" }).click();
  await subscriber.getByText("Canceled", { exact: false }).waitFor();
  await editor.screenshot({ path: join(ARTIFACTS, "plans-6-dashboard-canceled.png") });
  const { orders } = await owner("GET", `/pricing-plans/v2/orders?planIds=${gold.id}`);
  assert.deepEqual(
    orders.map((o) => o.status),
    ["CANCELED"],
  );
  await page.goto(`${site}/gold-room`);
  await page.waitForURL(/\/plans-pricing\?roles=/);
  await page.goto(`${site}/account/my-plans`);
  assert.match(await page.getByRole("row", { name: /Gold Club/ }).textContent(), /CANCELED/);
  await context.close();
  await editor.close();
});
