// End to end in Debian's Chromium: a visitor searches the demo site for a misspelled word
// on its results page (`/search`), sees the page that holds the word with the word marked,
// opens it, and searches again from the page's own form. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, startDemo } from "./lib.mjs";

let demo;

before(async () => {
  demo = await startDemo("site-search");
});

after(() => demo?.stop());

test("a misspelled word finds the page that holds it, and the result opens it", async () => {
  const page = await demo.browser.newPage();
  // "kitchn" is one letter short of "kitchen", a word of the About page's text.
  await page.goto(`${demo.site}/search?q=kitchn`);
  await page.getByRole("status").filter({ hasText: "1 result" }).waitFor();
  const result = page.getByRole("link", { name: "About", exact: true }).last();
  assert.equal(await page.locator(".t-search-results mark").first().textContent(), "kitchen");
  await page.screenshot({ path: join(ARTIFACTS, "site-search-results.png"), fullPage: true });
  await result.click();
  await page.waitForURL(`${demo.site}/about`);
  await page.getByRole("heading", { name: "Baking for the neighbourhood since 1998" }).waitFor();

  // The results page's own form, with another typo: the members' club page holds "starter"
  // too, and stays out of a visitor's results.
  await page.goto(`${demo.site}/search`);
  await page.getByLabel("Search this site").fill("startr");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/q=startr/);
  const links = await page.locator(".t-search-results h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.ok(links.includes("/"), JSON.stringify(links));
  assert.ok(!links.includes("/club"), JSON.stringify(links));
  await page.close();
});
