// End to end in Debian's Chromium: inputs for page code and Velo ids in the editor. On the
// demo site's About page the owner adds a text input, a dropdown and a multi-state box from
// the Inputs group, edits the input, renames it (a bad id is refused with its reason), and
// the server takes the document and publishes it with the inputs as the site runtime reads
// them. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo } from "./lib.mjs";

let demo, browser, base, site;

before(async () => {
  demo = await startDemo("inputs");
  ({ browser, base, site } = demo);
});

after(async () => {
  await demo?.stop();
});

test("add inputs, edit and rename them, and publish", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, base);
  await page.goto(`${base}/editor/demo`);
  await page.getByRole("button", { name: /^About/ }).click();
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Baking for the neighbourhood since 1998" }).waitFor();

  await page.getByText("Inputs, for page code").click();
  await page.getByRole("button", { name: "Add text input", exact: true }).click();
  await page.locator(".inspector h2 code").filter({ hasText: /^input1$/ }).waitFor();
  await canvas.getByRole("textbox", { name: "Name" }).waitFor();
  await page.getByLabel("Label", { exact: true }).fill("Your email");
  await page.locator("#prop-inputType").selectOption("email");
  await page.getByLabel("Required", { exact: true }).check();
  await canvas.locator('#input1 input[type="email"][required]').waitFor();
  await canvas.getByRole("textbox", { name: "Your email" }).waitFor();

  // The id: a bad one is refused with its reason, a taken one too, a good one given on Enter.
  const id = page.locator("#element-id");
  await id.fill("2nd");
  await page.getByRole("alert").filter({ hasText: "not starting with a digit" }).waitFor();
  assert.equal(await id.getAttribute("aria-invalid"), "true");
  await page.getByRole("button", { name: "Add dropdown", exact: true }).click();
  await page.locator(".inspector h2 code").filter({ hasText: /^dropdown1$/ }).waitFor();
  await canvas.getByRole("combobox", { name: /^Choose one/ }).waitFor();
  assert.equal(await canvas.locator("#dropdown1 option").count(), 3, "the placeholder and two options");
  await page.getByRole("button", { name: "Add multi-state box", exact: true }).click();
  await canvas.locator("#multiStateBox1 > #state1:not([hidden]) + #state2[hidden]").waitFor({ state: "attached" });

  await page.getByRole("button", { name: "textInput input1", exact: true }).click();
  await id.fill("dropdown1");
  await page.getByRole("alert").filter({ hasText: "Another element is already dropdown1." }).waitFor();
  await id.fill("emailInput");
  await id.press("Enter");
  await page.locator(".inspector h2 code").filter({ hasText: /^emailInput$/ }).waitFor();
  await canvas.locator("#emailInput input[type=email]").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "inputs-01-editor.png") });

  // The server takes the document as the editor made it, and the published page has them.
  await page.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: /Published version/ }).waitFor();
  // As sent (the browser reaches the site's host; its DOM would write `required=""`).
  const live = await browser.newPage();
  await live.goto(`${site}/about`);
  const html = await live.evaluate(() => fetch(location.href).then((r) => r.text()));
  assert.match(html, /<div id="emailInput" class="t-textInput"><label>Your email<input type="email" autocomplete="email" placeholder="Your name" maxlength="5000" required><\/label><\/div>/);
  assert.match(html, /<div id="dropdown1" class="t-dropdown"><label>Choose one<select><option value="" label="Choose"><\/option><option value="option1">Option 1<\/option>/);
  assert.match(html, /<div id="state2" class="t-state" hidden>/);
});
