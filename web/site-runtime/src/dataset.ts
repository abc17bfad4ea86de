// Page datasets in code (`$w('#dataset1')`): the page of items the server rendered to begin
// with, then reads and writes through `wix-data` with the visitor's rights. Connected repeaters
// and elements follow its items and its current item.

import type { DatasetBoot, Item } from "./boot";
import type { Reporter } from "./errors";
import { decodeDates } from "./rest";
import { type SortSpec, type WixData, type WixDataFilter, type WixDataQuery, WixDataSort } from "./modules/wix-data";

export interface DatasetHost {
  data: WixData;
  reporter: Reporter;
  /** The loaded items changed: connected repeaters show them. */
  itemsChanged(dataset: Dataset): void;
  /** The current item (or its values) changed: connected elements show it. */
  currentChanged(dataset: Dataset): void;
}

type Operation = "load" | "save" | "remove" | "setFilter" | "setSort" | "refresh" | "loadMore" | "getItems";
type ErrorHandler = (operation: Operation, error: unknown) => unknown;

export class Dataset {
  readonly id: string;
  readonly collection: string;
  private filter: Record<string, unknown>;
  private sort: SortSpec;
  private pageSize: number;
  /** Index (in the whole query) of `items[0]`. */
  private offset: number;
  /** The loaded items: a page, or several after `loadMore`. */
  items: Item[];
  private total = 0;
  /** Index of the current item in the whole query; -1 when there is none. */
  private index: number;
  /** Values set on the current item and not saved yet. */
  private edits: Item = {};
  /** The current item was made by `add()` and is not in the collection yet. */
  private adding = false;
  private readonly needsCount: boolean;
  private readonly loaded: Promise<void>;
  private markLoaded!: () => void;
  private readonly indexHandlers: ((index: number) => unknown)[] = [];
  private readonly beforeSave: (() => unknown)[] = [];
  private readonly afterSave: ((before: Item, after: Item) => unknown)[] = [];
  private readonly valueHandlers: ((before: Item, after: Item) => unknown)[] = [];
  private readonly errorHandlers: ErrorHandler[] = [];

  constructor(
    boot: DatasetBoot,
    private readonly host: DatasetHost,
  ) {
    this.id = boot.id;
    this.collection = boot.collection;
    this.filter = boot.filter ?? {};
    this.sort = boot.sort ?? [];
    this.pageSize = boot.pageSize || 12;
    // Dates come as the REST API writes them; page code reads them as Dates, as from wix-data.
    this.items = decodeDates(boot.items ?? []) as Item[];
    this.offset = Math.max(0, (boot.page || 1) - 1) * this.pageSize;
    this.index = this.items.length ? this.offset : -1;
    // Without a next page the count is known; with one, `load` asks the server.
    this.total = boot.hasNext ? this.offset + this.items.length + 1 : this.offset + this.items.length;
    this.loaded = new Promise((resolve) => (this.markLoaded = resolve));
    this.needsCount = !!boot.hasNext;
  }

  /** Called once at start: the dataset is ready when its count is known. */
  async load(): Promise<void> {
    try {
      if (this.needsCount) this.total = await this.query().count();
    } catch (e) {
      this.failed("load", e);
    } finally {
      this.markLoaded();
    }
  }

  private query(): WixDataQuery {
    let q = this.host.data.query(this.collection).matching(this.filter);
    for (const s of this.sort) q = s.order === "DESC" ? q.descending(s.fieldName) : q.ascending(s.fieldName);
    return q;
  }

  private async fetch(offset: number, limit: number): Promise<{ items: Item[]; total: number }> {
    const result = await this.query().skip(offset).limit(limit).find();
    return { items: result.items, total: result.totalCount };
  }

  private failed(operation: Operation, error: unknown): void {
    if (!this.errorHandlers.length) this.host.reporter.report(error, "handler");
    for (const h of this.errorHandlers) h(operation, error);
  }

