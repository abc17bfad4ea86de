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

function fieldName(field, what) {
  if (typeof field !== 'string' || field === '') throw new TypeError(`${what}: a field name must be a non-empty string`);
  return field;
}

function sorts(fields, order, what) {
  return fields.flat().map((f) => ({ fieldName: fieldName(f, what), order }));
}

function limitOf(n) {
  if (!Number.isInteger(n) || n < 0 || n > 1000) throw new RangeError('limit: must be an integer from 0 to 1000');
  return n;
}

function skipOf(n) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('skip: must be a non-negative integer');
  return n;
}

/** The filter object of a WixDataFilter (what `wixData.filter()` builds). */
function filterOf(f, what) {
  if (!(f instanceof WixDataQuery)) throw new TypeError(`${what}: pass a filter made with wixData.filter()`);
  return f.filter;
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
  ascending(...fields) { return this.#with({ sort: [...this.#s.sort, ...sorts(fields, 'ASC', 'ascending')] }); }
  descending(...fields) { return this.#with({ sort: [...this.#s.sort, ...sorts(fields, 'DESC', 'descending')] }); }
  limit(n) { return this.#with({ limit: limitOf(n) }); }
  skip(n) { return this.#with({ skip: skipOf(n) }); }
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

/** wixData.sort(): a sort for datasets' setSort(), as [{fieldName, order}] on the wire. */
export class WixDataSort {
  #sort;
  constructor(sort) {
    this.#sort = sort ?? [];
  }
  ascending(...fields) { return new WixDataSort([...this.#sort, ...sorts(fields, 'ASC', 'ascending')]); }
  descending(...fields) { return new WixDataSort([...this.#sort, ...sorts(fields, 'DESC', 'descending')]); }
  toJSON() { return this.#sort.map((s) => ({ ...s })); }
}

/** wixData.aggregate(): filter, group, compute, filter the groups, sort and page, run by
 * the data API's `items/aggregate` with the caller's rights. */
export class WixDataAggregate {
  #s;
  constructor(collection, state) {
    this.collectionName = collectionName(collection, 'aggregate');
    this.#s = state ?? { filters: [], group: [], operations: [], having: [], sort: [], limit: 50, skip: 0 };
  }
  #with(change) {
    return new WixDataAggregate(this.collectionName, { ...this.#s, ...change });
  }
  /** Velo names a result `<field>Sum`, `<field>Avg`, … unless given a name. */
  #operation(kind, suffix, field, as, what) {
    fieldName(field, what);
    if (as !== undefined && (typeof as !== 'string' || as === '')) {
      throw new TypeError(`${what}: the projected name must be a non-empty string`);
    }
    const op = { resultFieldName: as ?? `${field}${suffix}`, [kind]: { itemFieldName: field } };
    return this.#with({ operations: [...this.#s.operations, op] });
  }
  filter(filter) { return this.#with({ filters: [...this.#s.filters, filterOf(filter, 'filter')] }); }
  having(filter) { return this.#with({ having: [...this.#s.having, filterOf(filter, 'having')] }); }
  group(...fields) {
    if (this.#s.group.length) throw new Error('group: an aggregation is grouped only once');
    const group = fields.flat().map((f) => fieldName(f, 'group'));
    if (group.length === 0) throw new TypeError('group: name at least one field');
    return this.#with({ group });
  }
  count() { return this.#with({ operations: [...this.#s.operations, { resultFieldName: 'count', itemCount: {} }] }); }
  sum(field, as) { return this.#operation('sum', 'Sum', field, as, 'sum'); }
  avg(field, as) { return this.#operation('average', 'Avg', field, as, 'avg'); }
  min(field, as) { return this.#operation('min', 'Min', field, as, 'min'); }
  max(field, as) { return this.#operation('max', 'Max', field, as, 'max'); }
  ascending(...fields) { return this.#with({ sort: [...this.#s.sort, ...sorts(fields, 'ASC', 'ascending')] }); }
  descending(...fields) { return this.#with({ sort: [...this.#s.sort, ...sorts(fields, 'DESC', 'descending')] }); }
  limit(n) { return this.#with({ limit: limitOf(n) }); }
  skip(n) { return this.#with({ skip: skipOf(n) }); }
  async run(options) {
    const s = this.#s;
    const answer = await api('POST', 'items/aggregate', {
      dataCollectionId: this.collectionName,
      initialFilter: combine(s.filters),
      aggregation: { groupingFields: s.group, operations: s.operations },
      finalFilter: combine(s.having),
      sort: s.sort,
      paging: { limit: s.limit, offset: s.skip },
    }, options);
    // A row's `_id` is its group key; with one group field, the key is that field's value.
    const items = answer.results.map((row) => {
      const item = fromWire(row);
      if (s.group.length === 1 && item._id && typeof item._id === 'object') item._id = item._id[s.group[0]];
      return item;
    });
    const hasNext = Boolean(answer.pagingMetadata?.hasNext);
    return {
      items,
      length: items.length,
      hasNext: () => hasNext,
      next: () => this.skip(s.skip + s.limit).run(options),
    };
  }
}

/** wixData.patch() and bulkPatch(): change some fields of one item, or of each of several,
 * leaving the others as they are. */
export class WixDataPatch {
  #collection;
  #ids;
  #bulk;
  #mods;
  constructor(collection, ids, bulk, mods) {
    const what = bulk ? 'bulkPatch' : 'patch';
    this.#collection = collectionName(collection, what);
    const list = bulk ? ids : [ids];
    if (!Array.isArray(list) || list.some((id) => typeof id !== 'string' || id === '')) {
      throw new TypeError(bulk ? 'bulkPatch: the item ids must be an array of non-empty strings' : 'patch: the item id must be a non-empty string');
    }
    this.#ids = list;
    this.#bulk = bulk;
    this.#mods = mods ?? [];
  }
  #add(action, field, options, what) {
    const mod = { fieldPath: fieldName(field, what), action, ...options };
    return new WixDataPatch(this.#collection, this.#bulk ? this.#ids : this.#ids[0], this.#bulk, [...this.#mods, mod]);
  }
  setField(field, value) { return this.#add('SET_FIELD', field, { setFieldOptions: { value } }, 'setField'); }
  incrementField(field, by) {
    if (typeof by !== 'number' || !Number.isFinite(by)) throw new TypeError('incrementField: by must be a number');
    return this.#add('INCREMENT_FIELD', field, { incrementFieldOptions: { value: by } }, 'incrementField');
  }
  appendToArray(field, value) { return this.#add('APPEND_TO_ARRAY', field, { appendToArrayOptions: { value } }, 'appendToArray'); }
  removeFromArray(field, value) { return this.#add('REMOVE_FROM_ARRAY', field, { removeFromArrayOptions: { value } }, 'removeFromArray'); }
  removeField(field) { return this.#add('REMOVE_FIELD', field, {}, 'removeField'); }
  /** Resolves to the patched item (bulk: a WixDataBulkResult); `options.condition` (a
   *  wixData.filter()) must match each item. */
  async run(options) {
    const body = { dataCollectionId: this.#collection };
    if (options?.condition !== undefined) body.condition = { filter: filterOf(options.condition, 'run: condition') };
    const patches = this.#ids.map((dataItemId) => ({ dataItemId, fieldModifications: this.#mods }));
    if (this.#bulk) {
      return bulkResult(await api('POST', 'bulk/items/patch', { ...body, patches, returnEntity: false }, options), 'update');
    }
    return fromWire((await api('POST', 'items/patch', { ...body, patch: patches[0] }, options)).dataItem.data);
  }
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

export function sort() {
  return new WixDataSort();
}

export function aggregate(collection) {
  return new WixDataAggregate(collection);
}

export function patch(collection, id) {
  return new WixDataPatch(collection, id, false);
}

export function bulkPatch(collection, ids) {
  return new WixDataPatch(collection, ids, true);
}

const functions = {
  query, filter, sort, aggregate, get, insert, update, save, patch, remove, truncate,
  bulkInsert, bulkUpdate, bulkSave, bulkRemove, bulkPatch,
  queryReferenced, insertReference, removeReference, replaceReferences, isReferenced,
};
// Names that are looked up on any object (by await, JSON.stringify, interop checks) and so
// must read as absent rather than throw.
const PROBED = new Set(['then', 'toJSON', '__esModule', 'default']);
// Code written for Wix may call a function Tessera lacks; it gets an error that names it
// (instead of "not a function"), at the lookup, where the name is still known.
const wixData = new Proxy(functions, {
  get(target, name, receiver) {
    if (typeof name === 'string' && !(name in target) && !PROBED.has(name)) {
      throw new TypeError(`wix-data has no function ${name}`);
    }
    return Reflect.get(target, name, receiver);
  },
});
export default wixData;
// @wix/data groups the same functions under `items`.
export const items = wixData;
