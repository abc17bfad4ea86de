// The SDK's query builder against Tessera: every filter and sort method, paging with
// hasNext()/next(), count(), returnTotalCount, and the GET `?.r=` / POST forms of a query.

import assert from 'node:assert/strict';
import { before, it } from 'node:test';

import { items as wixItems } from '@wix/data';

import { forEachBackend } from '../lib/tessera.mjs';
import { BOOKS, createCollection, ids, wixCode } from '../lib/fixtures.mjs';

forEachBackend('query', (server, backend) => {
  let items;
  const books = () => items.query('Books');

  before(async () => {
    items = server.client.items;
    await createCollection(server.client, 'Books');
    const r = await items.bulkInsert('Books', BOOKS);
    assert.equal(r.inserted, BOOKS.length, server.wire.tail(1));
  });

  it('find() with no conditions returns every item, newest first, as a GET with ?.r=', async () => {
    const r = await books().find();
    assert.deepEqual(ids(r).sort(), ['b1', 'b2', 'b3', 'b4', 'b5']);
    assert.equal(r.length, 5);
    assert.equal(r.hasNext(), false);
    const [call] = server.wire.last();
    assert.equal(call.method, 'GET');
    assert.match(call.path, /^\/wix-data\/v2\/items\/query\?\.r=/);
    assert.equal(call.request.dataCollectionId, 'Books');
  });

  it('returns item data with dates as Date', async () => {
    const [dune] = (await books().eq('_id', 'b1').find()).items;
    assert.equal(dune.title, 'Dune');
    assert.deepEqual(dune.tags, ['sf', 'classic']);
    assert.ok(dune.published instanceof Date);
    assert.equal(dune.published.toISOString(), '1965-08-01T00:00:00.000Z');
    assert.ok(dune._createdDate instanceof Date);
  });

  it('eq matches a value exactly, and any element of an array field', async () => {
    assert.deepEqual(ids(await books().eq('title', 'Dune').find()), ['b1']);
    assert.deepEqual(ids(await books().eq('year', 1984).find()), ['b3']);
    assert.deepEqual(ids(await books().eq('tags', 'sf').ascending('year').find()), ['b1', 'b4', 'b3']);
    assert.deepEqual(ids(await books().eq('title', 'dune').find()), [], 'eq is case-sensitive');
    assert.deepEqual(ids(await books().eq('year', '1984').find()), [], 'eq is type-strict');
  });

  it('ne', async () => {
    assert.deepEqual(ids(await books().ne('year', 1965).ascending('year').find()), ['b2', 'b4', 'b3', 'b5']);
  });

  it('gt, ge, lt, le on numbers', async () => {
    assert.deepEqual(ids(await books().gt('year', 1965).ascending('year').find()), ['b4', 'b3', 'b5']);
    assert.deepEqual(ids(await books().ge('year', 1969).ascending('year').find()), ['b4', 'b3', 'b5']);
    assert.deepEqual(ids(await books().lt('year', 1965).ascending('year').find()), ['b2']);
    assert.deepEqual(ids(await books().le('year', 1965).ascending('year').find()), ['b2', 'b1']);
  });

  it('gt and lt on dates and on strings', async () => {
    const after1970 = await books().gt('published', new Date('1970-01-01T00:00:00Z')).ascending('year').find();
    assert.deepEqual(ids(after1970), ['b3', 'b5']);
    assert.deepEqual(server.wire.last()[0].request.query.filter, {
      published: { $gt: { $date: '1970-01-01T00:00:00.000Z' } },
    });
    // Strings compare lexicographically: lower-case sorts after upper-case.
    assert.deepEqual(ids(await books().gt('title', 'Dune').ascending('title').find()), ['b2', 'b3', 'b4']);
    assert.deepEqual(ids(await books().lt('title', 'Dune').find()), ['b5']);
  });

  it('between includes the start and excludes the end', async () => {
    assert.deepEqual(ids(await books().between('year', 1965, 1984).ascending('year').find()), ['b1', 'b4']);
    const d = (s) => new Date(`${s}T00:00:00Z`);
    const r = await books().between('published', d('1965-08-01'), d('1984-07-01')).ascending('year').find();
    assert.deepEqual(ids(r), ['b1', 'b4']);
  });

  it('contains, startsWith, endsWith ignore case', async () => {
    assert.deepEqual(ids(await books().contains('title', 'DUNE').ascending('year').find()), ['b1', 'b4']);
    assert.deepEqual(ids(await books().contains('title', 'roman').find()), ['b3']);
    assert.deepEqual(ids(await books().startsWith('title', 'dune').ascending('year').find()), ['b1', 'b4']);
    assert.deepEqual(ids(await books().endsWith('title', 'MA').find()), ['b2']);
    assert.deepEqual(ids(await books().startsWith('title', 'une').find()), []);
  });

  it('hasSome and hasAll, with an array or spread values', async () => {
    assert.deepEqual(ids(await books().hasSome('tags', ['romance', 'cyberpunk']).ascending('year').find()), ['b2', 'b3']);
    assert.deepEqual(ids(await books().hasSome('tags', 'romance', 'cyberpunk').ascending('year').find()), ['b2', 'b3']);
    assert.deepEqual(ids(await books().hasSome('year', [1815, 1987]).ascending('year').find()), ['b2', 'b5']);
    assert.deepEqual(ids(await books().hasAll('tags', ['sf', 'classic']).find()), ['b1']);
    assert.deepEqual(ids(await books().hasAll('tags', 'sf').ascending('year').find()), ['b1', 'b4', 'b3']);
  });

  it('isEmpty matches null and absent; isNotEmpty keeps the empty string', async () => {
    assert.deepEqual(ids(await books().isEmpty('note').ascending('year').find()), ['b2', 'b4', 'b5']);
    assert.deepEqual(ids(await books().isNotEmpty('note').ascending('year').find()), ['b1', 'b3']);
  });

  it('and, or, not', async () => {
    const and = await books().gt('year', 1900).and(books().hasSome('tags', ['sf'])).ascending('year').find();
    assert.deepEqual(ids(and), ['b1', 'b4', 'b3']);
    const or = await books().eq('year', 1815).or(books().eq('year', 1987)).ascending('year').find();
    assert.deepEqual(ids(or), ['b2', 'b5']);
    const not = await books().hasSome('tags', ['sf']).not(books().eq('title', 'Dune')).ascending('year').find();
    assert.deepEqual(ids(not), ['b4', 'b3']);
    assert.deepEqual(server.wire.last()[0].request.query.filter, {
      $and: [{ tags: { $hasSome: ['sf'] } }, { $not: [{ title: 'Dune' }] }],
    });
    const nested = await books()
      .lt('year', 1900)
      .or(books().contains('title', 'dune').and(books().gt('year', 1966)))
      .ascending('year')
      .find();
    assert.deepEqual(ids(nested), ['b2', 'b4']);
  });

  it('ascending and descending, on one and on several fields', async () => {
    assert.deepEqual(ids(await books().ascending('year').find()), ['b2', 'b1', 'b4', 'b3', 'b5']);
    assert.deepEqual(ids(await books().descending('year').find()), ['b5', 'b3', 'b4', 'b1', 'b2']);
    assert.deepEqual(ids(await books().ascending('title').find()), ['b5', 'b1', 'b2', 'b3', 'b4']);
    const twoKeys = await books().hasSome('tags', ['sf', 'classic']).descending('tags').ascending('year').find();
    assert.equal(twoKeys.length, 4);
    assert.deepEqual(server.wire.last()[0].request.query.sort, [
      { fieldName: 'tags', order: 'DESC' },
      { fieldName: 'year', order: 'ASC' },
    ]);
  });

  it(
    'null and absent values sort together, lowest, then by the next sort key',
    async () => {
      // note: b5 null (1987), b4 absent (1969), b2 absent (1815), b3 '', b1 'x'.
      const r = await books().ascending('note').descending('year').find();
      assert.deepEqual(ids(r), ['b5', 'b4', 'b2', 'b3', 'b1'], server.wire.tail(1));
    },
  );

  // A field holding both numbers and strings: SQLite (like Wix's BSON order) puts numbers
  // first; PostgreSQL's jsonb order puts strings first. A known, documented difference:
  // matching it would cost PostgreSQL its index-ordered sorts.
  it('a field holding numbers and strings sorts missing values first, then by type', async () => {
    // `mixed` is not a declared field, so the schema lets any type through.
    await items.bulkInsert('Books', [
      { _id: 'm1', title: 'mixed 1', mixed: 'abc' },
      { _id: 'm2', title: 'mixed 2', mixed: 10 },
      { _id: 'm3', title: 'mixed 3', mixed: 5 },
      { _id: 'm4', title: 'mixed 4' },
    ]);
    try {
      const r = await books().startsWith('title', 'mixed').ascending('mixed').find();
      const expected = backend === 'postgres' ? ['m4', 'm1', 'm3', 'm2'] : ['m4', 'm3', 'm2', 'm1'];
      assert.deepEqual(ids(r), expected, server.wire.tail(1));
    } finally {
      await items.bulkRemove('Books', ['m1', 'm2', 'm3', 'm4']);
    }
  });

  it('limit and skip', async () => {
    assert.deepEqual(ids(await books().ascending('year').limit(2).find()), ['b2', 'b1']);
    assert.deepEqual(ids(await books().ascending('year').skip(1).limit(2).find()), ['b1', 'b4']);
    assert.deepEqual(ids(await books().ascending('year').skip(3).find()), ['b3', 'b5']);
    assert.deepEqual(ids(await books().ascending('year').skip(10).find()), []);
  });

  it('limit above 1000 rejects with WDE0077', async () => {
    await assert.rejects(books().limit(1001).find(), (e) => {
      assert.equal(wixCode(e), 'WDE0077', server.wire.tail(1));
      return true;
    });
  });

  it('fields() returns only the named fields (and _id)', async () => {
    const [item] = (await books().fields('title', 'year').ascending('year').limit(1).find()).items;
    assert.equal(item._id, 'b2');
    assert.equal(item.title, 'Emma');
    assert.equal(item.year, 1815);
    assert.equal(item.tags, undefined);
    assert.equal(item.published, undefined);
  });

  it('find() pages with hasNext()/next()/prev(), currentPage and pageSize', async () => {
    const first = await books().ascending('year').limit(2).find();
    assert.deepEqual(ids(first), ['b2', 'b1']);
    assert.equal(first.pageSize, 2);
    assert.equal(first.currentPage, 0);
    assert.equal(first.hasNext(), true, server.wire.tail(1));
    assert.equal(first.hasPrev(), false);
    const second = await first.next();
    assert.deepEqual(ids(second), ['b4', 'b3']);
    assert.equal(second.currentPage, 1);
    assert.equal(second.hasNext(), true);
    assert.equal(second.hasPrev(), true);
    const third = await second.next();
    assert.deepEqual(ids(third), ['b5']);
    assert.equal(third.hasNext(), false);
    assert.deepEqual(ids(await third.prev()), ['b4', 'b3']);
  });

  it('hasNext()/next() keep the filter and sort', async () => {
    let page = await books().hasSome('tags', ['sf']).descending('year').limit(1).find();
    const seen = [...ids(page)];
    while (page.hasNext()) {
      page = await page.next();
      seen.push(...ids(page));
    }
    assert.deepEqual(seen, ['b3', 'b4', 'b1']);
  });

  it('returnTotalCount gives totalCount and totalPages; without it they are absent', async () => {
    const withTotal = await books().gt('year', 1900).limit(2).find({ returnTotalCount: true });
    assert.equal(server.wire.last()[0].request.returnTotalCount, true);
    assert.equal(withTotal.totalCount, 4, server.wire.tail(1));
    assert.equal(withTotal.totalPages, 2);
    assert.equal(withTotal.length, 2);
    const without = await books().gt('year', 1900).limit(2).find();
    assert.equal(without.totalCount, undefined);
    assert.equal(without.totalPages, undefined);
  });

  it('count() counts every item or the matching ones', async () => {
    assert.equal(await books().count(), 5);
    assert.equal(await books().hasSome('tags', ['sf']).count(), 3);
    assert.equal(await books().eq('title', 'Nothing').count(), 0);
    const [call] = server.wire.last();
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/wix-data/v2/items/count');
    assert.deepEqual(call.request, { dataCollectionId: 'Books', filter: { title: 'Nothing' } });
  });

  it('a query too long for a GET URL is sent as a POST with a JSON body', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `tag-${i}`);
    const r = await books().hasSome('tags', [...many, 'romance']).find();
    const [call] = server.wire.last();
    assert.equal(call.method, 'POST');
    assert.equal(call.path, '/wix-data/v2/items/query');
    assert.deepEqual(ids(r), ['b2']);
  });

  it('with no limit, pages of 50: hasNext() and next() reach the rest', async () => {
    await createCollection(server.client, 'Numbers', [{ key: 'n', type: 'NUMBER' }]);
    const rows = Array.from({ length: 55 }, (_, n) => ({ _id: `n${String(n).padStart(2, '0')}`, n }));
    assert.equal((await items.bulkInsert('Numbers', rows)).inserted, 55);
    const first = await items.query('Numbers').ascending('n').find();
    assert.equal(first.length, 50);
    assert.equal(first.hasNext(), true);
    const rest = await first.next();
    assert.deepEqual(rest.items.map((i) => i.n), [50, 51, 52, 53, 54]);
    assert.equal(rest.hasNext(), false);
    assert.equal(await items.query('Numbers').ge('n', 10).count(), 45);
  });

  it('query(collection, request) sends a REST query as is and returns items with pagingMetadata', async () => {
    const r = await items.query(
      'Books',
      { filter: { year: { $gt: 1900 } }, sort: [{ fieldName: 'year', order: 'DESC' }], paging: { limit: 2, offset: 1 } },
      { returnTotalCount: true },
    );
    assert.deepEqual(ids(r), ['b3', 'b4']);
    assert.equal(r.pagingMetadata.total, 4, server.wire.tail(1));
    assert.equal(r.pagingMetadata.hasNext, true);
  });

  it('query(collection, {cursorPaging}) follows a cursor Tessera handed out', async () => {
    // The SDK sends a cursor only when given one, so the first page comes from a REST call.
    const first = await server.api('POST', '/wix-data/v2/items/query', {
      dataCollectionId: 'Books',
      query: { sort: [{ fieldName: 'year', order: 'ASC' }], cursorPaging: { limit: 2 } },
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    let cursor = first.body.pagingMetadata.cursors.next;
    const seen = first.body.dataItems.map((i) => i.id);
    while (cursor) {
      const page = await items.query('Books', { cursorPaging: { limit: 2, cursor } });
      assert.deepEqual(Object.keys(server.wire.last()[0].request.query), ['cursorPaging']);
      seen.push(...ids(page));
      cursor = page.pagingMetadata.cursors?.next;
    }
    assert.deepEqual(seen, ['b2', 'b1', 'b4', 'b3', 'b5']);
  });

  it('distinct()', async () => {
    const r = await books().hasSome('tags', ['sf']).distinct('tags');
    assert.deepEqual([...r.items].sort(), ['classic', 'cyberpunk', 'sf']);
  });

  it('aggregate()', async () => {
    const r = await items.aggregate('Books').filter(items.filter().gt('year', 1900)).count().run();
    assert.equal(r.items[0].count, 4, server.wire.tail(1));
    const perTag = await items.aggregate('Books').group('note').max('year').ascending('note').run();
    assert.ok(perTag.items.length >= 2, server.wire.tail(1));
    assert.ok(perTag.items.some((row) => row.yearMax === 1984), server.wire.tail(1));
  });

  it('aggregatePipeline() and aggregate(collection, pipeline) run a built pipeline', async () => {
    const { pipelineBuilder, stages, expressions: e } = wixItems;
    const pipeline = pipelineBuilder()
      .withStages([
        stages.filter().gt('year', 1900),
        stages.unwind('tags'),
        stages.group().by(e.field('tags'), 'tag').count('books').max(e.field('year'), 'newest'),
        stages.sort().descending('books').ascending('_id.tag'),
        stages.project().include('books', 'newest').reshape(e.toUpper(e.field('_id.tag')), 'label'),
      ])
      .withPaging({ limit: 2 })
      .build();
    const r = await items.aggregatePipeline('Books', pipeline);
    assert.deepEqual(r.results, [
      { _id: { tag: 'sf' }, books: 3, newest: 1984, label: 'SF' },
      { _id: { tag: 'classic' }, books: 1, newest: 1965, label: 'CLASSIC' },
    ], server.wire.tail(1));
    assert.equal(r.pagingMetadata.hasNext, true);
    assert.equal(r.pagingMetadata.total, 3);
    const [call] = server.wire.last();
    assert.equal(call.path, '/wix-data/v2/items/aggregate-pipeline');
    assert.equal(call.request.pipeline.stages.length, 5);

    const all = await items.aggregate('Books', pipelineBuilder()
      .withStages([stages.group().sum(e.field('year'), 'years').count('n')])
      .build());
    assert.deepEqual(all.results, [{ _id: null, years: 9720, n: 5 }], server.wire.tail(1));
  });

  it('include() of referenced items', async () => {
    await createCollection(server.client, 'Writers', [{ key: 'name', type: 'TEXT' }]);
    await server.client.collections.createDataCollectionField('Books', {
      field: { key: 'writers', type: 'MULTI_REFERENCE', typeMetadata: { multiReference: { referencedCollectionId: 'Writers' } } },
    });
    await items.insert('Writers', { _id: 'herbert', name: 'Frank Herbert' });
    await items.insertReference('Books', 'writers', 'b1', 'herbert');
    const r = await books().eq('_id', 'b1').include('writers').find();
    assert.deepEqual(r.items[0].writers.map((w) => w.name), ['Frank Herbert'], server.wire.tail(1));
  });

  it('search() matches words in text fields, combined with a filter, as POST /items/search', async () => {
    const r = await items.search('Books').expression('dune').ascending('year').run();
    assert.deepEqual(ids(r), ['b1', 'b4'], server.wire.tail(1));
    const [call] = server.wire.last();
    assert.equal(call.path, '/wix-data/v2/items/search');
    assert.equal(call.request.search.search.expression, 'dune');
    const narrowed = await items.search('Books').expression('dune messiah emma').gt('year', 1900).ascending('year').run();
    assert.deepEqual(ids(narrowed), ['b1', 'b4'], 'any word (OR), within the filter');
  });
});
