// Starts a real `tessera` binary for one test file and points the official Wix SDK at it.
//
// Each test file calls `forEachBackend(title, fn)`: it runs `fn` once against SQLite and, when
// TESSERA_TEST_DATABASE_URL is set, once more against PostgreSQL (in a schema of its own).
// The server is started before the file's tests and killed after them, also on failure.

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, before, after } from 'node:test';

import { createClient, ApiKeyStrategy } from '@wix/sdk';
import { items, collections } from '@wix/data';
import { products, inventory } from '@wix/stores';
import { checkout, orders, discountRules } from '@wix/ecom';
import { files, folders } from '@wix/media';

const run = promisify(execFile);

export const TESSERA_BIN = process.env.TESSERA_BIN || '/var/tmp/tessera-target/debug/tessera';
const PG_URL = process.env.TESSERA_TEST_DATABASE_URL || '';
/** Set SDK_COMPAT_TRACE=1 to print every request the SDK makes and Tessera's answer. */
const TRACE = !!process.env.SDK_COMPAT_TRACE;

/** The origins the SDK builds its URLs from (`edge` when CDN mode is on). */
const WIX_ORIGINS = ['https://www.wixapis.com', 'https://edge.wixapis.com'];

export function backends() {
  return PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * Declares one `describe` per backend; `fn(server, backend)` declares the tests. `server` is
 * filled in by the time the tests run (it is the object `startTessera` resolves to).
 */
export function forEachBackend(title, fn) {
  for (const backend of backends()) {
    describe(`${title} [${backend}]`, () => {
      const server = {};
      before(async () => {
        Object.assign(server, await startTessera(backend));
      });
      after(async () => {
        await server.stop?.();
      });
      fn(server, backend);
    });
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** The environment for the child: ours without TESSERA_* settings that could redirect it. */
function childEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('TESSERA_')) delete env[k];
  env.TESSERA_LOG = 'warn';
  return env;
}

async function psql(sql) {
  await run('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { timeout: 20_000 });
}

function withSearchPath(url, schema) {
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}options=-csearch_path%3D${schema}`;
}

/**
 * Starts Tessera on a free port with a fresh database, creates an account and a site, and
 * resolves to `{ backend, baseUrl, apiKey, siteId, client, sdkClient, api, wire, stop }`.
 */
export async function startTessera(backend = 'sqlite') {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-sdk-'));
  const cleanups = [() => rm(dir, { recursive: true, force: true })];
  let child;
  let stderr = '';
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    for (const c of cleanups.reverse()) await c().catch(() => {});
    cleanups.length = 0;
    // With TESSERA_LOG=warn the log is empty unless something went wrong on the server.
    if (/ERROR|panicked/.test(stderr) && !TRACE) {
      console.error(`tessera serve [${backend}] logged errors:\n${stderr}`);
    }
  };

  try {
    let dbArgs = ['--data-dir', dir];
    if (backend === 'postgres') {
      if (!PG_URL) throw new Error('TESSERA_TEST_DATABASE_URL is not set');
      const schema = `s_${randomBytes(6).toString('hex')}`;
      await psql(`CREATE SCHEMA ${schema}`);
      cleanups.push(() => psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      dbArgs = ['--database-url', withSearchPath(PG_URL, schema)];
    }
    // `cwd` is the temporary folder so that no ./tessera.toml is picked up.
    const opts = { cwd: dir, env: childEnv(), timeout: 60_000 };

    const init = await run(
      TESSERA_BIN,
      ['init', '--email', 'sdk@example.com', '--password', 'sdk-password', ...dbArgs],
      opts,
    );
    const apiKey = init.stdout.trim().split('\n').pop().trim();
    if (!apiKey.startsWith('tsa_')) {
      throw new Error(`tessera init printed no API key:\n${init.stdout}\n${init.stderr}`);
    }

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    child = spawn(TESSERA_BIN, ['serve', '--listen', `127.0.0.1:${port}`, ...dbArgs], {
      cwd: dir,
      env: childEnv(),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // If this test process dies without running `after`, the server must not outlive it.
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    child.stderr.on('data', (d) => {
      stderr += d;
      if (TRACE) process.stderr.write(d);
    });
    await waitReady(baseUrl, child, () => stderr);

    const res = await fetch(`${baseUrl}/api/v1/sites`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ slug: 'sdk', name: 'SDK' }),
    });
    const site = await res.json();
    if (res.status !== 201 || !site.id) {
      throw new Error(`creating the site: ${res.status} ${JSON.stringify(site)}`);
    }

    const wire = new Wire();
    /**
     * An SDK client whose requests reach this server, authenticated with `key` (default: the
     * owner's account key). With `apiBaseUrl` the SDK is told that the API lives on another
     * host (it then uses that host's path prefixes); with `useCDN` it addresses
     * edge.wixapis.com. The custom fetch sends all of those here.
     */
    const sdkClient = ({ apiBaseUrl, useCDN, key = apiKey } = {}) =>
      createClient({
        modules: { items, collections, products, inventory, checkout, orders, discountRules, files, folders },
        auth: ApiKeyStrategy({ apiKey: key, siteId: site.id }),
        ...(apiBaseUrl && { host: { apiBaseUrl } }),
        ...(useCDN !== undefined && { useCDN }),
        fetch: rewritingFetch(baseUrl, wire, apiBaseUrl ? [`https://${apiBaseUrl}`] : []),
      });
    const client = sdkClient();

    /** A plain call to Tessera's Wix-compatible API, outside the SDK. */
    const api = async (method, path, body) => {
      const r = await fetch(baseUrl + path, {
        method,
        headers: {
          Authorization: apiKey,
          'wix-site-id': site.id,
          ...(body !== undefined && { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: parseOr(await r.text()) };
    };

    return { backend, baseUrl, apiKey, siteId: site.id, client, sdkClient, api, wire, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

async function waitReady(baseUrl, child, stderr) {
  const deadline = Date.now() + 30_000;
  let delay = 10;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`tessera serve exited with ${child.exitCode}:\n${stderr()}`);
    }
    try {
      const r = await fetch(`${baseUrl}/readyz`);
      if (r.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
  throw new Error(`tessera serve was not ready within 30 s:\n${stderr()}`);
}

/**
 * The `fetch` given to `createClient`: sends what the SDK addresses to Wix's API hosts to the
 * local server instead, with the path and query left exactly as the SDK built them.
 */
function rewritingFetch(baseUrl, wire, extraOrigins = []) {
  const origins = [...WIX_ORIGINS, ...extraOrigins];
  return async (input, init = {}) => {
    const original = input instanceof Request ? input.url : String(input);
    const u = new URL(original);
    if (!origins.includes(u.origin)) {
      throw new Error(`the SDK called an unexpected origin: ${original}`);
    }
    const url = baseUrl + u.pathname + u.search;
    const req = input instanceof Request ? new Request(url, input) : url;
    const res = await fetch(req, init);
    const method = init.method ?? (input instanceof Request ? input.method : 'GET');
    const resText = await res.clone().text();
    wire.record({
      method,
      origin: u.origin,
      path: u.pathname + u.search,
      headers: Object.fromEntries(new Headers(init.headers ?? (input instanceof Request ? input.headers : {}))),
      request: requestPayload(u, init.body),
      status: res.status,
      response: parseOr(resText),
    });
    return res;
  };
}

function parseOr(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The request as JSON: the body, or the decoded `.r` parameter of a GET. */
function requestPayload(u, body) {
  if (typeof body === 'string') return parseOr(body);
  const r = u.searchParams.get('.r');
  if (r) return parseOr(Buffer.from(r, 'base64url').toString('utf8'));
  return undefined;
}

/** The SDK's requests and Tessera's answers, newest last, for diagnostics in assertions. */
export class Wire {
  constructor() {
    this.log = [];
  }

  record(x) {
    this.log.push(x);
    if (this.log.length > 50) this.log.shift();
    if (TRACE) console.error(Wire.format(x));
  }

  last(n = 1) {
    return this.log.slice(-n);
  }

  /** The newest exchanges as text, to append to an assertion message. */
  tail(n = 3) {
    return this.last(n).map(Wire.format).join('\n');
  }

  static format(x) {
    const cut = (v) => {
      const s = JSON.stringify(v) ?? '';
      return s.length > 1500 ? `${s.slice(0, 1500)}…` : s;
    };
    const path = x.path.includes('?.r=') ? `${x.path.split('?.r=')[0]}?.r=<request below>` : x.path;
    return `${x.method} ${path}\n  sent ${cut(x.request)}\n  got  ${x.status} ${cut(x.response)}`;
  }
}
