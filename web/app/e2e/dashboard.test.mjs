// End to end in Debian's Chromium: the dashboard served by the tessera binary, on the demo
// data. Screenshots of each step land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { ARTIFACTS, BIN, freePort, logIn, waitReady } from "./lib.mjs";

let server, browser, base, site, dataDir;

before(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), "tessera-e2e-"));
  server = spawn(BIN, ["serve", "--demo", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TESSERA_LOG: "warn" },
  });
  base = `http://localhost:${port}`;
  site = `http://demo.localhost:${port}`;
  await waitReady(`http://127.0.0.1:${port}/readyz`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1"],
  });
});

/** Opens the dashboard and logs in as the demo owner. */
after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

test("the demo site reads well at desktop and mobile widths", async () => {
  for (const [name, width, height] of [["desktop", 1280, 800], ["mobile", 390, 844]]) {
    const page = await browser.newPage({ viewport: { width, height } });
    for (const path of ["/", "/blog", "/blog/the-perfect-croissant", "/contact"]) {
      await page.goto(`${site}${path}`);
      await page.getByRole("main").waitFor();
      // Nothing sticks out sideways, and every image has its alternative text.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the ${name} screen`);
      assert.equal(await page.locator("img:not([alt])").count(), 0);
      // Lazy images load once scrolled to; every one of them must load.
      await page.evaluate(async () => {
        for (const img of document.images) img.loading = "eager";
        await Promise.all([...document.images].map((img) => img.decode()));
      });
      await page.screenshot({ path: join(ARTIFACTS, `00-demo-${name}${path.replaceAll("/", "_")}.png`), fullPage: true });
    }
    await page.close();
  }
});

test("log in, manage a site, edit a CMS item and see it live", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await page.goto(base);

  // A wrong password is said in plain words, at the form.
  await page.getByLabel("Email").fill("demo@tessera.local");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("alert").filter({ hasText: "Wrong email or password." }).waitFor();
  await page.getByLabel("Password").fill("tessera-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor();
  await shot("01-sites");

  // A bad address is refused with the server's reason; a good one creates the site.
  await page.getByLabel("Name").fill("Corner Shop");
  await page.getByLabel("Address").fill("demo");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByLabel("Address").fill("corner-shop");
  await page.getByLabel("Start from").selectOption("store");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Corner Shop" }).waitFor();
  await shot("02-site-created");

  // The store template made its pages and a store with products and their pictures.
  await page.getByRole("link", { name: "Corner Shop" }).click();
  await page.getByText("/shop", { exact: true }).waitFor();
  await shot("02b-store-template");
  await page.goto(`${base}/sites/corner-shop/store/products`);
  await page.getByRole("link", { name: "Country sourdough", exact: true }).waitFor();
  await shot("02c-store-template-products");
  await page.getByRole("link", { name: "Tessera" }).click();
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  await page.getByRole("heading", { name: "Published versions" }).waitFor();
  await page.getByRole("link", { name: "Posts" }).waitFor();
  await shot("03-site");

  // Edit a post's title inline in the items table.
  await page.getByRole("link", { name: "Posts" }).click();
  const cell = page.getByRole("button", { name: "Edit title: Layers: the making of a perfect croissant" });
  await cell.click();
  const input = page.getByLabel("title of this item");
  await input.fill("Layers, edited in the dashboard");
  await input.press("Enter");
  await page.getByRole("button", { name: "Edit title: Layers, edited in the dashboard" }).waitFor();
  await shot("04-item-edited");

  // The live site shows it at once (the page cache dropped the pages that read Posts).
  const live = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await live.goto(`${site}/blog`);
  await live.getByRole("heading", { name: "Layers, edited in the dashboard" }).waitFor();
  await live.screenshot({ path: join(ARTIFACTS, "05-live-blog-mobile.png"), fullPage: true });
  const story = await live.getByRole("link", { name: "Read the story" }).nth(1).getAttribute("href");
  assert.equal(story, "/blog/the-perfect-croissant");

  // Publish from the dashboard: a second version appears and is live.
  await page.getByRole("navigation", { name: "Site sections" }).getByRole("link", { name: "Home" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Published version 2." }).waitFor();
  await page.getByRole("button", { name: "Roll back to version 1" }).waitFor();
  await shot("06-published");

  // The contact form sends without leaving the page.
  await live.goto(`${site}/contact`);
  await live.getByLabel("Your name").fill("Ada");
  await live.getByLabel("Email").fill("ada@example.com");
  await live.getByLabel("Message").fill("A cake for Friday, please.");
  await live.getByRole("button", { name: "Send message" }).click();
  await live.getByRole("status").filter({ hasText: "Thank you!" }).waitFor();
  assert.equal(new URL(live.url()).pathname, "/contact");
  await live.screenshot({ path: join(ARTIFACTS, "07-contact-sent.png"), fullPage: true });
  await page.goto(`${base}/sites/demo/cms/ContactMessages`);
  await page.getByRole("button", { name: "Edit message: A cake for Friday, please." }).waitFor();
  await shot("08-submission-in-cms");
});

test("build a page in the editor, hide an image on mobile, publish and see it live", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  // The dashboard's Content-Security-Policy must not get in the editor's way.
  const refused = [];
  page.on("console", (m) => /Content Security Policy|Blocked script execution/.test(m.text()) && refused.push(m.text()));
  await logIn(page, base);
  await page.getByLabel("Name").fill("Studio");
  await page.getByLabel("Address").fill("studio");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Studio", exact: true }).click();
  await page.getByRole("link", { name: "Edit pages" }).click();
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Studio" }).waitFor();
  await shot("10-editor-starter");
  // The canvas shows the site's markup in a sandbox: nothing in it runs.
  assert.equal(await page.locator('iframe[title="Page canvas"]').getAttribute("sandbox"), "allow-same-origin");

  // A new section with a heading, an image and a button.
  const add = (type) => page.getByRole("button", { name: `Add ${type}`, exact: true }).click();
  await add("section");
  await add("heading");
  await page.getByLabel("Text", { exact: true }).fill("Fresh bread daily");
  await page.locator("#style-color").fill("#b5543a");
  await add("image");
  await page.getByLabel("Alternative text").fill("A loaf");
  await add("button");
  await page.getByLabel("Label").fill("Order now");
  await canvas.getByRole("link", { name: "Order now" }).waitFor();
  await canvas.getByRole("heading", { name: "Fresh bread daily" }).waitFor();
  await shot("11-editor-section-added");

  // Select the image on the canvas itself, then hide it on mobile only.
  await canvas.getByRole("img", { name: "A loaf" }).click();
  await page.getByRole("heading", { name: /^image image1/ }).waitFor();
  await page.getByRole("button", { name: "Mobile" }).click();
  await page.getByLabel("Hide on mobile").check();
  await page.waitForFunction(() => document.querySelector('iframe[title="Page canvas"]')?.style.width === "390px");
  await shot("12-editor-mobile-hidden");

  // Undo and redo go back and forth through the steps.
  await page.getByRole("button", { name: "Undo" }).click();
  assert.equal(await page.getByLabel("Hide on mobile").isChecked(), false);
  await page.getByRole("button", { name: "Redo" }).click();
  assert.equal(await page.getByLabel("Hide on mobile").isChecked(), true);

  await page.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: "Published version 1." }).waitFor();
  assert.deepEqual(refused, [], "nothing refused by the policy or the sandbox");

  const studio = site.replace("demo.", "studio.");
  const desktop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await desktop.goto(studio);
  const heading = desktop.getByRole("heading", { name: "Fresh bread daily" });
  await heading.waitFor();
  assert.equal(await heading.evaluate((h) => getComputedStyle(h).color), "rgb(181, 84, 58)");
  assert.equal(await desktop.getByRole("img", { name: "A loaf" }).isVisible(), true);
  await desktop.screenshot({ path: join(ARTIFACTS, "13-live-desktop.png"), fullPage: true });
  const mobile = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await mobile.goto(studio);
  await mobile.getByRole("link", { name: "Order now" }).waitFor();
  assert.equal(await mobile.getByRole("img", { name: "A loaf" }).isVisible(), false, "hidden on mobile");
  await mobile.screenshot({ path: join(ARTIFACTS, "14-live-mobile.png"), fullPage: true });
});

