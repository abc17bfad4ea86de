// Collections and items the test files share.

import assert from 'node:assert/strict';

export const OPEN_READ = {
  read: 'ANYONE',
  insert: 'CMS_EDITOR',
  update: 'CMS_EDITOR',
  remove: 'CMS_EDITOR',
};

export const BOOK_FIELDS = [
  { key: 'title', type: 'TEXT' },
  { key: 'year', type: 'NUMBER' },
  { key: 'tags', type: 'ARRAY_STRING' },
  { key: 'published', type: 'DATETIME' },
  { key: 'note', type: 'TEXT' },
];

/** Creates a collection through the SDK's `collections` module. */
export async function createCollection(client, id, fields = BOOK_FIELDS) {
  const c = await client.collections.createDataCollection({
    _id: id,
    displayName: id,
    fields,
    permissions: OPEN_READ,
  });
  assert.equal(c._id, id);
  return c;
}

/**
 * Five books with distinct years. `note` is a string on b1 ('x') and b3 (''), null on b5 and
 * absent on b2 and b4, so isEmpty/isNotEmpty and null sorting have something to tell apart.
 */
export const BOOKS = [
  { _id: 'b1', title: 'Dune', year: 1965, tags: ['sf', 'classic'], published: new Date('1965-08-01T00:00:00Z'), note: 'x' },
  { _id: 'b2', title: 'Emma', year: 1815, tags: ['classic', 'romance'], published: new Date('1815-12-23T00:00:00Z') },
  { _id: 'b3', title: 'Neuromancer', year: 1984, tags: ['sf', 'cyberpunk'], published: new Date('1984-07-01T00:00:00Z'), note: '' },
  { _id: 'b4', title: 'dune messiah', year: 1969, tags: ['sf'], published: new Date('1969-10-15T00:00:00Z') },
  { _id: 'b5', title: 'Beloved', year: 1987, tags: [], published: new Date('1987-09-02T00:00:00Z'), note: null },
];

/** The `_id`s of a query result's items, in order. */
export const ids = (result) => result.items.map((i) => i._id);

/** The Wix error code carried by an SDK error (`details.applicationError.code`). */
export const wixCode = (e) => e?.details?.applicationError?.code;
