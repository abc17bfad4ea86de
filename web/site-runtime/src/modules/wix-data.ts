// `wix-data` in the browser: the query, filter and sort builders, and reads and writes over the
// site's Wix-compatible REST API (`/wix-data/v2/…`) with the visitor's rights.

import type { Item } from "../boot";
import { call, type Fetch, ServerError } from "../rest";

type Condition = Record<string, unknown>;
export type SortSpec = { fieldName: string; order: "ASC" | "DESC" }[];

const DEFAULT_LIMIT = 50;

function isPlainObject(v: unknown): boolean {
  return !!v && typeof v === "object" && !(v instanceof Date);
}

/** Conditions shared by `filter()` and `query()`: each call answers a new builder. */
abstract class Conditions<T extends Conditions<T>> {
  protected conditions: Condition[] = [];

  protected abstract copy(): T;

  protected and_(condition: Condition): T {
    const next = this.copy();
    next.conditions = [...this.conditions, condition];
    return next;
  }

  private op(field: string, op: string, value: unknown): T {
    return this.and_({ [field]: { [op]: value } });
  }

  eq(field: string, value: unknown): T {
    // An object would read as operators, so it is compared with `$eq`.
    return this.and_({ [field]: isPlainObject(value) || Array.isArray(value) ? { $eq: value } : value });
  }
  ne(field: string, value: unknown): T {
    return this.op(field, "$ne", value);
  }
  gt(field: string, value: unknown): T {
    return this.op(field, "$gt", value);
  }
  ge(field: string, value: unknown): T {
    return this.op(field, "$gte", value);
  }
  lt(field: string, value: unknown): T {
    return this.op(field, "$lt", value);
  }
  le(field: string, value: unknown): T {
    return this.op(field, "$lte", value);
  }
  /** From `start` (included) to `end` (left out). */
  between(field: string, start: unknown, end: unknown): T {
    return this.op(field, "$gte", start).op(field, "$lt", end);
  }
  contains(field: string, text: string): T {
    return this.op(field, "$contains", text);
  }
  startsWith(field: string, text: string): T {
    return this.op(field, "$startsWith", text);
  }
  endsWith(field: string, text: string): T {
    return this.op(field, "$endsWith", text);
  }
  hasSome(field: string, ...values: unknown[]): T {
    return this.op(field, "$hasSome", values.flat());
  }
  hasAll(field: string, ...values: unknown[]): T {
    return this.op(field, "$hasAll", values.flat());
  }
  isEmpty(field: string): T {
    return this.and_({ [field]: null });
  }
  isNotEmpty(field: string): T {
    return this.op(field, "$ne", null);
  }
  and(other: Conditions<T> | WixDataFilter): T {
    return this.and_(other.toFilter());
  }
  or(other: Conditions<T> | WixDataFilter): T {
    const next = this.copy();
    next.conditions = [{ $or: [this.toFilter(), other.toFilter()] }];
    return next;
  }
  not(other: Conditions<T> | WixDataFilter): T {
    return this.and_({ $not: [other.toFilter()] });
  }

  /** Adds a filter already written in Wix's query language (a dataset's own filter). */
  matching(filter: Condition): T {
    return Object.keys(filter).length ? this.and_(filter) : (this as unknown as T);
  }

  /** The filter in Wix's query language: `{}`, one condition, or `{$and: […]}`. */
  toFilter(): Condition {
    if (this.conditions.length === 0) return {};
    if (this.conditions.length === 1) return this.conditions[0] as Condition;
    return { $and: this.conditions };
  }
}

export class WixDataFilter extends Conditions<WixDataFilter> {
  protected copy(): WixDataFilter {
    return new WixDataFilter();
  }
}

export class WixDataSort {
  constructor(readonly spec: SortSpec = []) {}
  ascending(...fields: string[]): WixDataSort {
    return new WixDataSort([...this.spec, ...fields.map((fieldName) => ({ fieldName, order: "ASC" as const }))]);
  }
  descending(...fields: string[]): WixDataSort {
    return new WixDataSort([...this.spec, ...fields.map((fieldName) => ({ fieldName, order: "DESC" as const }))]);
  }
}

interface QueryAnswer {
  dataItems: { data: Item }[];
  pagingMetadata?: { total?: number; hasNext?: boolean };
}