test("drag elements from the add panel and between containers in the layers", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1700 } });
  await logIn(page, base);
  await page.getByLabel("Name").fill("Dragged");
  await page.getByLabel("Address").fill("dragged");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Dragged", exact: true }).waitFor();
  await page.goto(`${base}/editor/dragged`);
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Dragged" }).waitFor();

  // Drags with the mouse as a hand does: lift (past dnd-kit's 5 px), travel, and let go
  // once the target shows it will take the drop.
  // The viewport is tall enough for the add panel and the page end to show together.
  const drag = async (from, to) => {
    const a = await from.boundingBox();
    const b = await to.boundingBox();
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 12, a.y + a.height / 2, { steps: 3 });
    await page.locator(".dragging").waitFor();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    // The intended target (a layer row, or the page end) must be the one offering the drop.
    const target = await to.elementHandle();
    await page.waitForFunction((el) => el.classList.contains("drop-target") || el.parentElement?.classList.contains("drop-target"), target);
    await page.mouse.up();
  };
  const layer = (name) => page.getByRole("button", { name, exact: true });
  // A button dropped at the page end lands in a new section; a heading dropped on the
  // first section goes inside it.
  await drag(page.getByRole("button", { name: "Add button" }), page.getByText("Drop here to add at the end of the page"));
  await layer("button button1").waitFor();
  await canvas.getByRole("link", { name: "Button" }).waitFor();
  await drag(page.getByRole("button", { name: "Add heading" }), layer("section welcome"));
  await layer("heading text1").waitFor();
  // Moving the button onto the welcome title puts it before the title, in the other section.
  await drag(layer("button button1"), layer("heading welcome-title"));
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll(".layers button.layer")].map((b) => b.getAttribute("aria-label"));
    return rows.indexOf("button button1") === rows.indexOf("heading welcome-title") - 1;
  });
  await canvas.locator("#button1 + #welcome-title").waitFor();
  const order = await canvas.locator("main [id]").evaluateAll((els) => els.map((e) => e.id));
  assert.deepEqual(order.slice(0, 4), ["welcome", "button1", "welcome-title", "text1"]);
  await page.screenshot({ path: join(ARTIFACTS, "15-editor-dragged.png") });
});

test("create a collection, change its schema, sort and search its items", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await logIn(page, base);
  await page.goto(`${base}/sites/demo`);
  await page.getByText("New collection").click();
  await page.getByLabel("Collection ID").fill("Recipes");
  await page.getByLabel("Field 1 key").fill("title");
  await page.getByRole("button", { name: "Add a field" }).click();
  await page.getByLabel("Field 2 key").fill("minutes");
  await page.getByLabel("Field 2 type").selectOption("NUMBER");
  await page.getByRole("button", { name: "Create collection" }).click();
  await page.getByRole("link", { name: "Recipes" }).click();
  await page.getByRole("heading", { name: "Recipes" }).waitFor();

  // A field added to the schema shows as a column; a bad key is refused in plain words.
  await page.getByText("Fields and permissions").click();
  await page.getByLabel("New field key").fill("bad key");
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByLabel("New field key").fill("cuisine");
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByRole("status").filter({ hasText: "Field cuisine added." }).waitFor();
  await page.getByRole("button", { name: "Sort by cuisine" }).waitFor();

  for (const [title, minutes] of [["Soup", "30"], ["Bread", "240"], ["Salad", "10"]]) {
    await page.getByRole("form", { name: "Add an item" }).getByLabel("title").fill(title);
    await page.getByRole("form", { name: "Add an item" }).getByLabel("minutes").fill(minutes);
    await page.getByRole("button", { name: "Add item" }).click();
    await page.getByRole("button", { name: `Edit title: ${title}` }).waitFor();
  }
  const titles = () => page.locator("table.items tbody tr td:first-child").allInnerTexts();
  await page.getByRole("button", { name: "Sort by minutes" }).click();
  await page.waitForFunction(() => document.querySelector("table.items tbody tr td")?.textContent === "Salad");
  assert.deepEqual(await titles(), ["Salad", "Soup", "Bread"]);
  await page.getByRole("button", { name: "Sort by minutes" }).click();
  await page.waitForFunction(() => document.querySelector("table.items tbody tr td")?.textContent === "Bread");
  await page.getByLabel("Text", { exact: true }).fill("ou");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll("table.items tbody tr").length === 1);
  assert.deepEqual(await titles(), ["Soup"]);

  // Visitors of the site may read only while the permission says so.
  const visitor = await browser.newPage();
  await visitor.goto(site);
  const visitorQuery = () =>
    visitor.evaluate(async () => (await fetch("/wix-data/v2/items/query", { method: "POST", headers: { "content-type": "application/json" }, body: '{"dataCollectionId":"Recipes"}' })).status);
  assert.equal(await visitorQuery(), 200);
  await page.getByLabel("Read items").selectOption("CMS_EDITOR");
  await page.getByRole("status").filter({ hasText: "Permissions saved." }).waitFor();
  assert.equal(await visitorQuery(), 403);
  await page.screenshot({ path: join(ARTIFACTS, "09-cms-schema.png"), fullPage: true });
});

