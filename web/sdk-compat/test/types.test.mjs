// The TypeScript declarations Tessera serves for site code (/api/v1/jsrt/types.d.ts) type a
// realistic Velo backend file under `tsc --strict`, and reject a wrong use.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';

import { forEachBackend } from '../lib/tessera.mjs';

const run = promisify(execFile);
const TSC = new URL('../node_modules/typescript/bin/tsc', import.meta.url).pathname;

const GOOD = `
import wixData from 'wix-data';
import { ok, notFound, type WixHttpFunctionRequest } from 'wix-http-functions';
import { Permissions, webMethod } from 'wix-web-module';
import { getJSON } from 'wix-fetch';
import { getSecret } from 'wix-secrets-backend';

export async function get_book(request: WixHttpFunctionRequest) {
  const r = await wixData.query('Books').eq('slug', request.path[0]).descending('year').limit(1).find({ suppressAuth: true });
  return r.items.length ? ok({ body: { book: r.items[0], total: r.totalCount } }) : notFound();
}

export const rates = webMethod(Permissions.SiteMember, async (currency: string) => {
  const key = await getSecret('rates-key');
  const rates: { [c: string]: number } = await getJSON('https://example.com/rates?key=' + key);
  return rates[currency] ?? null;
});

export async function clean(): Promise<number> {
  const stale = await wixData.query('Carts').lt('_updatedDate', new Date(Date.now() - 86400000)).find();
  const done = await wixData.bulkRemove('Carts', stale.items.map((i) => i._id));
  return done.removed;
}
`;

const BAD = `
import { webMethod } from 'wix-web-module';
export const f = webMethod('Everyone', () => 1);
`;

async function tsc(dir, file, source) {
  await writeFile(join(dir, file), source);
  try {
    await run(process.execPath, [TSC, '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext',
      '--moduleResolution', 'bundler', join(dir, 'types.d.ts'), join(dir, file)]);
    return '';
  } catch (e) {
    return e.stdout || String(e);
  }
}

forEachBackend('types.d.ts', (server) => {
  it('types a Velo backend file and rejects a wrong permission', async () => {
    const res = await fetch(`${server.baseUrl}/api/v1/jsrt/types.d.ts`);
    assert.equal(res.status, 200);
    const dir = await mkdtemp(join(tmpdir(), 'tessera-types-'));
    try {
      await writeFile(join(dir, 'types.d.ts'), await res.text());
      // Both at once: each tsc run takes seconds on a small machine.
      const [good, bad] = await Promise.all([tsc(dir, 'good.ts', GOOD), tsc(dir, 'bad.ts', BAD)]);
      assert.equal(good, '');
      assert.match(bad, /'"Everyone"' is not assignable/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