export interface BulkResult {
  inserted: number;
  updated: number;
  removed: number;
  skipped: number;
  errors: Error[];
  insertedItemIds: string[];
  updatedItemIds: string[];
  removedItemIds: string[];
  skippedItems: Item[];
}

interface BulkAnswer {
  results: { action?: string; itemMetadata: { id: string; success: boolean; originalIndex?: number; error?: { code?: string; description?: string } } }[];
}

function bulkItems(items: Item[], what: string): { id?: string; data: Item }[] {
  if (!Array.isArray(items)) throw new TypeError(`wix-data ${what}: items must be an array`);
  return items.map((data) => (typeof data._id === "string" ? { id: data._id, data } : { data }));
}

export interface QueryResult {
  items: Item[];
  length: number;
  totalCount: number;
  pageSize: number;
  currentPage: number;
  totalPages: number;
  partialIncludes: boolean;
  query: WixDataQuery;
  hasNext(): boolean;
  hasPrev(): boolean;
  next(): Promise<QueryResult>;
  prev(): Promise<QueryResult>;
}

export class WixDataQuery extends Conditions<WixDataQuery> {
  private sortSpec: SortSpec = [];
  private skipped = 0;
  private limited = DEFAULT_LIMIT;
  private includes: string[] = [];
  private fieldList: string[] = [];

  constructor(
    private readonly data: WixData,
    readonly collection: string,
  ) {
    super();
  }

  protected copy(): WixDataQuery {
    const q = new WixDataQuery(this.data, this.collection);
    q.conditions = this.conditions;
    q.sortSpec = this.sortSpec;
    q.skipped = this.skipped;
    q.limited = this.limited;
    q.includes = this.includes;
    q.fieldList = this.fieldList;
    return q;
  }

  private with(change: (q: WixDataQuery) => void): WixDataQuery {
    const q = this.copy();
    change(q);
    return q;
  }

  ascending(...fields: string[]): WixDataQuery {
    return this.with((q) => (q.sortSpec = new WixDataSort(this.sortSpec).ascending(...fields).spec));
  }
  descending(...fields: string[]): WixDataQuery {
    return this.with((q) => (q.sortSpec = new WixDataSort(this.sortSpec).descending(...fields).spec));
  }
  limit(n: number): WixDataQuery {
    return this.with((q) => (q.limited = n));
  }
  skip(n: number): WixDataQuery {
    return this.with((q) => (q.skipped = n));
  }
  /** Reference fields to read with the items; a trailing number is how many of each. */
  include(...fields: (string | number)[]): WixDataQuery {
    return this.with((q) => (q.includes = [...this.includes, ...fields.filter((f): f is string => typeof f === "string")]));
  }
  fields(...names: string[]): WixDataQuery {
    return this.with((q) => (q.fieldList = [...this.fieldList, ...names]));
  }

  async find(): Promise<QueryResult> {
    const answer = await this.data.request<QueryAnswer>("POST", "/items/query", {
      dataCollectionId: this.collection,
      query: {
        filter: this.toFilter(),
        ...(this.sortSpec.length ? { sort: this.sortSpec } : {}),
        paging: { limit: this.limited, offset: this.skipped },
        ...(this.fieldList.length ? { fields: this.fieldList } : {}),
      },
      returnTotalCount: true,
      ...(this.includes.length ? { includeReferences: this.includes.map((field) => ({ field })) } : {}),
    });
    const items = answer.dataItems.map((d) => d.data);
    const total = answer.pagingMetadata?.total ?? this.skipped + items.length;
    const hasNext = answer.pagingMetadata?.hasNext ?? this.skipped + items.length < total;
    return {
      items,
      length: items.length,
      totalCount: total,
      pageSize: this.limited,
      currentPage: Math.floor(this.skipped / this.limited),
      totalPages: Math.ceil(total / this.limited),
      partialIncludes: false,
      query: this,
      hasNext: () => hasNext,
      hasPrev: () => this.skipped > 0,
      next: () => this.skip(this.skipped + this.limited).find(),
      prev: () => this.skip(Math.max(0, this.skipped - this.limited)).find(),
    };
  }

  async count(): Promise<number> {
    const answer = await this.data.request<{ totalCount: number }>("POST", "/items/count", {
      dataCollectionId: this.collection,
      filter: this.toFilter(),
    });
    return answer.totalCount;
  }

