// What the end-to-end tests share: the binary and screenshot folder, a free port, waiting for
// the server, a server with the demo site and a browser for it, logging in as the demo owner,
// waiting for a condition, and a PNG encoder small enough to read (8-bit RGB, unfiltered rows).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { chromium } from "playwright-core";

export const BIN = process.env.TESSERA_BIN ?? new URL("../../../target/debug/tessera", import.meta.url).pathname;
export const ARTIFACTS = new URL("./artifacts/", import.meta.url).pathname;
mkdirSync(ARTIFACTS, { recursive: true });

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function waitReady(url) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tessera did not answer ${url}`);
}

/**
 * `tessera serve --demo` on a data folder of its own (`tessera-e2e-<name>-…`), Debian's
 * Chromium reaching its hosts, and the demo owner's session: `base` is the dashboard's
 * address, `site` the demo site's, `token` the owner's session, `owner(method, path, body)` a
 * Wix-style call as the owner that must answer 200, and `stop()` ends it all. `args` and `env`
 * add to the server's command line and environment (e.g. `TESSERA_TEST_CLOCK`).
 */
export async function startDemo(name, { args = [], env = {} } = {}) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `tessera-e2e-${name}-`));
  const server = spawn(BIN, ["serve", "--demo", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, ...args], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, TESSERA_LOG: "warn", ...env },
  });
  const base = `http://localhost:${port}`;
  const site = `http://demo.localhost:${port}`;
  const stop = async (browser) => {
    await browser?.close();
    server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(`http://127.0.0.1:${port}/readyz`);
  } catch (e) {
    await stop();
    throw e;
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--host-resolver-rules=MAP *.localhost 127.0.0.1, MAP localhost 127.0.0.1"],
  });
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "demo@tessera.local", password: "tessera-demo" }),
  });
  const { token } = await login.json();
  const owner = async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { "wix-site-id": "demo", authorization: token, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(json)}`);
    return json;
  };
  return { browser, base, site, token, owner, stop: () => stop(browser) };
}

/** Logs `page` in to the dashboard at `base` as the demo owner. */
export async function logIn(page, base) {
  await page.goto(base);
  await page.getByLabel("Email").fill("demo@tessera.local");
  await page.getByLabel("Password").fill("tessera-demo");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Your sites" }).waitFor();
}

/** Waits until `check()` holds (10 seconds at most). */
export async function until(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${what}: not after 10 seconds`);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A PNG of `width` × `height` whose pixel (x, y) is `color(x, y)`, an [r, g, b]. */
export function png(width, height, color) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) raw.set(color(x, y), row + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter choice, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