test("bind a repeater to a CMS collection in the editor and publish it", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await logIn(page, base);
  await page.goto(`${base}/editor/demo`);
  await page.getByRole("button", { name: /^About/ }).click();
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Baking for the neighbourhood since 1998" }).waitFor();

  // A repeater needs a dataset: asking first is explained, then the dataset is added.
  await page.getByRole("button", { name: "Add repeater" }).click();
  await page.getByRole("status").filter({ hasText: "add a dataset to the page first" }).waitFor();
  const form = page.getByRole("form", { name: "Add a dataset" });
  await form.getByLabel("Collection").selectOption("Posts");
  await form.getByLabel("Items a page").fill("3");
  await form.getByRole("button", { name: "Add dataset" }).click();
  await page.getByText("dataset1", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Add repeater" }).click();
  await page.getByRole("heading", { name: /^repeater repeater1/ }).waitFor();

  // Connect the repeated heading to the posts' titles.
  await page.getByRole("button", { name: "heading text1" }).click();
  await page.getByLabel("text from Posts field").selectOption("title");
  // The newest three posts, as the dataset sorts them.
  await canvas.getByRole("heading", { name: "Weekend baking classes" }).waitFor();
  assert.equal(await canvas.locator(".t-repeater li").count(), 3);
  await canvas.locator(".t-repeater").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "16-editor-repeater.png") });

  await page.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: /Published version \d+\./ }).waitFor();
  const live = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await live.goto(`${site}/about`);
  await live.getByRole("heading", { name: "Weekend baking classes" }).waitFor();
  assert.equal(await live.locator(".t-repeater li").count(), 3);
});

test("write a web method in the Code panel, fix its error, publish, run it and see its log", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await logIn(page, base);
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  await page.getByRole("link", { name: "Code", exact: true }).click();
  await page.getByRole("heading", { name: "Code", exact: true }).waitFor();
  await page.getByRole("heading", { name: "Run a web method" }).waitFor();

  // A new file, written with a mistake on line 3.
  await page.getByLabel("New file").fill("backend/hello.web.js");
  await page.getByRole("button", { name: "Add file" }).click();
  const editor = page.getByRole("textbox", { name: "Code of backend/hello.web.js" });
  await editor.waitFor();
  const write = async (source) => {
    await editor.click();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.insertText(source);
  };
  const good = [
    "import { Permissions, webMethod } from 'wix-web-module';",
    "",
    "export const hello = webMethod(Permissions.Anyone, (name) => {",
    "  console.log('greeting', name);",
    "  return `Hello ${name}`;",
    "});",
    "",
  ].join("\n");
  await write(good.replace("console.log('greeting', name);", "console.log('greeting', name;"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  const problem = page.getByRole("button", { name: /^backend\/hello\.web\.js, line 4, column \d+: / });
  await problem.waitFor();
  // The line is marked in the editor too, with the message in the gutter's mark.
  await page.locator(".cm-lint-marker-error").first().waitFor();
  await page.locator(".cm-lintRange-error").first().waitFor({ state: "attached" });
  await shot("20-code-error");
  // Its line is one click away.
  await problem.click();
  await page.waitForFunction(() => document.querySelector(".cm-activeLine")?.textContent?.includes("console.log('greeting', name;"));
  assert.equal(await editor.evaluate((el) => el === document.activeElement || el.contains(document.activeElement)), true, "the editor has focus");

  await write(good);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Saved revision \d+\.$/ }).waitFor();
  assert.equal(await page.getByRole("heading", { name: /Not saved/ }).count(), 0);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Published revision \d+\.$/ }).waitFor();

  // Run it from the form; its console line reaches the live log.
  await page.getByLabel("File", { exact: true }).fill("backend/hello.web.js");
  await page.getByLabel("Function", { exact: true }).fill("hello");
  await page.getByLabel("Arguments (JSON array)").fill('["Ada"]');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("status").filter({ hasText: '"Hello Ada"' }).waitFor();
  const logs = page.getByRole("log", { name: "Log lines, newest last" });
  const line = logs.locator(".log-line").filter({ hasText: "greeting Ada" });
  await line.waitFor();
  assert.equal(await line.locator(".level").textContent(), "log");
  await logs.evaluate((el) => el.scrollIntoView());
  await shot("21-code-ran");

  // A wrong function is said plainly.
  await page.getByLabel("Function", { exact: true }).fill("nope");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("alert").filter({ hasText: /nope/ }).waitFor();

  // History: save a change without publishing it, open the live revision again, then
  // publish the newer one from the list and run it.
  await write(good.replace("`Hello ${name}`", "`Hi ${name}`"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Saved revision \d+\.$/ }).waitFor();
  await page.getByText(/^History: \d+ revisions$/).click();
  const rows = page.locator(".history tbody tr");
  const liveRow = rows.filter({ has: page.locator(".badge.live") });
  const live = (await liveRow.locator("td").first().textContent()).trim().split(" ")[0];
  await liveRow.getByRole("button", { name: `Open revision ${live} in the editor` }).click();
  await page.getByRole("status").filter({ hasText: `Opened revision ${live}. Save to make it the latest revision.` }).waitFor();
  await page.waitForFunction(() => document.querySelector(".cm-content")?.textContent?.includes("Hello ${name}"));
  await page.locator(".code-path .badge").filter({ hasText: "not saved" }).waitFor();
  const newest = (await rows.first().locator("td").first().textContent()).trim();
  await rows.first().getByRole("button", { name: `Publish revision ${newest}` }).click();
  await page.getByRole("status").filter({ hasText: `Published revision ${newest}.` }).waitFor();
  await rows.first().locator(".badge.live").waitFor();
  await shot("22-code-history");
  await page.getByLabel("Function", { exact: true }).fill("hello");
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await page.getByRole("status").filter({ hasText: '"Hi Ada"' }).waitFor();

  // An HTTP function, called from the page with its method and address.
  await page.getByLabel("New file").fill("backend/http-functions.js");
  await page.getByRole("button", { name: "Add file" }).click();
  const functions = page.getByRole("textbox", { name: "Code of backend/http-functions.js" });
  await functions.waitFor();
  await functions.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.insertText([
    "import { ok } from 'wix-http-functions';",
    "export function get_ping(request) {",
    "  return ok({ body: `pong ${request.path.join('/')} ${request.query.n}` });",
    "}",
    "",
  ].join("\n"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Saved revision \d+\.$/ }).waitFor();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("status").filter({ hasText: /^Published revision \d+\.$/ }).waitFor();
  await page.getByLabel("Address after /_functions/").fill("ping/a/b?n=3");
  await page.getByRole("button", { name: "Call", exact: true }).click();
  const answer = page.getByRole("status", { name: "HTTP answer" });
  await answer.filter({ hasText: "Status 200" }).waitFor();
  assert.equal((await answer.locator("pre").textContent()).trim(), "pong a/b 3");
  await answer.scrollIntoViewIfNeeded();
  await shot("23-code-http-function");
});

