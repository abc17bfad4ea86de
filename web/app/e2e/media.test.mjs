// End to end in Debian's Chromium: the Media section and the media picker, served by the
// tessera binary on the demo data. Screenshots of each step land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { ARTIFACTS, BIN, freePort, logIn, png, waitReady } from "./lib.mjs";

let server, browser, base, site, dataDir;

/** A PNG of `side`×`side` pixels of noise: it does not compress, so it weighs about 3 bytes a pixel. */
function noise(side, seed) {
  let state = seed;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 24;
  return png(side, side, () => [next(), next(), next()]);
}

// A sunset (a sun over a sky going from orange to violet) and a tiled pattern.
const sunset = png(1200, 800, (x, y) => {
  const t = y / 800;
  const sun = (x - 600) ** 2 + (y - 560) ** 2 < 140 ** 2;
  if (sun) return [255, 226, 120];
  if (y > 620) return [40, 50 + Math.round(30 * Math.sin(x / 30)), 90];
  return [Math.round(250 - 120 * t), Math.round(150 - 110 * t), Math.round(60 + 120 * t)];
});
const tiles = png(600, 600, (x, y) => ((Math.floor(x / 75) + Math.floor(y / 75)) % 2 ? [22, 128, 120] : [240, 236, 220]));

before(async () => {
  const port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), "tessera-e2e-media-"));
  // Small limits, so that a test can go past them: 1 MB a file, 2 MB a site.
  const limits = ["--media-max-file-mb", "1", "--media-quota-mb", "2"];
  server = spawn(BIN, ["serve", "--demo", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, ...limits], {
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

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Whether every image in `locator` has loaded with pixels. */
async function loaded(locator) {
  return locator.evaluateAll((imgs) => imgs.length > 0 && imgs.every((img) => img.complete && img.naturalWidth > 0));
}

async function waitLoaded(page, locator, what) {
  for (let i = 0; i < 100; i++) {
    if (await loaded(locator)) return;
    await page.waitForTimeout(100);
  }
  assert.fail(`${what} did not load`);
}

test("upload to the library, describe an image, put it on a page with the picker and see it live", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const shot = (name) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const refused = [];
  page.on("console", (m) => /Content Security Policy/.test(m.text()) && refused.push(m.text()));
  await logIn(page, base);
  await page.getByRole("link", { name: "Demo Bakery" }).click();
  await page.getByRole("navigation", { name: "Site sections" }).getByRole("link", { name: "Media" }).click();
  await page.waitForURL(`${base}/sites/demo/media`);
  await page.getByRole("heading", { name: "Media", level: 1 }).waitFor();
  await page.getByText("No files yet.").waitFor();
  await shot("50-media-empty");

  // Two images at once, each with its own progress bar, and a file whose bytes are not what
  // it says: refused, with the server's reason next to it.
  await page.getByLabel("Upload", { exact: true }).setInputFiles([
    { name: "sunset.png", mimeType: "image/png", buffer: sunset },
    { name: "tiles.png", mimeType: "image/png", buffer: tiles },
    { name: "not-an-image.png", mimeType: "image/png", buffer: Buffer.from("just some text, not a picture") },
  ]);
  const uploads = page.getByRole("region", { name: "Uploads" });
  await uploads.getByRole("status").filter({ hasText: "2 of 3 uploaded, 1 refused" }).waitFor();
  assert.equal(await uploads.getByRole("progressbar").count(), 3);
  const refusal = uploads.getByRole("listitem").filter({ hasText: "not-an-image.png" }).getByRole("alert");
  assert.ok((await refusal.textContent()).length > 5, "the refusal says why");
  const grid = page.getByRole("list", { name: "Contents of Library" });
  const sunsetTile = grid.getByRole("button", { name: /^sunset\.png/ });
  await sunsetTile.waitFor();
  await grid.getByRole("button", { name: /^tiles\.png/ }).waitFor();
  assert.equal(await grid.getByRole("button", { name: /not-an-image/ }).count(), 0);
  await waitLoaded(page, grid.locator("img"), "the thumbnails");
  assert.equal(await grid.locator("img").count(), 2);
  await shot("51-media-uploaded");

  // The details: rename the sunset and describe it.
  await sunsetTile.click();
  const details = page.getByRole("complementary", { name: "sunset.png" });
  await details.getByText("1200 × 800 px").waitFor();
  await details.getByLabel("Name").fill("Evening sky.png");
  await details.getByLabel("Alt text").fill("An orange sun setting over the sea");
  await details.getByRole("button", { name: "Save" }).click();
  // (The panel is named after the file: now its new name.)
  await page.getByRole("complementary", { name: "Evening sky.png" }).getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await grid.getByRole("button", { name: /^Evening sky\.png/ }).waitFor();
  await waitLoaded(page, page.getByRole("complementary").locator(".media-preview img"), "the preview");
  await shot("52-media-details");

  // Search by name finds it; a new folder, and the tiles moved into it.
  await page.getByRole("searchbox", { name: "Search by name" }).fill("tiles");
  await page.getByRole("list", { name: "Search results" }).getByRole("button", { name: /^tiles\.png/ }).waitFor();
  assert.equal(await page.getByRole("list", { name: "Search results" }).getByRole("button").count(), 1);
  await page.getByRole("searchbox", { name: "Search by name" }).fill("");
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByLabel("Folder name").fill("Patterns");
  await page.getByRole("button", { name: "Create folder" }).click();
  await grid.getByRole("button", { name: "Folder Patterns", exact: true }).waitFor();
  await grid.getByRole("button", { name: /^tiles\.png/ }).click();
  await page.getByRole("complementary").getByLabel("Folder").selectOption({ label: "Patterns" });
  await page.getByRole("status").filter({ hasText: "Moved “tiles.png” to Patterns." }).waitFor();
  await grid.getByRole("button", { name: "Folder Patterns", exact: true }).click();
  await page.waitForURL(/\?folder=/);
  await page.getByRole("list", { name: "Contents of Patterns" }).getByRole("button", { name: /^tiles\.png/ }).waitFor();
  assert.deepEqual(await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("listitem").allTextContents(), ["Demo Bakery", "Media", "Patterns"]);
  await shot("53-media-folder");
  await page.getByRole("navigation", { name: "Folders" }).getByRole("button", { name: "Library" }).click();
  await grid.getByRole("button", { name: /^Evening sky\.png/ }).waitFor();

  // Put the sunset on the home page with the picker: its address, alt text and size follow.
  await page.getByRole("navigation", { name: "Site sections" }).getByRole("link", { name: "Editor" }).click();
  const canvas = page.frameLocator('iframe[title="Page canvas"]');
  await canvas.locator("main").waitFor();
  await page.getByRole("button", { name: "Add image", exact: true }).click();
  await page.getByRole("heading", { name: /^image image\d/ }).waitFor();
  await page.getByRole("button", { name: "Choose from media…" }).click();
  const picker = page.getByRole("dialog", { name: "Choose an image" });
  const pickerGrid = picker.getByRole("list", { name: "Files" });
  await pickerGrid.getByRole("button", { name: /^Evening sky\.png/ }).waitFor();
  await waitLoaded(page, pickerGrid.locator("img"), "the picker's thumbnails");
  await pickerGrid.getByRole("button", { name: /^Evening sky\.png/ }).click();
  await picker.getByText("Evening sky.png · 1200 × 800").waitFor();
  await shot("54-picker");
  await picker.getByRole("button", { name: "Choose", exact: true }).click();
  await picker.waitFor({ state: "detached" });
  const src = await page.getByLabel("Image address").inputValue();
  assert.match(src, /^\/media\/[A-Za-z0-9_~.-]+$/);
  assert.equal(await page.getByLabel("Alternative text").inputValue(), "An orange sun setting over the sea");
  assert.equal(await page.getByLabel("Height (px)").inputValue(), String(Math.round((Number(await page.getByLabel("Width (px)").inputValue()) * 800) / 1200)));
  const onCanvas = canvas.getByRole("img", { name: "An orange sun setting over the sea" });
  await onCanvas.scrollIntoViewIfNeeded();
  await waitLoaded(page, onCanvas, "the image on the canvas");
  await shot("55-editor-picked");

  // The image's section takes the tiles as its background, from the same picker.
  const sectionId = await onCanvas.evaluate((img) => img.closest("section")?.id);
  await page.getByRole("button", { name: `section ${sectionId}`, exact: true }).click();
  await page.getByRole("button", { name: "Choose from media…" }).click();
  const backgroundPicker = page.getByRole("dialog", { name: "Choose a background image" });
  await backgroundPicker.getByRole("button", { name: "Folder Patterns", exact: true }).click();
  await backgroundPicker.getByRole("button", { name: /^tiles\.png/ }).click();
  await backgroundPicker.getByRole("button", { name: "Choose", exact: true }).click();
  assert.match(await page.getByLabel("Background image").inputValue(), /^\/media\/[A-Za-z0-9_~.-]+$/);
  await page.waitForFunction(
    (id) => {
      const frame = document.querySelector('iframe[title="Page canvas"]');
      const section = frame?.contentDocument?.getElementById(id);
      return section && getComputedStyle(section).backgroundImage.includes("/media/");
    },
    sectionId,
  );
  await shot("55b-editor-background");
  await page.getByRole("status").filter({ hasText: "All changes saved" }).waitFor();
  await page.getByRole("button", { name: "Publish" }).click();
  await page.getByRole("status").filter({ hasText: /Published version \d+\./ }).waitFor();
  assert.deepEqual(refused, [], "nothing refused by the dashboard's policy");

  // Live: the image has a srcset of variants, and the one the browser loads is WebP.
  const live = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const media = [];
  live.on("response", (r) => r.url().includes("/media/") && media.push({ url: r.url(), type: r.headers()["content-type"], status: r.status() }));
  await live.goto(site);
  const img = live.getByRole("img", { name: "An orange sun setting over the sea" });
  await img.scrollIntoViewIfNeeded();
  await waitLoaded(live, img, "the live image");
  const srcset = await img.getAttribute("srcset");
  assert.match(srcset ?? "", /\/media\/[^ ]+\/v1\/fit\/w_\d+,h_\d+,q_80\/[^ ]+ \d+w/);
  const id = src.slice("/media/".length);
  const loadedVariant = media.find((m) => m.url.includes(`/media/${id}/v1/fit/`) && m.status === 200);
  assert.ok(loadedVariant, `a variant of the image was loaded (saw ${JSON.stringify(media)})`);
  assert.equal(loadedVariant.type, "image/webp");
  const background = await live.locator(`#${sectionId}`).evaluate((el) => getComputedStyle(el).backgroundImage);
  assert.match(background, /image-set\(url\("[^"]*\/media\/[^/]+\/v1\/fit\/w_\d+,h_\d+,q_80\//);
  await live.screenshot({ path: join(ARTIFACTS, "56-live-image.png") });
  await img.screenshot({ path: join(ARTIFACTS, "56b-live-image-element.png") });

  // A CMS image field takes a library image as Wix's wix:image value, shown as a thumbnail.
  await page.goto(`${base}/sites/demo/cms/Posts`);
  await page.getByRole("table").getByRole("button", { name: "Choose coverImage from media" }).first().click();
  const cmsPicker = page.getByRole("dialog", { name: "Choose an image" });
  await cmsPicker.getByRole("button", { name: "Folder Patterns", exact: true }).click();
  await cmsPicker.getByRole("button", { name: /^tiles\.png/ }).dblclick();
  await cmsPicker.waitFor({ state: "detached" });
  const cell = page.getByRole("button", { name: "Edit coverImage: tiles.png" });
  await cell.waitFor();
  assert.match(await cell.locator("img").getAttribute("src"), /^\/media\/[^/]+\/v1\/fit\/w_96,h_96,q_80\/tiles\.png$/);
  await waitLoaded(page, cell.locator("img"), "the CMS thumbnail");
  await shot("57-cms-image-field");

  // Where the tiles are used: the home page (its section's background) and the post.
  await page.goto(`${base}/sites/demo/media`);
  await page.getByRole("list", { name: "Contents of Library" }).getByRole("button", { name: "Folder Patterns", exact: true }).click();
  await page.getByRole("list", { name: "Contents of Patterns" }).getByRole("button", { name: /^tiles\.png/ }).click();
  const tilesDetails = page.getByRole("complementary", { name: "tiles.png" });
  const usedIn = tilesDetails.getByRole("list", { name: "Used in" });
  await usedIn.waitFor();
  const entries = await usedIn.getByRole("listitem").allTextContents();
  assert.equal(entries.length, 2, JSON.stringify(entries));
  assert.ok(entries.some((e) => e.startsWith("Page ")), JSON.stringify(entries));
  assert.ok(entries.some((e) => e.startsWith("Posts ") && e.includes("(coverImage)")), JSON.stringify(entries));
  await shot("57b-media-used-in");
  // The trash warns first; Cancel leaves the file where it is.
  await tilesDetails.getByRole("button", { name: "Move to trash" }).click();
  const warning = page.getByRole("alertdialog");
  await warning.getByText("Used on 1 page and 1 item — move to trash anyway?").waitFor();
  await shot("57c-media-trash-warning");
  await warning.getByRole("button", { name: "Cancel" }).click();
  await warning.waitFor({ state: "detached" });
  assert.equal(await page.getByText("“tiles.png” is in the trash.").count(), 0);
  // The item's link opens the collection at its row; the page's, the editor at that page.
  await usedIn.getByRole("listitem").filter({ hasText: /^Posts / }).getByRole("link").click();
  await page.waitForURL(/\/sites\/demo\/cms\/Posts\?item=/);
  await page.locator('tr[aria-current="true"]').getByRole("button", { name: "Edit coverImage: tiles.png" }).waitFor();
  await page.goBack();
  await page.getByRole("list", { name: "Contents of Patterns" }).getByRole("button", { name: /^tiles\.png/ }).click();
  await usedIn.getByRole("listitem").filter({ hasText: /^Page / }).getByRole("link").click();
  await page.waitForURL(/\/sites\/demo\/editor\?page=/);
  await canvas.locator("main").waitFor();
  await page.close();
  await live.close();
});

test("the trash: delete a file, restore it, delete it for good", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, base);
  await page.goto(`${base}/sites/demo/media`);
  await page.getByLabel("Upload", { exact: true }).setInputFiles([{ name: "spare.png", mimeType: "image/png", buffer: png(64, 64, () => [200, 40, 40]) }]);
  const grid = page.getByRole("list", { name: "Contents of Library" });
  const spare = grid.getByRole("button", { name: /^spare\.png/ });
  // Keyboard only: focus the tile, open its details, move it to the trash.
  await spare.focus();
  await page.keyboard.press("Enter");
  const details = page.getByRole("complementary", { name: "spare.png" });
  await details.waitFor();
  // Esc closes the details and gives focus back to the tile; Enter opens them again.
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "detached" });
  assert.equal(await spare.evaluate((el) => el === document.activeElement), true, "focus is back on the tile");
  await page.keyboard.press("Enter");
  await details.getByRole("button", { name: "Move to trash" }).click();
  await page.getByRole("status").filter({ hasText: "“spare.png” is in the trash." }).waitFor();
  await spare.waitFor({ state: "detached" });

  await page.getByRole("tab", { name: "Trash" }).click();
  await page.waitForURL(`${base}/sites/demo/media/trash`);
  const row = page.getByRole("row").filter({ hasText: "spare.png" });
  await row.waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "58-media-trash.png") });
  await row.getByRole("button", { name: "Restore spare.png" }).click();
  await page.getByText("The trash is empty.").waitFor();
  await page.getByRole("tab", { name: "Library" }).click();
  await spare.waitFor();

  await spare.click();
  await page.getByRole("complementary", { name: "spare.png" }).getByRole("button", { name: "Move to trash" }).click();
  await page.getByRole("tab", { name: "Trash" }).click();
  await page.getByRole("row").filter({ hasText: "spare.png" }).getByRole("button", { name: "Delete for good spare.png" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete for good" }).click();
  await page.getByText("The trash is empty.").waitFor();
  await page.screenshot({ path: join(ARTIFACTS, "59-media-trash-empty.png") });
  await page.close();
});

