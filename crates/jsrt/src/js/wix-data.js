// wix-data (and @wix/data's `items`): Velo's data API over Tessera's Wix-compatible data API,
// so that code, REST and the SDK share one implementation of validation, permissions and hooks.
import { call } from 'tessera:host';
import { fromWire, toWire } from 'tessera:wire';

function api(method, path, body, options) {
  // showDrafts: reads see drafts over published items, writes change drafts.
  if (options?.showDrafts) {
    if (body === undefined) path += `${path.includes('?') ? '&' : '?'}publishPluginOptions.includeDraftItems=true`;
    else body = { ...body, publishPluginOptions: { includeDraftItems: true } };
  }
  return call('data', {
    method,
    path,
    body: body === undefined ? undefined : toWire(body),
    suppressAuth: Boolean(options?.suppressAuth),
    suppressHooks: Boolean(options?.suppressHooks),
  });
}

function collectionName(name, what) {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`${what}: the collection name must be a non-empty string`);
  }
  return name;
}

function combine(filters) {
  if (filters.length === 0) return {};
  if (filters.length === 1) return filters[0];
  return { $and: filters };
}

export class WixDataQuery {
  #s;
  constructor(collection, state) {
    this.collectionName = collectionName(collection, 'query');
    this.#s = state ?? { filters: [], sort: [], limit: 50, skip: 0, include: [], fields: [] };
  }
  #with(change) {
    return new WixDataQuery(this.collectionName, { ...this.#s, ...change });
  }
  #where(field, condition) {
    if (typeof field !== 'string' || field === '') throw new TypeError('a field name must be a non-empty string');
    return this.#with({ filters: [...this.#s.filters, { [field]: condition }] });
  }
  get filter() {
    return combine(this.#s.filters);
  }
  /** The query as data API request parts; query hooks receive and return queries this way. */
  toJSON() {
    const s = this.#s;
    return { $wixDataQuery: toWire({ collection: this.collectionName, filter: this.filter, sort: s.sort, limit: s.limit, skip: s.skip }) };
  }
  static fromJSON({ collection, filter, sort, limit, skip }) {
    const filters = filter && Object.keys(filter).length ? [fromWire(filter)] : [];
    return new WixDataQuery(collection, { filters, sort: sort ?? [], limit: limit ?? 50, skip: skip ?? 0, include: [], fields: [] });
  }
  eq(field, value) { return this.#where(field, { $eq: value }); }
  ne(field, value) { return this.#where(field, { $ne: value }); }
  gt(field, value) { return this.#where(field, { $gt: value }); }
  ge(field, value) { return this.#where(field, { $gte: value }); }
  lt(field, value) { return this.#where(field, { $lt: value }); }
  le(field, value) { return this.#where(field, { $lte: value }); }
  between(field, from, to) { return this.#where(field, { $gte: from, $lt: to }); }
  contains(field, text) { return this.#where(field, { $contains: text }); }
  startsWith(field, text) { return this.#where(field, { $startsWith: text }); }
  endsWith(field, text) { return this.#where(field, { $endsWith: text }); }
  hasSome(field, ...values) { return this.#where(field, { $hasSome: values.flat() }); }
  hasAll(field, ...values) { return this.#where(field, { $hasAll: values.flat() }); }
  isEmpty(field) { return this.#where(field, { $exists: false }); }
  isNotEmpty(field) { return this.#where(field, { $exists: true }); }
  and(query) { return this.#with({ filters: [{ $and: [this.filter, query.filter] }] }); }
  or(query) { return this.#with({ filters: [{ $or: [this.filter, query.filter] }] }); }
  not(query) { return this.#with({ filters: [...this.#s.filters, { $not: query.filter }] }); }
  ascending(...fields) {
    return this.#with({ sort: [...this.#s.sort, ...fields.flat().map((fieldName) => ({ fieldName, order: 'ASC' }))] });
  }
  descending(...fields) {
    return this.#with({ sort: [...this.#s.sort, ...fields.flat().map((fieldName) => ({ fieldName, order: 'DESC' }))] });
  }
  limit(n) {
    if (!Number.isInteger(n) || n < 0 || n > 1000) throw new RangeError('limit: must be an integer from 0 to 1000');
    return this.#with({ limit: n });
  }
  skip(n) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('skip: must be a non-negative integer');
    return this.#with({ skip: n });
  }
  include(...fields) {
    return this.#with({ include: [...this.#s.include, ...fields.flat()] });
  }
  fields(...fields) {
    return this.#with({ fields: [...this.#s.fields, ...fields.flat()] });
  }
  async find(options) {
    const s = this.#s;
    const answer = await api('POST', 'items/query', {
      dataCollectionId: this.collectionName,
      query: {
        filter: this.filter,
        sort: s.sort,
        paging: { limit: s.limit, offset: s.skip },
        fields: s.fields,
      },
      returnTotalCount: true,
      includeReferences: s.include.map((field) => ({ field })),
    }, options);
    return new WixDataQueryResult(this, s, answer.dataItems.map((i) => fromWire(i.data)), answer.pagingMetadata);
  }
  async count(options) {
    const answer = await api('POST', 'items/count', { dataCollectionId: this.collectionName, filter: this.filter }, options);
    return answer.totalCount;
  }
  async distinct(field, options) {
    const s = this.#s;
    const answer = await api('POST', 'items/query-distinct-values', {
      dataCollectionId: this.collectionName,
      fieldName: field,
      filter: this.filter,
      paging: { limit: s.limit, offset: s.skip },
      returnTotalCount: true,
    }, options);
    return new WixDataQueryResult(this, s, fromWire(answer.distinctValues), answer.pagingMetadata);
  }
}

export class WixDataQueryResult {
  #query;
  #state;
  #paging;
  constructor(query, state, items, paging) {
    this.#query = query;
    this.#state = state;
    this.#paging = paging ?? {};
    this.items = items;
    this.length = items.length;
    this.pageSize = state.limit;
    this.totalCount = this.#paging.total ?? items.length;
    this.currentPage = state.limit ? Math.floor(state.skip / state.limit) : 0;
    this.totalPages = state.limit ? Math.ceil(this.totalCount / state.limit) : 0;
    this.query = query;
  }
  hasNext() { return Boolean(this.#paging.hasNext); }
  hasPrev() { return this.#state.skip > 0; }
  next() { return this.#query.skip(this.#state.skip + this.#state.limit).find(); }
  prev() { return this.#query.skip(Math.max(0, this.#state.skip - this.#state.limit)).find(); }
}

function itemBody(collection, item, what) {
  if (!item || typeof item !== 'object' || Array.isArray(item)) {
    throw new TypeError(`${what}: the item must be an object`);
  }
  const dataItem = { data: item };
  if (item._id !== undefined) dataItem.id = item._id;
  return { dataCollectionId: collectionName(collection, what), dataItem };
}

function bulkResult(answer, kind) {
  const result = { inserted: 0, updated: 0, removed: 0, skipped: 0, errors: [], insertedItemIds: [], updatedItemIds: [], removedItemIds: [], skippedItems: [] };
  for (const r of answer.results) {
    const meta = r.itemMetadata;
    if (!meta.success) {
      const e = new Error(meta.error?.description ?? meta.error?.message ?? 'failed');
      e.code = meta.error?.code;
      e.item = r.dataItem ? fromWire(r.dataItem.data) : { _id: meta.id };
      e.originalIndex = meta.originalIndex;
      result.errors.push(e);
      continue;
    }
    const action = r.action === 'UPDATE' || (kind === 'update' && r.action !== 'INSERT') ? 'updated'
      : r.action === 'DELETE' || kind === 'remove' ? 'removed' : 'inserted';
    result[action] += 1;
    result[`${action}ItemIds`].push(meta.id);
  }
  return result;
}

export async function get(collection, id, options) {
  const q = `dataCollectionId=${encodeURIComponent(collectionName(collection, 'get'))}`;
  try {
    const answer = await api('GET', `items/${encodeURIComponent(id)}?${q}`, undefined, options);
    return fromWire(answer.dataItem.data);
  } catch (e) {
    if (e.code === 'WDE0073') return null;
    throw e;
  }
}

export async function insert(collection, item, options) {
  return fromWire((await api('POST', 'items', itemBody(collection, item, 'insert'), options)).dataItem.data);
}

export async function update(collection, item, options) {
  if (item?._id === undefined) throw new TypeError('update: the item must have an _id');
  return fromWire((await api('POST', 'items/update', itemBody(collection, item, 'update'), options)).dataItem.data);
}

export async function save(collection, item, options) {
  return fromWire((await api('POST', 'items/save', itemBody(collection, item, 'save'), options)).dataItem.data);
}

export async function remove(collection, id, options) {
  const answer = await api('POST', 'items/remove', { dataCollectionId: collectionName(collection, 'remove'), dataItemId: id }, options);
  return answer.dataItem ? fromWire(answer.dataItem.data) : null;
}

export async function truncate(collection, options) {
  await api('POST', 'items/truncate', { dataCollectionId: collectionName(collection, 'truncate') }, options);
}

function bulkItems(items, what) {
  if (!Array.isArray(items)) throw new TypeError(`${what}: items must be an array`);
  return items.map((data) => (data?._id === undefined ? { data } : { id: data._id, data }));
}

export async function bulkInsert(collection, items, options) {
  return bulkResult(await api('POST', 'bulk/items/insert', { dataCollectionId: collection, dataItems: bulkItems(items, 'bulkInsert'), returnEntity: false }, options), 'insert');
}

export async function bulkUpdate(collection, items, options) {
  return bulkResult(await api('POST', 'bulk/items/update', { dataCollectionId: collection, dataItems: bulkItems(items, 'bulkUpdate'), returnEntity: false }, options), 'update');
}

export async function bulkSave(collection, items, options) {
  return bulkResult(await api('POST', 'bulk/items/save', { dataCollectionId: collection, dataItems: bulkItems(items, 'bulkSave'), returnEntity: false }, options), 'save');
}

export async function bulkRemove(collection, ids, options) {
  return bulkResult(await api('POST', 'bulk/items/remove', { dataCollectionId: collection, dataItemIds: ids }, options), 'remove');
}

const idOf = (x) => (x && typeof x === 'object' ? x._id : x);

export async function queryReferenced(collection, item, field, options) {
  const limit = options?.limit ?? 50;
  const skip = options?.skip ?? 0;
  const answer = await api('POST', 'items/query-referenced', {
    dataCollectionId: collection,
    referringItemId: idOf(item),
    referringItemFieldName: field,
    order: options?.order === 'desc' ? 'DESC' : 'ASC',
    paging: { limit, offset: skip },
    returnTotalCount: true,
  }, options);
  const items = answer.results.filter((r) => r.dataItem).map((r) => fromWire(r.dataItem.data));
  const paging = answer.pagingMetadata ?? {};
  return {
    items,
    totalCount: paging.total ?? items.length,
    hasNext: () => Boolean(paging.hasNext),
    hasPrev: () => skip > 0,
    next: () => queryReferenced(collection, item, field, { ...options, skip: skip + limit }),
    prev: () => queryReferenced(collection, item, field, { ...options, skip: Math.max(0, skip - limit) }),
  };
}

function references(field, left, right) {
  const rights = Array.isArray(right) ? right : [right];
  return rights.map((r) => ({ referringItemFieldName: field, referringItemId: idOf(left), referencedItemId: idOf(r) }));
}

export async function insertReference(collection, field, left, right, options) {
  await api('POST', 'bulk/items/insert-references', { dataCollectionId: collection, dataItemReferences: references(field, left, right) }, options);
}

export async function removeReference(collection, field, left, right, options) {
  await api('POST', 'bulk/items/remove-references', { dataCollectionId: collection, dataItemReferences: references(field, left, right) }, options);
}

export async function replaceReferences(collection, field, left, right, options) {
  await api('POST', 'items/replace-references', {
    dataCollectionId: collection,
    referringItemFieldName: field,
    referringItemId: idOf(left),
    newReferencedItemIds: (Array.isArray(right) ? right : [right]).map(idOf),
  }, options);
}

export async function isReferenced(collection, field, left, right, options) {
  const answer = await api('POST', 'items/is-referenced', {
    dataCollectionId: collection,
    referringItemFieldName: field,
    referringItemId: idOf(left),
    referencedItemId: idOf(right),
  }, options);
  return Boolean(answer.isReferenced);
}

export function query(collection) {
  return new WixDataQuery(collection);
}

export function filter() {
  return new WixDataQuery('filter');
}

const wixData = {
  query, filter, get, insert, update, save, remove, truncate,
  bulkInsert, bulkUpdate, bulkSave, bulkRemove,
  queryReferenced, insertReference, removeReference, replaceReferences, isReferenced,
};
export default wixData;
// @wix/data groups the same functions under `items`.
export const items = wixData;
