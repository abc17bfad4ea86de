// End to end in Debian's Chromium: site analytics on the demo site. Three visitors (three
// browsers, each with its own user agent) open the published site, one of them a second page;
// a fourth asks not to be tracked (Do-Not-Track). The owner's Analytics section shows 3
// visitors and 4 page views, the pages they saw, and the site's home counts them today.
// Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo, until } from "./lib.mjs";

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
];

let demo, browser, base, site, owner;

before(async () => {
  demo = await startDemo("analytics");
  ({ browser, base, site, owner } = demo);
});

after(() => demo?.stop());

test("three visitors browse the published site and the dashboard counts them", async () => {
  for (const [i, userAgent] of AGENTS.entries()) {
    const visitor = await browser.newContext({ userAgent });
    const page = await visitor.newPage();
    await page.goto(site);
    await page.locator("main").waitFor();
    if (i === 0) {
      await page.goto(`${site}/about`);
      await page.locator("main").waitFor();
    }
    await visitor.close();
  }
  const private_ = await browser.newContext({ userAgent: AGENTS[0], extraHTTPHeaders: { dnt: "1" } });
  await (await private_.newPage()).goto(site);
  await private_.close();
  // The hits reach the server: the overview counts them (it writes the node's buffer first).
  await until(async () => (await owner("GET", "/analytics/v1/reports/overview?days=1")).totals.views === 4, "four page views");

  const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(dash, base);
  await dash.goto(`${base}/sites/demo/analytics`);
  const stat = (label) => dash.locator(".store-stat").filter({ has: dash.getByRole("heading", { name: label, exact: true }) }).locator(".store-stat-value");
  await until(async () => (await stat("Visitors").textContent()) === "3", "3 visitors in the overview");
  assert.equal(await stat("Page views").textContent(), "4");
  assert.equal(await stat("Sessions").textContent(), "3");
  await dash.getByRole("img", { name: "Visitors, sessions and views over time" }).locator("canvas").first().waitFor();
  await dash.screenshot({ path: join(ARTIFACTS, "analytics-1-overview.png") });

  await dash.getByRole("tab", { name: "Pages" }).click();
  const top = dash.locator(".card").filter({ has: dash.getByRole("heading", { name: "Top pages" }) });
  await top.getByRole("cell", { name: "/about" }).waitFor();
  assert.equal(await top.getByRole("row", { name: /^\/ / }).getByRole("cell").nth(1).textContent(), "3");
  await dash.getByRole("tab", { name: "Devices" }).click();
  const devices = dash.locator(".card").filter({ has: dash.getByRole("heading", { name: "Devices" }) });
  await devices.getByRole("cell", { name: "mobile" }).waitFor();
  await dash.screenshot({ path: join(ARTIFACTS, "analytics-2-devices.png") });

  await dash.goto(`${base}/sites/demo`);
  await dash.getByText(/Today: 3 visitors/).waitFor();
});