test("a file over the size limit, and one past the site's quota, are refused with the reason", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await logIn(page, base);
  await page.goto(`${base}/sites/demo/media`);
  const upload = page.getByLabel("Upload", { exact: true });
  const uploads = page.getByRole("region", { name: "Uploads" });
  const refusalOf = (name) => uploads.getByRole("listitem").filter({ hasText: name }).getByRole("alert");

  await upload.setInputFiles([{ name: "huge.png", mimeType: "image/png", buffer: noise(650, 1) }]);
  await refusalOf("huge.png").waitFor();
  const tooBig = await refusalOf("huge.png").textContent();

  // 0.9 MB each: two fit in the 2 MB, the third does not.
  for (const [i, name] of ["first.png", "second.png", "third.png"].entries()) {
    await upload.setInputFiles([{ name, mimeType: "image/png", buffer: noise(550, i + 2) }]);
    // One at a time: each ends, uploaded or refused, before the next starts.
    const row = uploads.getByRole("listitem").filter({ hasText: name });
    await row.filter({ has: page.getByText("Uploaded").or(page.getByRole("alert")) }).waitFor();
  }
  await refusalOf("third.png").waitFor();
  const overQuota = await refusalOf("third.png").textContent();
  assert.equal(await refusalOf("first.png").count(), 0);
  assert.equal(await refusalOf("second.png").count(), 0);
  await page.screenshot({ path: join(ARTIFACTS, "60-media-refused.png") });
  console.log(`refusals: ${JSON.stringify(tooBig)}, ${JSON.stringify(overQuota)}`);
  await page.close();
});
