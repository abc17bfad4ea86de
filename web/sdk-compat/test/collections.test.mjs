// Collections through the SDK's `@wix/data` `collections` module, plus the plain REST form
// of creating one.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { forEachBackend } from '../lib/tessera.mjs';
import { OPEN_READ, wixCode } from '../lib/fixtures.mjs';

forEachBackend('collections', (server) => {
  let collections;
  before(() => {
    collections = server.client.collections;
  });

  it('createDataCollection returns the collection with system and declared fields', async () => {
    const c = await collections.createDataCollection({
      _id: 'Books',
      displayName: 'Books',
      fields: [
        { key: 'title', type: 'TEXT' },
        { key: 'year', type: 'NUMBER' },
      ],
      permissions: OPEN_READ,
    });
    const [call] = server.wire.last();
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/wix-data/v2/collections');
    assert.equal(call.request.collection.id, 'Books', 'the SDK renames _id to id on the wire');
    assert.equal(c._id, 'Books');
    assert.equal(c.displayName, 'Books');
    assert.equal(c.revision, '1');
    assert.equal(c.collectionType, 'NATIVE');
    assert.ok(c._createdDate instanceof Date, 'createdDate comes back as _createdDate, a Date');
    assert.deepEqual(c.permissions, OPEN_READ);
    const keys = c.fields.map((f) => f.key);
    for (const k of ['_id', '_owner', '_createdDate', '_updatedDate', 'title', 'year']) {
      assert.ok(keys.includes(k), `field ${k} in ${keys}`);
    }
    assert.equal(c.fields.find((f) => f.key === 'year').type, 'NUMBER');
  });

  it('a second collection with the same id is refused', async () => {
    await assert.rejects(
      collections.createDataCollection({ _id: 'Books', fields: [], permissions: OPEN_READ }),
      (e) => {
        assert.equal(wixCode(e), 'WDE0074', server.wire.tail(1));
        return true;
      },
    );
  });

  it('getDataCollection and listDataCollections', async () => {
    const c = await collections.getDataCollection('Books');
    assert.equal(c._id, 'Books');
    assert.equal(server.wire.last()[0].method, 'GET');
    const list = await collections.listDataCollections();
    assert.deepEqual(list.collections.map((x) => x._id), ['Books']);
  });

  it('createDataCollectionField adds a field and bumps the revision', async () => {
    const { dataCollection } = await collections.createDataCollectionField('Books', {
      field: { key: 'isbn', type: 'TEXT' },
    });
    assert.equal(dataCollection._id, 'Books');
    assert.equal(dataCollection.revision, '2');
    assert.ok(dataCollection.fields.some((f) => f.key === 'isbn'));
    const item = await server.client.items.insert('Books', { title: 'Dune', isbn: '0-441-17271-7' });
    assert.equal(item.isbn, '0-441-17271-7');
  });

  it('updateDataCollection changes the display name', async () => {
    const c = await collections.getDataCollection('Books');
    const updated = await collections.updateDataCollection({ ...c, displayName: 'My books' });
    assert.equal(updated.displayName, 'My books');
    assert.equal(updated.revision, String(Number(c.revision) + 1));
    assert.equal((await collections.getDataCollection('Books')).displayName, 'My books');
  });

  it('a collection can also be created with a plain POST /wix-data/v2/collections', async () => {
    const r = await server.api('POST', '/wix-data/v2/collections', {
      collection: {
        id: 'Notes',
        fields: [{ key: 'text', type: 'TEXT' }],
        permissions: OPEN_READ,
      },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.collection.id, 'Notes');
    assert.equal((await collections.getDataCollection('Notes'))._id, 'Notes');
  });

  it('deleteDataCollection removes it; getting it then rejects with WDE0025', async () => {
    await collections.deleteDataCollection('Notes');
    await assert.rejects(collections.getDataCollection('Notes'), (e) => {
      assert.equal(wixCode(e), 'WDE0025', server.wire.tail(1));
      return true;
    });
    assert.deepEqual((await collections.listDataCollections()).collections.map((x) => x._id), ['Books']);
  });
});