test("add a page with its SEO, change the theme, publish and see both live", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, base);
  await page.getByLabel("Name").fill("Themed");
  await page.getByLabel("Address").fill("themed");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Themed", exact: true }).waitFor();
  await page.goto(`${base}/editor/themed`);
  await page.frameLocator('iframe[title="Page canvas"]').getByRole("heading", { name: "Themed" }).waitFor();
  await page.getByLabel("New page title").fill("Our team");
  await page.getByRole("button", { name: "Add page" }).click();
  await page.getByRole("group", { name: "Page: Our team" }).waitFor();
  await page.getByLabel("Search title").fill("Meet the team at Themed");
  // A bad address is refused by the server with the place it is wrong.
  await page.getByLabel("Address", { exact: true }).fill("team");
  await page.getByRole("status").filter({ hasText: "pages[1].path" }).waitFor();
  await page.getByLabel("Address", { exact: true }).fill("/team");
  await page.getByLabel("Accent color", { exact: true }).fill("#aa3300");
  await page.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "17-editor-page-settings.png") });
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: "Published version 1." }).waitFor();

  const live = await browser.newPage();
  await live.goto(`${site.replace("demo.", "themed.")}/team`);
  assert.equal(await live.title(), "Meet the team at Themed");
  await live.getByRole("link", { name: "Our team" }).waitFor();
  const accent = await live.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--color-primary").trim());
  assert.equal(accent, "#aa3300");
});

test("a visitor joins the demo site and the owner sees them among members and contacts", async () => {
  const live = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const liveShot = (name) => live.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  // The members-only page sends visitors to log in; they sign up from there.
  await live.goto(`${site}/club`);
  await live.getByRole("heading", { name: "Log in" }).waitFor();
  await live.getByRole("link", { name: "Sign up" }).click();
  await live.getByLabel("First name").fill("Bea");
  await live.getByLabel("Email").fill("bea@example.com");
  await live.getByLabel("Password (at least 8 characters)").fill("bread and butter");
  await live.getByRole("button", { name: "Sign up" }).click();
  await live.getByRole("heading", { name: "Welcome to the Bakers' club" }).waitFor();
  await liveShot("20-members-only-page");
  await live.goto(`${site}/contact`);
  await live.getByLabel("Your name").fill("Bea Baker");
  await live.getByLabel("Email").fill("bea@example.com");
  await live.getByLabel("Message").fill("Do you bake rye on Sundays?");
  await live.getByRole("button", { name: "Send message" }).click();
  await live.getByRole("status").filter({ hasText: "Thank you!" }).waitFor();

  // The owner finds her as a member and as one contact with both events on its timeline.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  await logIn(page, base);
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  // The site's home says so at a glance.
  await page.getByRole("region", { name: "At a glance" }).getByText("Submitted the form contact-form").first().waitFor();
  await shot("19-site-summary");
  await page.getByRole("navigation", { name: "Site sections" }).getByRole("link", { name: "People" }).click();
  await page.getByRole("cell", { name: "bea@example.com" }).waitFor();
  await page.getByRole("tab", { name: "Sign-up & roles" }).click();
  await page.getByLabel("Title").fill("Gold");
  await page.getByLabel("Title").blur();
  await page.getByRole("button", { name: "Add" }).click();
  await page.getByText("gold", { exact: true }).waitFor();
  await page.getByRole("tab", { name: "Members" }).click();
  // The box shows what the server stored, so it turns on once the change is saved.
  await page.getByRole("checkbox", { name: "Gold" }).click();
  await page.getByRole("checkbox", { name: "Gold", checked: true }).waitFor();
  await shot("21-members");
  await page.getByRole("tab", { name: "Contacts" }).click();
  await page.getByRole("button", { name: "Bea" }).click();
  await page.getByText("Submitted the form").waitFor();
  await page.getByText("Joined the site").waitFor();
  await shot("22-contact-timeline");
  await page.getByRole("tab", { name: "Outbox" }).click();
  await page.getByRole("button", { name: "New form submission on Demo Bakery" }).first().waitFor();
  await shot("23-outbox");

  // Her account page shows the role; logging out ends the members-only access.
  await live.goto(`${site}/account`);
  await live.getByRole("list", { name: "Roles and badges" }).getByText("Gold").waitFor();
  await live.getByRole("button", { name: "Log out" }).click();
  await live.goto(`${site}/club`);
  await live.getByRole("heading", { name: "Log in" }).waitFor();
});

