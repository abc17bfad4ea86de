// Velo page code (bench/page-code.sh starts the server): pushes 50 page files (each importing
// a public helper, a web method and wix-* modules) and times the push, then pushes a journal
// page whose code fills the demo's repeater with 20 items and, in Chromium, times navigation
// to the end of its `onReady`. Prints one JSON line.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const require = createRequire(new URL("../web/app/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [base, runs = "10"] = process.argv.slice(2);
const runtime = readFileSync(new URL("../web/site-runtime/dist/site-runtime.js", import.meta.url));

const login = await fetch(`${base}/api/v1/auth/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ email: "demo@tessera.local", password: "tessera-demo" }),
});
const { token } = await login.json();
const api = async (method, path, body) => {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body && JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 50 pages of about 60 lines each.
const files = {
  "src/public/format.js": "export const money = (n) => `$${n.toFixed(2)}`;\nexport const title = (s) => s[0].toUpperCase() + s.slice(1);\n",
  "src/backend/shop.web.js":
    "import { Permissions, webMethod } from 'wix-web-module';\nexport const price = webMethod(Permissions.Anyone, (n) => n * 2);\n",
  "src/masterPage.js": "import { session } from 'wix-storage';\n$w.onReady(() => session.setItem('seen', '1'));\n",
};
for (let i = 0; i < 50; i++) {
  const handlers = Array.from({ length: 10 }, (_, k) => `export function button${k}_click(event) {\n  const n = ${k} * ${i};\n  $w('#text${k}').text = title(money(n));\n  return price(n);\n}\n`).join("");
  files[`src/pages/Page ${i}.p${String(i).padStart(4, "0")}.js`] =
    `import wixData from 'wix-data';\nimport wixLocation from 'wix-location';\nimport { local } from 'wix-storage';\nimport { money, title } from 'public/format';\nimport { price } from 'backend/shop.web';\n\n$w.onReady(async () => {\n  const items = await wixData.query('Posts').limit(5).find();\n  $w('#repeater1').data = items.items;\n  local.setItem('page', wixLocation.path.join('/'));\n});\n${handlers}`;
}
const pushes = [];
let bundleBytes = 0;
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  await api("PUT", "/api/v1/sites/demo/code", { files });
  pushes.push(Math.round(performance.now() - start));
}

// The journal's repeater filled by code with 20 items.
files["src/pages/Journal.j0rnl.js"] = `$w.onReady(() => {
  $w('#blog-list').onItemReady(($item, item) => {
    $item('#blog-post-title').text = item.title;
  });
  $w('#blog-list').data = Array.from({ length: 20 }, (_, i) => ({ _id: 'p' + i, title: 'Loaf number ' + (i + 1) }));
  window.__readyAt = performance.now();
});
`;
await api("PUT", "/api/v1/sites/demo/code", { files });
await api("POST", "/api/v1/sites/demo/code/publish", {});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1"],
});
const site = base.replace("://localhost", "://demo.localhost");
const ready = [];
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${site}/blog`);
  await page.waitForFunction(() => window.__readyAt !== undefined);
  const at = await page.evaluate(() => window.__readyAt);
  const items = await page.locator("#blog-list [data-velo-item]").count();
  // The journal's bundle, fetched by the browser (only it resolves the site's host name here).
  if (i === 0) {
    bundleBytes = await page.evaluate(async () => {
      let n = 0;
      for (const s of document.querySelectorAll('script[src^="/_code/"]')) n += (await (await fetch(s.src)).arrayBuffer()).byteLength;
      return n;
    });
  }
  if (items !== 20) throw new Error(`${items} items shown, not 20`);
  ready.push(Math.round(at));
  await context.close();
}
await browser.close();
console.log(
  JSON.stringify({
    runtimeGzipBytes: gzipSync(runtime).length,
    push50Ms: { runs: pushes.length, median: median(pushes) },
    bundleBytes,
    readyMs: { runs: ready.length, median: median(ready), max: Math.max(...ready) },
  }),
);
