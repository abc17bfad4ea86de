// End to end in Debian's Chromium: the Store's Service plugins page, served by the tessera
// binary on the demo data. With no plugin published the page says how to add one; the owner
// then publishes site code (through the API) with a fee, a validation, a shipping rate, a tax
// and a discount trigger plugin, and the page lists them by type with what their config says.
// The owner turns the fee off with its switch; a reload, and the API, still say off.
// Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo } from "./lib.mjs";

let demo, browser, base, token, owner;

before(async () => {
  demo = await startDemo("plugins");
  ({ browser, base, token, owner } = demo);
});

after(() => demo?.stop());

const CONFIG = "export function getConfig() { return {}; }";

/** Each plugin: its type, name, code and `getConfig()`. */
const PLUGINS = [
  [
    "ecom-additional-fees",
    "gift-wrap",
    `export const calculateAdditionalFees = async (options, context) => ({
  currency: context.currency,
  additionalFees: [{ code: 'gift-wrap', name: 'Gift wrapping', price: '2.50' }],
});`,
    CONFIG,
  ],
  ["ecom-validations", "limit-two", "export const getValidationViolations = async () => ({ violations: [] });", "export const getConfig = async () => ({ validateInCart: true });"],
  [
    "ecom-shipping-rates",
    "courier",
    "export const getShippingRates = async () => ({ shippingRates: [] });",
    "export function getConfig() { return { name: 'Courier', description: 'Next day' }; }",
  ],
  [
    "billing-tax-calculation",
    "flat-tax",
    "export const calculateTax = async (options) => ({ currency: options.currency, lineItemTaxDetails: [] });",
    "export function getConfig() { return { unsupportedCountries: ['CA'] }; }",
  ],
  [
    "ecom-discounts-trigger",
    "wholesale",
    `export const listTriggers = async () => ({ customTriggers: [{ _id: 'wholesale', name: 'Wholesale customers' }] });
export const getEligibleTriggers = async () => ({ eligibleTriggers: [] });`,
    CONFIG,
  ],
];

/** A call of the management API as the owner, answering `status`. */
async function api(method, path, body, status) {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: token, "content-type": "application/json", accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (status !== undefined) assert.equal(res.status, status, `${method} ${path}: ${JSON.stringify(json)}`);
  return { status: res.status, json };
}

/** Pushes the plugins beside the demo's own code (if it has any) and publishes the revision. */
async function publishPlugins() {
  const current = await api("GET", "/api/v1/sites/demo/code");
  const files = current.status === 200 ? { ...current.json.files } : {};
  for (const [type, name, code, config] of PLUGINS) {
    files[`backend/___spi___/${type}/${name}/${name}.js`] = code;
    files[`backend/___spi___/${type}/${name}/${name}-config.js`] = config;
  }
  const pushed = await api("PUT", "/api/v1/sites/demo/code", { files }, 201);
  assert.deepEqual(pushed.json.problems, []);
  await api("POST", "/api/v1/sites/demo/code/publish", {}, 200);
  return pushed.json.revision;
}

test("service plugins: how to add one, the published ones by type, and one turned off for good", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  // Switches drawn at rest, not halfway through their slide.
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), animations: "disabled", fullPage: true });
  try {
    await logIn(page, base);
    await page.goto(`${base}/sites/demo/store`);
    await page.getByRole("tab", { name: "Service plugins" }).click();
    await page.waitForURL(`${base}/sites/demo/store/plugins`);
    await page.getByRole("heading", { name: "Service plugins" }).waitFor();
    await page.getByText("publish the code and they appear here").waitFor();
    const open = page.getByRole("link", { name: "Open Code" });
    assert.equal(await open.getAttribute("href"), "/sites/demo/code");
    await shot("120-plugins-empty");

    const revision = await publishPlugins();
    await page.reload();
    await page.getByText(`Published code, revision ${revision}`).waitFor();
    assert.deepEqual(await page.getByRole("heading", { level: 3 }).allTextContents(), [
      "Additional fees",
      "Validations",
      "Shipping rates",
      "Tax",
      "Discount triggers",
    ]);
    const row = (name) => page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
    const wrap = row("gift-wrap");
    const file = "backend/___spi___/ecom-additional-fees/gift-wrap/gift-wrap.js";
    await wrap.getByRole("link", { name: file }).waitFor();
    assert.equal(await wrap.getByRole("link", { name: file }).getAttribute("href"), `/sites/demo/code?file=${encodeURIComponent(file)}`);
    assert.match(await row("limit-two").textContent(), /At checkout and also in the cart/);
    assert.match(await row("courier").textContent(), /Carrier: Courier/);
    assert.match(await row("flat-tax").textContent(), /Not for CA/);
    assert.match(await row("wholesale").textContent(), /Triggers: Wholesale customers/);
    assert.match(await page.getByRole("region", { name: "Additional fees" }).textContent(), /Adds fees such as gift wrapping to checkouts\./);
    const on = wrap.getByRole("switch", { name: "gift-wrap is on" });
    assert.equal(await on.isChecked(), true);

    // Off with its switch: said, and still off after a reload and for the API.
    await on.click();
    await page.getByRole("status").getByText("“gift-wrap” is off.", { exact: true }).waitFor();
    assert.equal(await on.isChecked(), false);
    await page.reload();
    await page.getByText(`Published code, revision ${revision}`).waitFor();
    assert.equal(await row("gift-wrap").getByRole("switch", { name: "gift-wrap is on" }).isChecked(), false);
    assert.equal(await row("courier").getByRole("switch", { name: "courier is on" }).isChecked(), true);
    const { servicePlugins } = await owner("GET", "/ecom/v1/service-plugins");
    assert.deepEqual(
      servicePlugins.map((p) => [p.key, p.enabled]).sort(),
      [
        ["billing-tax-calculation/flat-tax", true],
        ["ecom-additional-fees/gift-wrap", false],
        ["ecom-discounts-trigger/wholesale", true],
        ["ecom-shipping-rates/courier", true],
        ["ecom-validations/limit-two", true],
      ],
    );
    await shot("121-plugins");
    await page.close();
  } catch (e) {
    await page.screenshot({ path: join(ARTIFACTS, "plugins-failed.png"), fullPage: true });
    throw e;
  }
});
