// Single-item operations of `@wix/data` `items` through the real SDK: insert, get, update,
// save, remove, truncate, and how the SDK surfaces Tessera's errors.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { forEachBackend } from '../lib/tessera.mjs';
import { createCollection, ids, wixCode } from '../lib/fixtures.mjs';

forEachBackend('items', (server) => {
  let items;
  before(async () => {
    items = server.client.items;
    await createCollection(server.client, 'Books');
  });

  it('sends its requests to the /wix-data/v2 paths with the API key and site id', async () => {
    await items.insert('Books', { _id: 'probe', title: 'Probe' });
    await items.get('Books', 'probe');
    const [post, get] = server.wire.last(2);
    assert.equal(post.method, 'POST');
    assert.equal(post.origin, 'https://www.wixapis.com');
    assert.equal(post.path, '/wix-data/v2/items');
    assert.equal(post.headers.authorization, server.apiKey, 'the raw key, no Bearer');
    assert.equal(post.headers['wix-site-id'], server.siteId);
    assert.deepEqual(post.request, {
      dataCollectionId: 'Books',
      dataItem: { id: 'probe', data: { _id: 'probe', title: 'Probe' } },
    });
    assert.equal(get.method, 'GET');
    assert.match(get.path, /^\/wix-data\/v2\/items\/probe\?/);
    await items.remove('Books', 'probe');
  });

  it('insert returns the stored item with system fields, dates as Date', async () => {
    const published = new Date('1965-08-01T00:00:00Z');
    const before = Date.now();
    const dune = await items.insert('Books', {
      _id: 'dune',
      title: 'Dune',
      year: 1965,
      tags: ['sf'],
      published,
    });
    assert.equal(dune._id, 'dune');
    assert.equal(dune.title, 'Dune');
    assert.equal(dune.year, 1965);
    assert.deepEqual(dune.tags, ['sf']);
    assert.ok(dune.published instanceof Date, 'a DATETIME field comes back as a Date');
    assert.equal(dune.published.toISOString(), published.toISOString());
    assert.equal(typeof dune._owner, 'string');
    assert.ok(dune._owner.length > 0);
    assert.ok(dune._createdDate instanceof Date);
    assert.ok(dune._updatedDate instanceof Date);
    assert.ok(dune._createdDate.getTime() >= before - 5_000, 'created now');
    assert.equal(dune._createdDate.getTime(), dune._updatedDate.getTime());
  });

  it('insert without _id generates one', async () => {
    const item = await items.insert('Books', { title: 'No id' });
    assert.equal(typeof item._id, 'string');
    assert.ok(item._id.length > 0);
    assert.equal((await items.get('Books', item._id)).title, 'No id');
    await items.remove('Books', item._id);
  });

  it('insert of an existing _id rejects with WDE0074', async () => {
    await assert.rejects(items.insert('Books', { _id: 'dune', title: 'Again' }), (e) => {
      assert.equal(wixCode(e), 'WDE0074', server.wire.tail(1));
      return true;
    });
    assert.equal((await items.get('Books', 'dune')).title, 'Dune', 'nothing was overwritten');
  });

  it('operations on a missing collection reject with WDE0025', async () => {
    for (const op of [
      () => items.insert('Nope', { title: 'x' }),
      () => items.get('Nope', 'x'),
      () => items.query('Nope').find(),
      () => items.query('Nope').count(),
    ]) {
      await assert.rejects(op(), (e) => {
        assert.equal(wixCode(e), 'WDE0025', server.wire.tail(1));
        return true;
      });
    }
  });

  it('get returns the item, and null for a missing item', async () => {
    const dune = await items.get('Books', 'dune');
    assert.equal(dune._id, 'dune');
    assert.equal(dune.title, 'Dune');
    assert.ok(dune._createdDate instanceof Date);
    assert.equal(await items.get('Books', 'no-such-item'), null);
  });

  it('get with the fields option returns only those fields', async () => {
    const one = await items.get('Books', 'dune', { fields: ['title'] });
    assert.equal(one.title, 'Dune');
    assert.equal(one.year, undefined);
  });

  it(
    'get with several fields',
    async () => {
      const two = await items.get('Books', 'dune', { fields: ['title', 'year'] });
      assert.equal(two?.title, 'Dune', server.wire.tail(1));
      assert.equal(two.year, 1965);
      assert.equal(two.tags, undefined);
    },
  );

  it('an item read with get() can be changed and written back with update() and save()', async () => {
    const item = await items.get('Books', 'dune');
    const updated = await items.update('Books', { ...item, note: 'read, changed, written' });
    assert.equal(updated.note, 'read, changed, written');
    assert.equal(updated.title, 'Dune');
    assert.equal(updated._createdDate.getTime(), item._createdDate.getTime());
    const saved = await items.save('Books', { ...updated, note: 'saved' });
    assert.equal(saved.note, 'saved');
    assert.equal(saved._owner, item._owner);
    const copy = await items.insert('Books', { ...saved, _id: 'dune-copy' });
    assert.equal(copy._id, 'dune-copy');
    assert.ok(copy._createdDate.getTime() >= saved._createdDate.getTime());
    await items.remove('Books', 'dune-copy');
  });

  it('update replaces the whole item, keeps _createdDate and moves _updatedDate', async () => {
    const old = await items.get('Books', 'dune');
    const updated = await items.update('Books', { _id: 'dune', title: 'Dune!', year: 1966 });
    assert.equal(updated._id, 'dune');
    assert.equal(updated.title, 'Dune!');
    assert.equal(updated.year, 1966);
    assert.equal(updated.tags, undefined, 'fields not sent are gone: update is a replace');
    assert.equal(updated._createdDate.getTime(), old._createdDate.getTime());
    assert.ok(updated._updatedDate.getTime() >= old._updatedDate.getTime());
    assert.equal(updated._owner, old._owner);
    const stored = await items.get('Books', 'dune');
    assert.equal(stored.title, 'Dune!');
    assert.equal(stored.published, undefined);
  });

  it('update of a missing item rejects with WDE0073 and creates nothing', async () => {
    await assert.rejects(items.update('Books', { _id: 'ghost', title: 'x' }), (e) => {
      assert.equal(wixCode(e), 'WDE0073', server.wire.tail(1));
      return true;
    });
    assert.equal(await items.get('Books', 'ghost'), null);
  });

  it('update with a condition applies only when the stored item matches it', async () => {
    const f = items.filter();
    await assert.rejects(
      items.update('Books', { _id: 'dune', title: 'No' }, { condition: f.eq('year', 1900) }),
      (e) => {
        assert.equal(server.wire.last()[0].status, 409, server.wire.tail(1));
        assert.ok(wixCode(e), 'a Wix error code');
        return true;
      },
    );
    const ok = await items.update(
      'Books',
      { _id: 'dune', title: 'Dune', year: 1965 },
      { condition: items.filter().eq('year', 1966) },
    );
    assert.equal(ok.year, 1965);
    assert.deepEqual(server.wire.last()[0].request.condition, { filter: { year: 1966 } });
  });

  it('save inserts a new item and updates an existing one', async () => {
    const emma = await items.save('Books', { title: 'Emma', year: 1815 });
    assert.equal(typeof emma._id, 'string');
    assert.equal(server.wire.last()[0].response.action, 'INSERTED');
    const again = await items.save('Books', { _id: emma._id, title: 'Emma.', year: 1816 });
    assert.equal(again._id, emma._id);
    assert.equal(again.title, 'Emma.');
    assert.equal(again._createdDate.getTime(), emma._createdDate.getTime());
    assert.equal(server.wire.last()[0].response.action, 'UPDATED');
    const named = await items.save('Books', { _id: 'persuasion', title: 'Persuasion' });
    assert.equal(named._id, 'persuasion');
    assert.equal((await items.get('Books', 'persuasion')).title, 'Persuasion');
  });

  it('remove returns the removed item; removing a missing item gives null', async () => {
    const removed = await items.remove('Books', 'persuasion');
    assert.equal(removed._id, 'persuasion');
    assert.equal(removed.title, 'Persuasion');
    assert.equal(await items.get('Books', 'persuasion'), null);
    assert.equal(await items.remove('Books', 'persuasion'), null);
  });

  it('remove with a condition leaves a non-matching item alone', async () => {
    await assert.rejects(
      items.remove('Books', 'dune', { condition: items.filter().eq('year', 1900) }),
    );
    assert.equal((await items.get('Books', 'dune'))._id, 'dune');
  });

  it('truncate removes every item of the collection', async () => {
    assert.ok((await items.query('Books').count()) > 0);
    const result = await items.truncate('Books');
    assert.equal(result, undefined);
    assert.equal(await items.query('Books').count(), 0);
    assert.equal(await items.get('Books', 'dune'), null);
  });

  it('works the same through the /_api/cloud-data/v2 prefix the SDK uses for other hosts', async () => {
    const other = server.sdkClient({ apiBaseUrl: 'tessera.test' }).items;
    const item = await other.insert('Books', { _id: 'alias', title: 'Alias' });
    assert.match(server.wire.last()[0].path, /^\/_api\/cloud-data\/v2\/items/);
    assert.equal(server.wire.last()[0].origin, 'https://tessera.test');
    assert.equal(item.title, 'Alias');
    assert.equal((await other.get('Books', 'alias')).title, 'Alias');
    assert.equal(await other.get('Books', 'nothing'), null);
    assert.deepEqual(ids(await other.query('Books').eq('title', 'Alias').find()), ['alias']);
    assert.equal((await other.remove('Books', 'alias'))._id, 'alias');
  });

  it('works the same in CDN mode, where the SDK addresses edge.wixapis.com', async () => {
    const edge = server.sdkClient({ useCDN: true }).items;
    assert.equal((await edge.get('Books', 'alias')), null);
    assert.equal((await edge.insert('Books', { _id: 'edge', title: 'Edge' })).title, 'Edge');
    assert.equal(server.wire.last()[0].origin, 'https://edge.wixapis.com');
    assert.deepEqual(ids(await edge.query('Books').eq('_id', 'edge').find()), ['edge']);
    await edge.remove('Books', 'edge');
  });

  it('applies collection permissions to the key the SDK sends', async () => {
    const r = await fetch(`${server.baseUrl}/api/v1/sites/sdk/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'viewer', role: 'viewer' }),
    });
    const { key } = await r.json();
    assert.equal(r.status, 201);
    await items.insert('Books', { _id: 'perm', title: 'Permissions' });
    const denied = (e) => {
      assert.equal(wixCode(e), 'WDE0027', server.wire.tail(1));
      return true;
    };
    // A viewer's key, and no key at all: both may read (read is ANYONE) but not write.
    for (const who of [key, '']) {
      const other = server.sdkClient({ key: who }).items;
      assert.equal((await other.get('Books', 'perm')).title, 'Permissions');
      await assert.rejects(other.insert('Books', { title: 'Nope' }), denied);
      await assert.rejects(other.remove('Books', 'perm'), denied);
    }
    await assert.rejects(server.sdkClient({ key: 'tsa_not-a-key' }).items.get('Books', 'perm'));
    assert.equal(server.wire.last()[0].status, 401);
    await items.remove('Books', 'perm');
  });

  it('patch', async () => {
    await items.insert('Books', { _id: 'p', title: 'Patch me', year: 1, tags: ['a'] });
    const patched = await items
      .patch('Books', 'p')
      .setField('title', 'Patched')
      .incrementField('year', 2)
      .appendToArray('tags', 'b')
      .run();
    assert.equal(patched.title, 'Patched');
    assert.equal(patched.year, 3);
    assert.deepEqual(patched.tags, ['a', 'b']);
  });

  it(
    'references: insertReference, isReferenced, queryReferenced, removeReference',
    async () => {
      await createCollection(server.client, 'Authors', [{ key: 'name', type: 'TEXT' }]);
      await server.client.collections.createDataCollectionField('Books', {
        field: {
          key: 'authors',
          type: 'MULTI_REFERENCE',
          typeMetadata: { multiReference: { referencedCollectionId: 'Authors' } },
        },
      });
      await items.insert('Authors', { _id: 'herbert', name: 'Frank Herbert' });
      await items.insert('Books', { _id: 'ref', title: 'Referring' });
      await items.insertReference('Books', 'authors', 'ref', 'herbert');
      assert.equal(await items.isReferenced('Books', 'authors', 'ref', 'herbert'), true);
      const referenced = await items.queryReferenced('Books', 'ref', 'authors');
      assert.deepEqual(referenced.items.map((i) => i._id), ['herbert']);
      const withAuthors = await items.get('Books', 'ref', { includeReferences: [{ field: 'authors' }] });
      assert.deepEqual(withAuthors.authors?.map((a) => a.name), ['Frank Herbert'], server.wire.tail(1));
      await items.removeReference('Books', 'authors', 'ref', 'herbert');
      assert.equal(await items.isReferenced('Books', 'authors', 'ref', 'herbert'), false);
    },
  );
  it('item drafts: create, edit in <collection>__drafts, publish, unpublish', async () => {
    await items.insert('Books', { _id: 'drafted', title: 'First edition' });
    const draft = await items.createDataItemDraft('Books', 'drafted');
    assert.equal(draft.title, 'First edition');
    const [create] = server.wire.last(1);
    assert.equal(create.path, '/wix-data/v2/items/create-draft');
    assert.deepEqual(create.request, { dataCollectionId: 'Books', dataItemId: 'drafted' });
    await assert.rejects(items.createDataItemDraft('Books', 'drafted'), (e) => wixCode(e) === 'WDE0074');
    await items.update('Books__drafts', { ...draft, title: 'Second edition' });
    assert.equal((await items.get('Books', 'drafted')).title, 'First edition', 'the live item is unchanged');
    const published = await items.publishDataItemDraft('Books', 'drafted');
    assert.equal(published.title, 'Second edition');
    assert.equal((await items.get('Books', 'drafted')).title, 'Second edition');
    assert.equal(await items.get('Books__drafts', 'drafted'), null, 'the draft is gone');
    const kept = await items.unpublishDataItem('Books', 'drafted');
    assert.equal(kept.title, 'Second edition');
    assert.equal(await items.get('Books', 'drafted'), null);
    assert.equal((await items.get('Books__drafts', 'drafted')).title, 'Second edition');
  });
  it('showDrafts: writes go to drafts, reads see drafts over published items', async () => {
    await items.insert('Books', { _id: 'shown', title: 'Live title' });
    await items.save('Books', { _id: 'shown', title: 'Draft title' }, { showDrafts: true });
    const [save] = server.wire.last(1);
    assert.deepEqual(save.request.publishPluginOptions, { includeDraftItems: true });
    assert.equal((await items.get('Books', 'shown')).title, 'Live title');
    assert.equal((await items.get('Books', 'shown', { showDrafts: true })).title, 'Draft title');
    const found = await items.query('Books').eq('_id', 'shown').find({ showDrafts: true });
    assert.deepEqual(found.items.map((i) => i.title), ['Draft title']);
    assert.equal(await items.query('Books').eq('_id', 'shown').count({ showDrafts: true }), 1);
  });
});
