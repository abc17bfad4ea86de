// Real npm packages (he, lodash, dayjs, uuid) in a site's backend code, pushed with the real
// `tessera code push` CLI from a site folder with node_modules, then served by an HTTP function.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';

import { TESSERA_BIN, forEachBackend } from '../lib/tessera.mjs';

const run = promisify(execFile);
const MODULES = new URL('../node_modules/', import.meta.url).pathname;

const FUNCTIONS = `
import { ok } from 'wix-http-functions';
import he from 'he';
import _ from 'lodash';
import { chunk } from 'lodash';
import dayjs from 'dayjs';
import { v4 as uuid, validate } from 'uuid';
export function get_npm(request) {
  return ok({ body: {
    escaped: he.encode('<a href="x">Tom & Jerry</a>'),
    chunks: chunk([1, 2, 3, 4, 5], 2),
    camel: _.camelCase('Hello npm world'),
    date: dayjs('2024-02-29T12:00:00Z').add(1, 'year').format('YYYY-MM-DD'),
    uuid: validate(uuid()),
  } });
}
`;

/** GET on the site's own host name (`sdk.localhost`), which fetch() cannot set. */
function siteGet(baseUrl, path) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { Host: `sdk.localhost:${port}` } }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

forEachBackend('npm packages', (server) => {
  it('he, lodash, dayjs and uuid run unchanged in an HTTP function', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-npm-'));
    try {
      await mkdir(join(dir, 'src/backend'), { recursive: true });
      await writeFile(join(dir, 'src/backend/http-functions.js'), FUNCTIONS);
      await writeFile(join(dir, 'package.json'), JSON.stringify({ dependencies: { he: '1.2.0', lodash: '4.17.21', dayjs: '1.11.13', uuid: '11.0.3' } }));
      for (const pkg of ['he', 'lodash', 'dayjs', 'uuid']) {
        await cp(join(MODULES, pkg), join(dir, 'node_modules', pkg), { recursive: true });
      }
      const push = await run(TESSERA_BIN, ['code', 'push', dir, '--site', 'sdk', '--server', server.baseUrl,
        '--api-key', server.apiKey, '--publish'], { timeout: 60_000 });
      assert.match(push.stdout, /published revision 1/);
      const res = await siteGet(server.baseUrl, '/_functions/npm');
      assert.equal(res.status, 200, res.body);
      assert.deepEqual(JSON.parse(res.body), {
        escaped: '&#x3C;a href=&#x22;x&#x22;&#x3E;Tom &#x26; Jerry&#x3C;/a&#x3E;',
        chunks: [[1, 2], [3, 4], [5]],
        camel: 'helloNpmWorld',
        date: '2025-02-28',
        uuid: true,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('code push installs the packages with npm when node_modules is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-npm-install-'));
    try {
      await mkdir(join(dir, 'src/backend'), { recursive: true });
      await writeFile(join(dir, 'src/backend/http-functions.js'),
        "import { ok } from 'wix-http-functions';\nimport he from 'he';\nexport const get_he = () => ok({ body: { v: he.version } });\n");
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'site', private: true, dependencies: { he: '1.2.0' } }));
      const push = await run(TESSERA_BIN, ['code', 'push', dir, '--site', 'sdk', '--server', server.baseUrl,
        '--api-key', server.apiKey, '--publish'], { timeout: 120_000 });
      assert.match(push.stderr, /installing the site's npm packages/);
      const res = await siteGet(server.baseUrl, '/_functions/he');
      assert.deepEqual([res.status, JSON.parse(res.body)], [200, { v: '1.2.0' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
