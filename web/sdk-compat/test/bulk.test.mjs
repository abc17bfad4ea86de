// Bulk operations of `@wix/data` `items` through the real SDK. The SDK turns Tessera's
// per-item results into `{inserted, updated, removed, skipped, errors, *ItemIds}`.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { forEachBackend } from '../lib/tessera.mjs';
import { createCollection } from '../lib/fixtures.mjs';

const REQUIRED_TITLE = [
  { key: 'title', type: 'TEXT', required: true },
  { key: 'year', type: 'NUMBER' },
];

forEachBackend('bulk', (server) => {
  let items;
  before(async () => {
    items = server.client.items;
    await createCollection(server.client, 'Books', REQUIRED_TITLE);
  });

  it('bulkInsert inserts every item and reports their ids', async () => {
    const r = await items.bulkInsert('Books', [
      { _id: 'dune', title: 'Dune', year: 1965 },
      { _id: 'emma', title: 'Emma', year: 1815 },
      { title: 'No id' },
    ]);
    const [call] = server.wire.last();
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/wix-data/v2/bulk/items/insert');
    assert.equal(call.request.dataItems.length, 3);
    assert.equal(r.inserted, 3, server.wire.tail(1));
    assert.equal(r.updated, 0);
    assert.equal(r.skipped, 0);
    assert.deepEqual(r.errors, []);
    assert.equal(r.insertedItemIds.length, 3);
    assert.deepEqual(r.insertedItemIds.slice(0, 2), ['dune', 'emma']);
    assert.equal(typeof r.insertedItemIds[2], 'string');
    assert.equal((await items.get('Books', 'emma')).year, 1815);
  });

  it('bulkInsert skips an existing _id and reports an invalid item as an error', async () => {
    const r = await items.bulkInsert('Books', [
      { _id: 'dune', title: 'Dune again' },
      { _id: 'bad', year: 1 },
      { _id: 'ok', title: 'Fine' },
    ]);
    assert.equal(r.inserted, 1, server.wire.tail(1));
    assert.deepEqual(r.insertedItemIds, ['ok']);
    assert.equal(r.skipped, 1, 'an existing _id is skipped, not an error');
    assert.equal(r.errors.length, 1);
    assert.equal(r.errors[0].originalIndex, 1);
    assert.deepEqual(r.errors[0].item, { _id: 'bad', year: 1 });
    assert.equal(typeof r.errors[0].code, 'string');
    assert.equal((await items.get('Books', 'dune')).title, 'Dune', 'the existing item is untouched');
    assert.equal(await items.get('Books', 'bad'), null);
  });

  it('bulkUpdate replaces existing items and skips missing ones', async () => {
    const r = await items.bulkUpdate('Books', [
      { _id: 'dune', title: 'Dune!', year: 1966 },
      { _id: 'ghost', title: 'Ghost' },
      { _id: 'emma', title: 'Emma!' },
    ]);
    assert.equal(r.updated, 2, server.wire.tail(1));
    assert.deepEqual(r.updatedItemIds, ['dune', 'emma']);
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.errors, []);
    assert.equal((await items.get('Books', 'dune')).year, 1966);
    const emma = await items.get('Books', 'emma');
    assert.equal(emma.title, 'Emma!');
    assert.equal(emma.year, undefined, 'bulkUpdate replaces the whole item');
    assert.equal(await items.get('Books', 'ghost'), null);
  });

  it('bulkSave inserts new items and updates existing ones', async () => {
    const r = await items.bulkSave('Books', [
      { _id: 'dune', title: 'Dune', year: 1965 },
      { _id: 'persuasion', title: 'Persuasion', year: 1817 },
    ]);
    assert.equal(r.inserted, 1, server.wire.tail(1));
    assert.equal(r.updated, 1);
    assert.deepEqual(r.insertedItemIds, ['persuasion']);
    assert.deepEqual(r.updatedItemIds, ['dune']);
    assert.deepEqual(r.errors, []);
    assert.equal((await items.get('Books', 'dune')).year, 1965);
    assert.equal((await items.get('Books', 'persuasion')).year, 1817);
  });

  it('bulkRemove removes existing items and skips missing ones', async () => {
    const before = await items.query('Books').count();
    const r = await items.bulkRemove('Books', ['persuasion', 'nope', 'ok']);
    assert.equal(r.removed, 2, server.wire.tail(1));
    assert.deepEqual(r.removedItemIds, ['persuasion', 'ok']);
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.errors, []);
    assert.equal(await items.query('Books').count(), before - 2);
    assert.equal(await items.get('Books', 'persuasion'), null);
  });

  it('1000 items in one call work; 1001 are refused and nothing is written', async () => {
    await items.truncate('Books');
    const rows = (n) => Array.from({ length: n }, (_, i) => ({ title: `t${i}`, year: i }));
    const r = await items.bulkInsert('Books', rows(1000));
    assert.equal(r.inserted, 1000, server.wire.tail(1));
    assert.equal(await items.query('Books').count(), 1000);
    await assert.rejects(items.bulkInsert('Books', rows(1001)));
    assert.equal(await items.query('Books').count(), 1000);
  });
});