  async distinct(field: string): Promise<{ items: unknown[]; length: number; totalCount: number }> {
    const answer = await this.data.request<{ distinctValues: unknown[] }>("POST", "/items/query-distinct-values", {
      dataCollectionId: this.collection,
      fieldName: field,
      filter: this.toFilter(),
    });
    const items = answer.distinctValues;
    return { items, length: items.length, totalCount: items.length };
  }
}

interface ItemAnswer {
  dataItem: { data: Item };
}

function idOf(item: Item): string | undefined {
  return typeof item._id === "string" ? item._id : undefined;
}

/** The module's object: what `import wixData from 'wix-data'` gives page code. */
export class WixData {
  constructor(private readonly fetchFn: Fetch) {}

  request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    return call<T>(this.fetchFn, method, `/wix-data/v2${path}`, body);
  }

  query = (collection: string): WixDataQuery => new WixDataQuery(this, collection);
  filter = (): WixDataFilter => new WixDataFilter();
  sort = (): WixDataSort => new WixDataSort();

  /** The item, or null when it does not exist (or the visitor may not read it). */
  get = async (collection: string, id: string): Promise<Item | null> => {
    const query = `?dataCollectionId=${encodeURIComponent(collection)}`;
    try {
      const answer = await this.request<ItemAnswer>("GET", `/items/${encodeURIComponent(id)}${query}`);
      return answer.dataItem.data;
    } catch (e) {
      if (e instanceof ServerError && (e.code === "WDE0073" || e.status === 404)) return null;
      throw e;
    }
  };

  insert = async (collection: string, item: Item): Promise<Item> => {
    const answer = await this.request<ItemAnswer>("POST", "/items", { dataCollectionId: collection, dataItem: { data: item } });
    return answer.dataItem.data;
  };

  update = async (collection: string, item: Item): Promise<Item> => {
    const id = idOf(item);
    if (!id) throw new Error(`wix-data update: the item of ${collection} has no _id`);
    const answer = await this.request<ItemAnswer>("POST", "/items/update", {
      dataCollectionId: collection,
      dataItem: { id, data: item },
    });
    return answer.dataItem.data;
  };

  save = async (collection: string, item: Item): Promise<Item> => {
    const id = idOf(item);
    const answer = await this.request<ItemAnswer>("POST", "/items/save", {
      dataCollectionId: collection,
      dataItem: { ...(id ? { id } : {}), data: item },
    });
    return answer.dataItem.data;
  };

  bulkInsert = (collection: string, items: Item[]): Promise<BulkResult> =>
    this.bulk("insert", { dataCollectionId: collection, dataItems: bulkItems(items, "bulkInsert") });
  bulkUpdate = (collection: string, items: Item[]): Promise<BulkResult> =>
    this.bulk("update", { dataCollectionId: collection, dataItems: bulkItems(items, "bulkUpdate") });
  bulkSave = (collection: string, items: Item[]): Promise<BulkResult> =>
    this.bulk("save", { dataCollectionId: collection, dataItems: bulkItems(items, "bulkSave") });
  bulkRemove = (collection: string, ids: string[]): Promise<BulkResult> =>
    this.bulk("remove", { dataCollectionId: collection, dataItemIds: ids });

  /** A bulk write as Velo reports it: counts and ids per outcome, and an error per failed item. */
  private async bulk(kind: "insert" | "update" | "save" | "remove", body: Record<string, unknown>): Promise<BulkResult> {
    const answer = await this.request<BulkAnswer>("POST", `/bulk/items/${kind}`, { ...body, returnEntity: false });
    const result: BulkResult = { inserted: 0, updated: 0, removed: 0, skipped: 0, errors: [], insertedItemIds: [], updatedItemIds: [], removedItemIds: [], skippedItems: [] };
    for (const { action, itemMetadata: meta } of answer.results) {
      if (!meta.success) {
        result.errors.push(Object.assign(new Error(meta.error?.description ?? "failed"), { code: meta.error?.code, originalIndex: meta.originalIndex }));
        continue;
      }
      const done = kind === "remove" || action === "DELETE" ? "removed" : action === "UPDATE" || (kind === "update" && action !== "INSERT") ? "updated" : "inserted";
      result[done] += 1;
      result[`${done}ItemIds`].push(meta.id);
    }
    return result;
  }

  remove = async (collection: string, id: string): Promise<Item | null> => {
    const answer = await this.request<Partial<ItemAnswer>>("POST", "/items/remove", {
      dataCollectionId: collection,
      dataItemId: id,
    });
    return answer.dataItem?.data ?? null;
  };
}
