// End to end in Debian's Chromium: Velo page code pushed in Wix's repository layout runs on
// the demo site's published pages. The home page's code (matched to the page "Home" by its
// name) calls a backend web method and a public/ helper and writes the hero's title; the
// master page's code counts visits in session storage on every page; the journal's code
// fills each repeated item in `onItemReady`; clicking the title opens the lightbox "Confirm"
// with a question, whose own code shows it and closes with the answer the page then shows;
// an error left uncaught in a timer reaches the site's code log at the line it was written
// on; a router (`backend/routers.js`) shows its page with the data page code reads. Screenshots
// land in e2e/artifacts/.
// Env: TESSERA_BIN (default ../../target/debug/tessera), CHROMIUM (default /usr/bin/chromium).
import { join } from "node:path";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ARTIFACTS, startDemo, until } from "./lib.mjs";

let demo;

/** What page code keeps in session storage under `key` (the runtime prefixes it with the site). */
const visits = (page) =>
  page.evaluate(() => {
    const key = Object.keys(sessionStorage).find((k) => k.endsWith(":visits"));
    return key ? sessionStorage.getItem(key) : null;
  });

const HOME = `import { multiply } from 'backend/math.web';
import { greet } from 'public/greet';

$w.onReady(async () => {
  $w('#hero-title').text = greet(String(await multiply(6, 7)));
  setTimeout(() => {
    // Left uncaught: the beacon reports it.
    const settings = JSON.parse('{not json');
    $w('#hero-title').text = settings.title;
  }, 0);
  $w('#hero-title').onClick(async () => {
    const result = await wixWindow.openLightbox('Confirm', { question: 'Bake it?' });
    $w('#hero-title').text = \`Answered \${result.answer}\`;
  });
});
import wixWindow from 'wix-window';
`;

const FILES = {
  "src/pages/Home.c1dmp.js": HOME,
  "src/pages/Journal.j0rnl.js": `$w.onReady(() => {
  $w('#blog-list').onItemReady(($item, item, index) => {
    $item('#blog-date').text = \`#\${index + 1}: \${item.title}\`;
  });
});
`,
  "src/masterPage.js": `import { session } from 'wix-storage';
$w.onReady(() => {
  session.setItem('visits', String(Number(session.getItem('visits') || 0) + 1));
});
`,
  "src/lightboxes/Confirm.cnf01.js": `import wixWindow from 'wix-window-frontend';
$w.onReady(() => {
  $w('#confirm-question').text = wixWindow.lightbox.getContext().question;
  $w('#confirm-yes').onClick(() => wixWindow.lightbox.close({ answer: 'yes' }));
});
`,
  "src/pages/Pet.pet.js": `import wixWindow from 'wix-window';
$w.onReady(() => {
  const pet = wixWindow.getRouterData();
  $w('#pet-name').text = \`\${pet.name} the \${pet.kind}\`;
});
`,
  "src/backend/routers.js": `import { ok, notFound } from 'wix-router';
export function pets_Router(request) {
  const [name] = request.path;
  if (!name) return notFound();
  return ok('Pet', { name, kind: 'dog' }, { title: \`Pet \${name}\` });
}
`,
  "src/public/greet.js": "export const greet = (what) => `The answer is ${what}`;\n",
  "src/backend/math.web.js": `import { Permissions, webMethod } from 'wix-web-module';
export const multiply = webMethod(Permissions.Anyone, (a, b) => a * b);
`,
};

before(async () => {
  demo = await startDemo("page-code");
  const api = (method, path, body) =>
    fetch(demo.base + path, {
      method,
      headers: { authorization: `Bearer ${demo.token}`, "content-type": "application/json" },
      body: body && JSON.stringify(body),
    });
  // The lightbox, as the editor's "Add lightbox" makes one, with a question and a button.
  const { document, revision } = await (await api("GET", "/api/v1/sites/demo/document")).json();
  document.pages.push({
    id: "confirm",
    title: "Confirm",
    path: "/lightboxes/confirm",
    lightbox: true,
    sections: [
      {
        id: "confirm-section",
        type: "section",
        children: [
          { id: "confirm-question", type: "heading", props: { text: "", level: 2 } },
          { id: "confirm-yes", type: "button", props: { label: "Yes", link: { href: "#" } } },
        ],
      },
    ],
  });
  // A router's page, as "Shown by the router: pets" in the page settings makes one.
  document.pages.push({
    id: "pet",
    title: "Pet",
    path: "/pets/pet",
    router: "pets",
    sections: [{ id: "pet-section", type: "section", children: [{ id: "pet-name", type: "heading", props: { text: "A pet", level: 1 } }] }],
  });
  assert.equal((await api("PUT", "/api/v1/sites/demo/document", { revision, document })).status, 200);
  assert.equal((await api("POST", "/api/v1/sites/demo/publish")).status, 200);
  const pushed = await api("PUT", "/api/v1/sites/demo/code", { files: FILES });
  const report = await pushed.json();
  assert.equal(pushed.status, 201, JSON.stringify(report));
  assert.deepEqual(report.problems, []);
  const published = await api("POST", "/api/v1/sites/demo/code/publish", {});
  assert.equal(published.status, 200);
});

after(() => demo?.stop());

test("page code runs on the pages it belongs to, and its errors reach the log by line", async () => {
  const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(demo.site);
    await page.locator("#hero-title").filter({ hasText: "The answer is 42" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "page-code-home.png") });
    assert.equal(await visits(page), "1");

    // The lightbox gets the question and answers with the button.
    await page.locator("#hero-title").click();
    const frame = page.frameLocator("dialog.t-lightbox iframe");
    await frame.locator("#confirm-question").filter({ hasText: "Bake it?" }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "page-code-lightbox.png") });
    await frame.locator("#confirm-yes").click();
    await page.locator("#hero-title").filter({ hasText: "Answered yes" }).waitFor();
    assert.equal(await page.locator("dialog.t-lightbox[open]").count(), 0);

    await page.goto(`${demo.site}/blog`);
    const dates = page.locator("#blog-list [data-velo-id='blog-date']");
    await dates.first().filter({ hasText: /^#1: / }).waitFor();
    const texts = await dates.allTextContents();
    assert.ok(texts.length >= 2, texts.join(" | "));
    texts.forEach((t, i) => assert.match(t, new RegExp(`^#${i + 1}: \\S`)));
    assert.equal(await visits(page), "2");
    await page.screenshot({ path: join(ARTIFACTS, "page-code-journal.png") });

    // `JSON.parse('{not json')` is line 8 of the home page's file.
    let line;
    await until(async () => {
      const { logs } = await demo.owner("GET", "/api/v1/sites/demo/logs");
      line = logs.find((l) => l.source === "page-code")?.message;
      return !!line;
    }, "the error in the code log");
    assert.match(line, /^pages\/Home\.c1dmp\.js:8:\d+ SyntaxError: .*\(unhandled, page home\)/);
  } finally {
    await page.close();
  }
});

test("a router shows its page with the data and head it gives", async () => {
  const page = await demo.browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${demo.site}/pets/rex`);
    await page.locator("#pet-name").filter({ hasText: "rex the dog" }).waitFor();
    assert.equal(await page.title(), "Pet rex");
    await page.screenshot({ path: join(ARTIFACTS, "page-code-router.png") });
  } finally {
    await page.close();
  }
});