test("manage a site's name, domains, collaborators, API keys and secrets", async () => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await logIn(page, base);
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  await page.getByRole("link", { name: "Settings" }).click();

  await page.getByLabel("Domain", { exact: true }).fill("not a domain");
  await page.getByRole("button", { name: "Add domain" }).click();
  await page.getByRole("alert").waitFor();
  await page.getByLabel("Domain", { exact: true }).fill("bakery.example.com");
  await page.getByRole("button", { name: "Add domain" }).click();
  await page.getByRole("button", { name: "Remove bakery.example.com" }).waitFor();

  await page.getByLabel("Invite by email").fill("designer@example.com");
  await page.getByRole("button", { name: "Invite" }).click();
  await page.getByRole("status").filter({ hasText: "Send this link" }).waitFor();
  await page.getByRole("button", { name: "Cancel the invitation of designer@example.com" }).waitFor();

  // A deploy key: the developer role pushes code and secrets, and manages nothing.
  await page.getByLabel("Key name").fill("deploys");
  await page.locator("form", { has: page.getByLabel("Key name") }).getByLabel("Role").selectOption("developer");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = await page.getByRole("status").filter({ hasText: "Copy the key now" }).locator("code").textContent();
  assert.match(shown ?? "", /^tsk_/);
  await page.locator("li", { hasText: "deploys" }).getByText("developer", { exact: true }).waitFor();
  // The key works against the API right away.
  const res = await fetch(`${base}/api/v1/sites/demo`, { headers: { authorization: `Bearer ${shown}` } });
  assert.equal(res.status, 200);

  await page.getByLabel("Secret name").fill("STRIPE_KEY");
  await page.getByLabel("Value").fill("sk_test_123");
  await page.getByRole("button", { name: "Save secret" }).click();
  await page.getByRole("button", { name: "Delete STRIPE_KEY" }).waitFor();
  assert.equal(await page.getByText("sk_test_123").count(), 0, "secret values are never shown");
  await page.screenshot({ path: join(ARTIFACTS, "30-settings-1920.png"), fullPage: true });
});

test("export a collection as CSV, edit it and import it back", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await logIn(page, base);
  await page.goto(`${base}/sites/demo/cms/Cakes`);
  await page.getByRole("heading", { name: "Cakes" }).waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export CSV" }).click()]);
  const csv = await new Response((await download.createReadStream())).text();
  const [header, first] = csv.split("\n");
  assert.ok(header.startsWith("_id,"), header);
  assert.ok(header.split(",").includes("price"), header);
  await page.getByRole("status").filter({ hasText: /^Exported \d+ items\.$/ }).waitFor();

  // Rows replace the item with their _id or add one; a bad price is refused by row and column.
  const id = first.split(",")[0];
  const input = page.locator("input[type=file][accept='.csv,text/csv']");
  await input.setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("name,price\nCheap,lots\n") });
  await page.getByRole("alert").filter({ hasText: 'Row 2, column "price"' }).waitFor();
  await input.setInputFiles({
    name: "cakes.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(`_id,name,price\n${id},"Edited, with a comma",99\n,Imported torte,12.5\n`),
  });
  await page.getByRole("status").filter({ hasText: "Saved 2 items." }).waitFor();
  const item = await page.evaluate(async (id) => {
    const r = await fetch(`/wix-data/v2/items/${id}?dataCollectionId=Cakes`, { headers: { "wix-site-id": "demo" } });
    return (await r.json()).dataItem.data;
  }, id);
  assert.equal(item.price, 99);
  assert.equal(item.name, "Edited, with a comma");
  await page.getByRole("button", { name: "Edit name: Imported torte" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "31-cms-csv.png"), fullPage: true });
});

test("a reference field picks items of another collection by name", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await logIn(page, base);
  await page.goto(`${base}/sites/demo/cms/Posts`);
  await page.getByText("Fields and permissions").click();
  await page.getByLabel("New field key").fill("cake");
  await page.getByLabel("New field type").selectOption("REFERENCE");
  await page.getByLabel("Refers to").selectOption("Cakes");
  await page.getByRole("button", { name: "Add field" }).click();
  await page.getByRole("status").filter({ hasText: "Field cake added." }).waitFor();
  await page.getByText("→ Cakes").waitFor();

  const row = page.locator("table.items tbody tr").first();
  await row.getByRole("button", { name: /^Edit cake:/ }).click();
  const picker = row.getByLabel("cake of this item");
  const options = await picker.locator("option").allInnerTexts();
  assert.ok(options.length > 1, `the cakes to choose from: ${options}`);
  const chosen = options[1];
  await picker.selectOption({ label: chosen });
  await row.getByRole("button", { name: /^Edit cake: .+/ }).waitFor();
  assert.equal((await row.getByRole("button", { name: /^Edit cake:/ }).innerText()).trim(), chosen);
  await page.screenshot({ path: join(ARTIFACTS, "32-cms-reference.png"), fullPage: true });
});