  /** Runs `work`, telling `onError` handlers of a failure before the promise rejects. */
  private async attempt<T>(operation: Operation, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      this.failed(operation, e);
      throw e;
    }
  }

  // Ready.

  onReady(callback?: () => unknown): Promise<void> {
    const done = this.loaded;
    if (callback) done.then(this.host.reporter.guard(callback, "handler"));
    return done;
  }

  onReadyAsync(): Promise<void> {
    return this.loaded;
  }

  // Filtering and sorting: both load the first page again.

  setFilter(filter: WixDataFilter): Promise<void> {
    return this.attempt("setFilter", async () => {
      this.filter = filter?.toFilter?.() ?? {};
      await this.reload(0);
    });
  }

  setSort(sort: WixDataSort): Promise<void> {
    return this.attempt("setSort", async () => {
      this.sort = sort instanceof WixDataSort ? sort.spec : [];
      await this.reload(0);
    });
  }

  refresh(): Promise<void> {
    return this.attempt("refresh", () => this.reload(this.offset));
  }

  /** Loads the page at `offset`; the item at `index` (by default the page's first) becomes current. */
  private async reload(offset: number, index = offset): Promise<void> {
    const page = await this.fetch(offset, this.pageSize);
    this.offset = offset;
    this.items = page.items;
    this.total = page.total;
    this.edits = {};
    this.adding = false;
    this.index = this.items.length ? Math.min(index, offset + this.items.length - 1) : -1;
    this.host.itemsChanged(this);
    this.changedIndex();
  }

  // Reading.

  getTotalCount(): number {
    return this.total;
  }

  getPageSize(): number {
    return this.pageSize;
  }

  setPageSize(size: number): Promise<void> {
    this.pageSize = size;
    return this.refresh();
  }

  getCurrentItem(): Item | null {
    const item = this.items[this.index - this.offset];
    return item ? { ...item, ...this.edits } : null;
  }

  getCurrentItemIndex(): number | null {
    return this.index < 0 ? null : this.index;
  }

  async setCurrentItemIndex(index: number): Promise<void> {
    await this.saveIfChanged();
    if (index < 0 || index >= this.total) throw new RangeError(`dataset #${this.id} has no item at ${index}`);
    if (index < this.offset || index >= this.offset + this.items.length) {
      await this.reload(Math.floor(index / this.pageSize) * this.pageSize, index);
      return;
    }
    this.index = index;
    this.changedIndex();
  }

  /** Items `from` … `from + count - 1` of the whole query, read from the server when not loaded. */
  getItems(from: number, count: number): Promise<{ items: Item[]; totalCount: number; offset: number }> {
    return this.attempt("getItems", async () => {
      if (from >= this.offset && from + count <= this.offset + this.items.length) {
        const start = from - this.offset;
        return { items: this.items.slice(start, start + count), totalCount: this.total, offset: from };
      }
      const page = await this.fetch(from, count);
      this.total = page.total;
      return { items: page.items, totalCount: page.total, offset: from };
    });
  }

  hasNext(): boolean {
    return this.index + 1 < this.total;
  }

  hasPrevious(): boolean {
    return this.index > 0;
  }

  async next(): Promise<Item | null> {
    if (!this.hasNext()) {
      await this.saveIfChanged();
      throw new RangeError(`dataset #${this.id} has no next item`);
    }
    await this.setCurrentItemIndex(this.index + 1);
    return this.getCurrentItem();
  }

  async previous(): Promise<Item | null> {
    if (!this.hasPrevious()) {
      await this.saveIfChanged();
      throw new RangeError(`dataset #${this.id} has no previous item`);
    }
    await this.setCurrentItemIndex(this.index - 1);
    return this.getCurrentItem();
  }

  // Pages.

  getCurrentPageIndex(): number {
    return Math.floor(this.offset / this.pageSize) + 1;
  }

  getTotalPageCount(): number {
    return Math.ceil(this.total / this.pageSize);
  }

  async loadPage(page: number): Promise<Item[]> {
    await this.attempt("load", () => this.reload((page - 1) * this.pageSize));
    return this.items.slice();
  }

  nextPage(): Promise<Item[]> {
    return this.loadPage(this.getCurrentPageIndex() + 1);
  }

  previousPage(): Promise<Item[]> {
    return this.loadPage(Math.max(1, this.getCurrentPageIndex() - 1));
  }

  /** The next page, added to the items already loaded (repeaters grow). */
  loadMore(): Promise<void> {
    return this.attempt("loadMore", async () => {
      const end = this.offset + this.items.length;
      if (end >= this.total) return;
      const page = await this.fetch(end, this.pageSize);
      this.items = [...this.items, ...page.items];
      this.total = page.total;
      this.host.itemsChanged(this);
    });
  }

  // Writing.

  setFieldValue(name: string, value: unknown): void {
    this.setFieldValues({ [name]: value });
  }

  setFieldValues(values: Item): void {
    const before = this.getCurrentItem();
    if (!before) throw new Error(`dataset #${this.id} has no current item`);
    this.edits = { ...this.edits, ...values };
    const after = this.getCurrentItem() as Item;
    for (const h of this.valueHandlers) h(before, after);
    this.host.currentChanged(this);
  }

  revert(): Promise<void> {
    this.edits = {};
    this.host.currentChanged(this);
    return Promise.resolve();
  }

  private async saveIfChanged(): Promise<void> {
    if (this.adding || Object.keys(this.edits).length) await this.save();
  }

  /** Writes the current item (new or changed); `onBeforeSave` handlers may stop it. */
  save(): Promise<Item> {
    return this.attempt("save", async () => {
      const before = this.getCurrentItem();
      if (!before) throw new Error(`dataset #${this.id} has no current item to save`);
      for (const h of this.beforeSave) {
        if ((await h()) === false) throw new Error(`dataset #${this.id}: onBeforeSave stopped the save`);
      }
      const after = this.adding
        ? await this.host.data.insert(this.collection, before)
        : await this.host.data.update(this.collection, before);
      this.items[this.index - this.offset] = after;
      if (this.adding) this.total += 1;
      this.adding = false;
      this.edits = {};
      for (const h of this.afterSave) h(before, after);
      this.host.itemsChanged(this);
      this.host.currentChanged(this);
      return after;
    });
  }

  /** Saves the current item, then makes a blank one after it the current item. */
  async add(): Promise<void> {
    await this.saveIfChanged();
    const at = this.index < 0 ? 0 : this.index - this.offset + 1;
    this.items.splice(at, 0, {});
    this.index = this.offset + at;
    this.adding = true;
    this.edits = {};
    this.changedIndex();
  }

  new(): Promise<void> {
    return this.add();
  }

  /** Removes the current item from the collection; the next one becomes current. */
  remove(): Promise<void> {
    return this.attempt("remove", async () => {
      const at = this.index - this.offset;
      const item = this.items[at];
      if (!item) throw new Error(`dataset #${this.id} has no current item to remove`);
      if (!this.adding) {
        await this.host.data.remove(this.collection, item._id as string);
        this.total -= 1;
      }
      this.items.splice(at, 1);
      this.adding = false;
      this.edits = {};
      if (this.index >= this.offset + this.items.length) this.index = this.offset + this.items.length - 1;
      if (!this.items.length) this.index = -1;
      this.host.itemsChanged(this);
      this.changedIndex();
    });
  }

  // Events.

  private changedIndex(): void {
    for (const h of this.indexHandlers) h(this.index);
    this.host.currentChanged(this);
  }

  onCurrentIndexChanged(handler: (index: number) => unknown): void {
    this.indexHandlers.push(this.host.reporter.guard(handler, "handler"));
  }

  onBeforeSave(handler: () => unknown): void {
    // Not guarded: a rejection is how it stops the save.
    this.beforeSave.push(handler);
  }

  onAfterSave(handler: (before: Item, after: Item) => unknown): void {
    this.afterSave.push(this.host.reporter.guard(handler, "handler"));
  }

  onItemValuesChanged(handler: (before: Item, after: Item) => unknown): void {
    this.valueHandlers.push(this.host.reporter.guard(handler, "handler"));
  }

  onError(handler: ErrorHandler): void {
    this.errorHandlers.push(this.host.reporter.guard(handler, "handler"));
  }
}
