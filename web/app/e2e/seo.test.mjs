// End to end in Debian's Chromium: the SEO report of the demo site. The test gives the home
// page an image without alt text and publishes; the owner opens Analytics → SEO, runs the
// report, sees the site's score and the finding, and follows its "Fix" link into the editor,
// which opens the home page with that image selected. Screenshots land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, logIn, startDemo } from "./lib.mjs";

let demo;

before(async () => {
  demo = await startDemo("seo");
  const { document, revision } = await demo.owner("GET", "/api/v1/sites/demo/document");
  const home = document.pages.find((p) => p.path === "/");
  home.sections[0].children.push({
    id: "seo-picture",
    type: "image",
    props: { src: "/_assets/stock/seo.svg", alt: "", width: 320, height: 200 },
  });
  await demo.owner("PUT", "/api/v1/sites/demo/document", { revision, document });
  await demo.owner("POST", "/api/v1/sites/demo/publish");
  demo.homeId = home.id;
});

after(() => demo?.stop());

test("the owner runs the SEO report and follows a Fix link into the editor", async () => {
  const { browser, base } = demo;
  const dash = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(dash, base);
  await dash.goto(`${base}/sites/demo/analytics`);
  await dash.getByRole("tab", { name: "SEO" }).click();
  await dash.getByRole("button", { name: "Run again" }).click();
  const score = dash.getByTestId("seo-score");
  await score.waitFor();
  const value = Number(await score.textContent());
  assert.ok(value >= 0 && value <= 100, `score ${value}`);

  const finding = dash.getByRole("listitem").filter({ hasText: "An image has no alt text (/_assets/stock/seo.svg)" });
  await finding.waitFor();
  await dash.screenshot({ path: join(ARTIFACTS, "seo-1-report.png"), fullPage: true });
  const fix = finding.getByRole("link", { name: "Fix" });
  assert.equal(await fix.getAttribute("href"), `/sites/demo/editor?page=${demo.homeId}&element=seo-picture`);
  await fix.click();

  // The editor opens the page with the image selected: its inspector and its alt text.
  const inspector = dash.getByRole("complementary", { name: "Inspector" });
  await inspector.getByRole("heading", { name: /image seo-picture/ }).waitFor();
  await inspector.getByLabel("Alternative text").fill("A chart of our search ranking");
  await dash.screenshot({ path: join(ARTIFACTS, "seo-2-fix.png") });
});