test("edit with the keyboard: duplicate, move, copy, paste, delete, undo, reorder pages", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  await logIn(page, base);
  await page.getByLabel("Name").fill("Keys");
  await page.getByLabel("Address").fill("keys");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Keys", exact: true }).waitFor();
  await page.goto(`${base}/editor/keys`);
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.getByRole("heading", { name: "Keys" }).waitFor();
  const layers = () => page.locator(".layers button.layer").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const layer = (name) => page.getByRole("button", { name, exact: true });

  await layer("heading welcome-title").click();
  await page.keyboard.press("Control+d");
  await layer("heading text1").waitFor();
  assert.deepEqual((await layers()).filter((l) => l.startsWith("heading")), ["heading welcome-title", "heading text1"]);
  await page.keyboard.press("Alt+ArrowUp");
  await page.waitForFunction(() => document.querySelector(".layers button.layer[aria-current='true']")?.closest("li")?.previousElementSibling === null);
  assert.deepEqual((await layers()).filter((l) => l.startsWith("heading")), ["heading text1", "heading welcome-title"]);

  // Copy the section and paste it: a second section with fresh ids follows the first.
  await layer("section welcome").click();
  await page.keyboard.press("Control+c");
  await page.keyboard.press("Control+v");
  await layer("section section1").waitFor();
  assert.equal((await layers()).filter((l) => l.startsWith("section")).length, 2);
  await page.keyboard.press("Delete");
  await page.waitForFunction(() => !document.querySelector(".layers button.layer[aria-label='section section1']"));
  await page.keyboard.press("Control+z");
  await layer("section section1").waitFor();
  await canvas.locator("#section1").waitFor();

  // The element under the pointer is named on the canvas.
  await canvas.locator("#welcome-title").hover();
  await canvas.locator("#editor-hover-label").filter({ hasText: "heading welcome-title" }).waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "36-editor-hover-label.png") });

  // Several elements: Shift-click adds to the selection (on the canvas too), both are
  // outlined, and Ctrl+D and Delete act on both, as one undo step each.
  await layer("heading text1").click();
  await canvas.locator("#welcome-title").click({ modifiers: ["Shift"] });
  await page.getByText("and 1 more element selected").waitFor();
  assert.equal(await page.locator(".layers button.layer[aria-current='true']").count(), 2);
  const outlined = await canvas.locator("#editor-outline").evaluate((el) => el.textContent);
  assert.ok(outlined.includes("#text1{") && outlined.includes("#welcome-title{"), outlined);
  await page.screenshot({ path: join(ARTIFACTS, "34-editor-multi-select.png") });
  const headings = async () => (await layers()).filter((l) => l.startsWith("heading")).length;
  const before = await headings();
  await page.keyboard.press("Control+d");
  await page.waitForFunction((n) => document.querySelectorAll(".layers button.layer[aria-label^='heading']").length === n, before + 2);
  await page.keyboard.press("Delete");
  await page.waitForFunction((n) => document.querySelectorAll(".layers button.layer[aria-label^='heading']").length === n, before);
  await page.keyboard.press("Control+z");
  await page.waitForFunction((n) => document.querySelectorAll(".layers button.layer[aria-label^='heading']").length === n, before + 2);

  // One selected element has a resize handle: dragging it sets its width at this breakpoint.
  await layer("heading text1").click();
  // (After the page has been rendered again: a new render replaces the frame's page.)
  await page.getByText("All changes saved").waitFor();
  await page.waitForTimeout(500);
  const grip = await canvas.locator("#editor-resize").boundingBox();
  const startWidth = (await canvas.locator("#text1").boundingBox()).width;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(grip.x + grip.width / 2 - 150, grip.y + grip.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => /^\d+px$/.test(document.getElementById("style-width")?.value ?? ""));
  const set = Number.parseInt(await page.locator("#style-width").inputValue(), 10);
  assert.ok(Math.abs(set - (startWidth - 150)) <= 3, `width ${set}, started at ${startWidth}`);
  await page.getByText("All changes saved").waitFor();
  await page.waitForFunction((w) => Math.abs(document.querySelector("iframe").contentDocument.getElementById("text1").getBoundingClientRect().width - w) <= 1, set);
  await page.screenshot({ path: join(ARTIFACTS, "35-editor-resize.png") });

  // Drag a text from the add panel onto the canvas, over the lower half of a heading: a bar
  // shows where it goes, and it lands right after that heading.
  // The add panel is long (store, plans and bookings elements): bring the button into view.
  await page.getByRole("button", { name: "Add text" }).scrollIntoViewIfNeeded();
  const from = await page.getByRole("button", { name: "Add text" }).boundingBox();
  const onto = await canvas.locator("#welcome-title").boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + 40, from.y + 20, { steps: 4 });
  await page.mouse.move(onto.x + onto.width / 3, onto.y + onto.height * 0.75, { steps: 8 });
  await canvas.locator("#editor-drop").waitFor({ state: "attached" });
  await page.screenshot({ path: join(ARTIFACTS, "37-editor-drop-on-canvas.png") });
  await page.mouse.up();
  await page.waitForFunction(() => {
    const names = [...document.querySelectorAll(".layers button.layer")].map((e) => e.getAttribute("aria-label"));
    return names[names.indexOf("heading welcome-title") + 1]?.startsWith("text ");
  });
  assert.equal(await canvas.locator("#editor-drop").count(), 0, "the drop bar goes away");

  // A ready-made section, a container laid out as a row, and a preview of the draft.
  // (dnd-kit swallows a click that follows the end of a drag at once: let the drop settle.)
  await page.getByText("All changes saved").waitFor();
  await page.waitForTimeout(300);
  await page.getByRole("button", { name: "Add hero section" }).click();
  await canvas.getByRole("heading", { name: "Say what you do, in a few words" }).waitFor();
  await page.getByRole("button", { name: "Add container" }).click();
  const container = (await page.locator(".inspector h2 code").textContent()).trim();
  assert.match(container, /^box\d+$/);
  await page.getByLabel("Arrange children").selectOption("flex");
  await page.getByLabel("Direction (flex)").selectOption("row");
  await page.waitForFunction((id) => {
    const e = document.querySelector("iframe").contentDocument.getElementById(id);
    return e && getComputedStyle(e).display === "flex" && getComputedStyle(e).flexDirection === "row";
  }, container);
  // Colours and fonts from the theme: the heading takes the accent and the body font.
  await page.getByRole("button", { name: "heading welcome-title", exact: true }).click();
  await page.getByRole("button", { name: "Text color: the theme's accent" }).click();
  await page.locator("#style-fontFamily").selectOption("var(--font-body)");
  await page.waitForFunction(() => {
    const e = document.querySelector("iframe").contentDocument.getElementById("welcome-title");
    return e && getComputedStyle(e).color === "rgb(52, 81, 178)";
  });
  await page.getByText("All changes saved").waitFor();
  const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByRole("button", { name: "Preview" }).click()]);
  await tab.getByRole("heading", { name: "Say what you do, in a few words" }).waitFor();
  await tab.screenshot({ path: join(ARTIFACTS, "38-editor-preview.png") });
  await tab.close();

  // A redirect from an old address, set in the site's settings and live after publishing.
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Add redirect" }).click();
  await page.getByLabel("Redirect 1 from").fill("/old-home");
  await page.getByLabel("Redirect 1 to").fill("/");
  await page.getByText("All changes saved").waitFor();
  await page.getByRole("group", { name: "Redirects" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ARTIFACTS, "39-editor-redirects.png") });
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: /Published version \d+\./ }).waitFor();
  const visitor = await browser.newPage();
  const arrived = await visitor.goto(`${site.replace("//demo.", "//keys.")}/old-home`);
  assert.equal(new URL(visitor.url()).pathname, "/");
  assert.equal(await (await arrived.request().redirectedFrom()?.response())?.status(), 301);
  await visitor.close();

  // Pages reorder with their arrows.
  await page.getByLabel("New page title").fill("Team");
  await page.getByRole("button", { name: "Add page" }).click();
  await page.getByRole("button", { name: "Move Team up" }).click();
  const pages = await page.locator(".page-row > button:first-child").allInnerTexts();
  assert.ok(pages[0].startsWith("Team"), pages.join(" | "));
  await page.getByText("All changes saved").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "33-editor-keys.png") });
});

test("edit a heading and a text in place on the canvas", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, base);
  await page.getByLabel("Name").fill("Inline");
  await page.getByLabel("Address").fill("inline");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Inline", exact: true }).waitFor();
  await page.goto(`${base}/editor/inline`);
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  const title = canvas.getByRole("heading", { name: "Inline" });
  await title.dblclick();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("Written on the canvas");
  await page.keyboard.press("Enter");
  await canvas.getByRole("heading", { name: "Written on the canvas" }).waitFor();
  // The inspector shows the same text: it is in the document, not only on the screen.
  await page.getByRole("button", { name: "heading welcome-title", exact: true }).click();
  assert.equal(await page.getByLabel("Text", { exact: true }).inputValue(), "Written on the canvas");

  // A text element keeps its formatting: Ctrl+B makes bold.
  await page.getByRole("button", { name: "Add text" }).click();
  // The new text is on the canvas once the page with it has been rendered.
  const text = canvas.locator("#text1");
  await text.waitFor();
  await text.dblclick();
  await page.keyboard.press("Control+a");
  await page.keyboard.press("Control+b");
  await page.keyboard.type("Bold words");
  await page.getByRole("heading", { name: "Layers" }).click();
  await canvas.locator("#text1 strong, #text1 b").filter({ hasText: "Bold words" }).waitFor();
  await page.getByText("All changes saved").waitFor();
  const draft = await page.evaluate(async () => (await (await fetch("/api/v1/sites/inline/document")).json()).document);
  assert.match(JSON.stringify(draft), /Written on the canvas/);
  assert.match(JSON.stringify(draft), /<(b|strong)>Bold words<\/(b|strong)>/);
  await page.screenshot({ path: join(ARTIFACTS, "34-editor-inline.png") });
});

test("the site's sidebar, breadcrumb, deep links, site switcher and keyboard access", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await logIn(page, base);
  await page.getByLabel("Name").fill("Switcher");
  await page.getByLabel("Address").fill("switcher");
  await page.getByRole("button", { name: "Create site" }).click();
  await page.getByRole("link", { name: "Switcher", exact: true }).waitFor();
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  const sidebar = page.getByRole("navigation", { name: "Site sections" });
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  const current = () => sidebar.locator('[aria-current="page"]').textContent();
  const focused = () => page.evaluate(() => document.activeElement?.textContent);

  // The sidebar links the sections that exist, and nothing for modules still to come.
  await page.getByRole("heading", { name: "Demo Bakery", level: 1 }).waitFor();
  assert.deepEqual(await sidebar.getByRole("link").allTextContents(), ["Home", "Editor", "CMS", "Media", "Store", "Bookings", "Pricing plans", "Automations", "Analytics", "People", "Code", "GraphQL", "Settings"]);
  await page.goto(`${base}/sites/demo/loyalty`);
  await page.waitForURL(`${base}/sites/demo`);

  // Each section from the sidebar: its address, its page, its link marked and the breadcrumb.
  const sections = [
    ["CMS", "/sites/demo/cms", "CMS"],
    ["Media", "/sites/demo/media", "Media"],
    ["Store", "/sites/demo/store", "Store"],
    ["Bookings", "/sites/demo/bookings", "Bookings"],
    ["Automations", "/sites/demo/automations", "Automations"],
    ["People", "/sites/demo/people", "People"],
    ["Code", "/sites/demo/code", "Code"],
    ["Settings", "/sites/demo/settings", "Settings"],
    ["Editor", "/sites/demo/editor", null],
    ["Home", "/sites/demo", "Demo Bakery"],
  ];
  for (const [label, path, heading] of sections) {
    await sidebar.getByRole("link", { name: label, exact: true }).click();
    await page.waitForURL((url) => url.pathname === path);
    if (heading) await page.getByRole("heading", { name: heading, level: 1, exact: true }).waitFor();
    else await page.frameLocator('iframe[title="Page canvas"]').locator("main").waitFor();
    assert.equal(await current(), label);
    // (Code adds the file it opened, when the site has code.)
    const trail = (await crumbs.getByRole("listitem").allTextContents()).slice(0, 2);
    assert.deepEqual(trail, label === "Home" ? ["Demo Bakery"] : ["Demo Bakery", label]);
    await shot(`40-shell-${label.toLowerCase()}`);
  }
  // The editor's old address still opens it.
  await page.goto(`${base}/editor/demo`);
  await page.waitForURL(`${base}/sites/demo/editor`);

  // Deep links survive a reload: a collection, a tab of People and a file of Code.
  await page.goto(`${base}/sites/demo/cms/Posts`);
  await page.getByRole("heading", { name: "Posts", level: 1 }).waitFor();
  await page.reload();
  await page.getByRole("button", { name: /^Edit title: / }).first().waitFor();
  assert.deepEqual(await crumbs.getByRole("listitem").allTextContents(), ["Demo Bakery", "CMS", "Posts"]);
  assert.equal(await current(), "CMS");
  await crumbs.getByRole("link", { name: "CMS" }).click();
  await page.waitForURL(`${base}/sites/demo/cms`);
  await page.getByRole("link", { name: "Cakes" }).waitFor();

  await sidebar.getByRole("link", { name: "People" }).click();
  await page.getByRole("tab", { name: "Outbox" }).click();
  await page.waitForURL(`${base}/sites/demo/people/outbox`);
  await page.reload();
  await page.getByRole("tab", { name: "Outbox", selected: true }).waitFor();
  await page.getByRole("heading", { name: "Outbox", level: 2 }).waitFor();
  assert.deepEqual(await crumbs.getByRole("listitem").allTextContents(), ["Demo Bakery", "People", "Outbox"]);
  // The tabs take arrow keys, and the address follows without losing the focus.
  await page.getByRole("tab", { name: "Outbox" }).focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForURL(`${base}/sites/demo/people/signup`);
  await page.getByRole("heading", { name: "Sign-up", level: 2 }).waitFor();
  assert.equal(await focused(), "Sign-up & roles");
  await shot("41-shell-people-tab");

  const pushed = await page.evaluate(async () => {
    const files = { "backend/a.web.js": "export const a = 1;\n", "backend/b.js": "export const b = 2;\n" };
    const r = await fetch("/api/v1/sites/switcher/code", { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ files }) });
    return r.status;
  });
  assert.equal(pushed, 201);
  await page.goto(`${base}/sites/switcher/code?file=backend/b.js`);
  const openFile = page.locator(".file-tree button.file[aria-current='true']");
  await openFile.filter({ hasText: "b.js" }).waitFor();
  await page.reload();
  await openFile.filter({ hasText: "b.js" }).waitFor();
  assert.deepEqual(await crumbs.getByRole("listitem").allTextContents(), ["Switcher", "Code", "backend/b.js"]);
  await page.getByRole("button", { name: "backend/a.web.js", exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get("file") === "backend/a.web.js");
  // Opening a revision over unsaved changes asks first, in a dialog that holds the focus.
  await page.getByRole("textbox", { name: "Code of backend/a.web.js" }).click();
  await page.keyboard.insertText("// not saved\n");
  await page.getByText(/^History: 1 revision$/).click();
  const openRevision = page.getByRole("button", { name: /^Open revision \d+ in the editor$/ });
  await openRevision.click();
  const dialog = page.getByRole("alertdialog", { name: /^Replace your unsaved changes with revision \d+\?$/ });
  await dialog.waitFor();
  assert.equal(await focused(), "Cancel");
  await shot("45-shell-confirm-dialog");
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.match(await page.locator(".cm-content").textContent(), /not saved/);
  await openRevision.click();
  await dialog.getByRole("button", { name: "Replace" }).click();
  await page.getByRole("status").filter({ hasText: /^Opened revision \d+\./ }).waitFor();
  assert.doesNotMatch(await page.locator(".cm-content").textContent(), /not saved/);

  // The site switcher lists the account's sites and opens the same section of the one chosen.
  await page.goto(`${base}/sites/demo/settings`);
  await page.getByRole("button", { name: /^Switch site/ }).click();
  const menu = page.getByRole("menu");
  await menu.getByRole("menuitemradio", { name: /Demo Bakery/, checked: true }).waitFor();
  await shot("42-shell-site-switcher");
  await menu.getByRole("menuitemradio", { name: /Switcher/ }).click();
  await page.waitForURL(`${base}/sites/switcher/settings`);
  // The router renders the new address in a transition: the old page stays until the new
  // one is ready, so wait for the other site's address before reading its form.
  await page.locator("section[aria-labelledby='name-title'] code").filter({ hasText: /^switcher$/ }).waitFor();
  // A page of the other site, not the first one's left over.
  assert.equal(await page.getByLabel("Site name").inputValue(), "Switcher");
  assert.equal(await page.getByRole("button", { name: /^Switch site/ }).getAttribute("aria-label"), "Switch site (now Switcher)");
  // From an item (a collection), the other site opens at the section.
  await page.goto(`${base}/sites/demo/cms/Posts`);
  await page.getByRole("button", { name: /^Switch site/ }).click();
  await page.getByRole("menuitemradio", { name: /Switcher/ }).click();
  await page.waitForURL(`${base}/sites/switcher/cms`);
  await page.getByText("No collections yet.").waitFor();

  // The keyboard: Tab reaches the skip link first, then the bars, the switcher and the
  // sidebar's links, each with a visible focus ring; Enter follows a link.
  await page.goto(`${base}/sites/demo`);
  await page.getByRole("heading", { name: "Demo Bakery", level: 1 }).waitFor();
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "Skip to content");
  let reached = null;
  for (let i = 0; i < 10 && reached === null; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => (document.activeElement?.closest('nav[aria-label="Site sections"]') ? document.activeElement.textContent : null));
  }
  assert.equal(reached, "Home");
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), "solid");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "CMS");
  await shot("43-shell-keyboard-focus");
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/sites/demo/cms`);
  // The switcher opens with the keyboard, arrows move through the sites and Enter picks one.
  await page.getByRole("button", { name: /^Switch site/ }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("menu").waitFor();
  // (Radix moves the focus a moment after the key: each press waits for it.)
  for (let i = 0; i < 20 && !(await focused())?.startsWith("Switcher"); i++) {
    const before = await focused();
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((text) => document.activeElement?.textContent !== text, before);
  }
  await page.keyboard.press("Enter");
  await page.waitForURL(`${base}/sites/switcher/cms`);
  assert.equal(await page.getByRole("menu").count(), 0, "the menu closed");
  // Radix gives the focus back to the switcher a moment after its menu closes: wait for it,
  // or it takes the focus from the skip link below.
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-haspopup") === "menu");
  // The skip link moves the focus to the page, past the bars.
  await page.evaluate(() => document.querySelector(".skip-link").focus());
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "content");

  // On a phone the sidebar keeps its links as icons, named for screen readers.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/sites/demo/people`);
  await page.getByRole("heading", { name: "People", level: 1 }).waitFor();
  assert.equal(await sidebar.getByRole("link", { name: "Settings" }).isVisible(), true);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the dashboard is ${overflow}px wider than the phone`);
  await shot("44-shell-mobile");
  // The account's menu (its button is an icon here, still named by the email) logs out.
  await page.getByRole("button", { name: "demo@tessera.local" }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await page.getByRole("heading", { name: "Log in to Tessera" }).waitFor();
});
