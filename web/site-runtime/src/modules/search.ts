// `wix-search`: the site search from page code, `search(phrase).documentType(type).find()`,
// over the search module's route (`POST /_api/search/v1/search`) with the visitor's cookies,
// so what the visitor may not read never comes back. The same builder as backend code's.

import { call, type Fetch } from "../rest";

const MAX_LIMIT = 100;

interface Answer {
  documents: Record<string, unknown>[];
  facets: unknown;
  pagingMetadata: { total: number };
}

export class SearchResult {
  readonly documents: Record<string, unknown>[];
  readonly facets: unknown;
  readonly totalCount: number;
  readonly length: number;
  readonly pageSize: number;
  readonly currentPage: number;
  readonly totalPages: number;

  constructor(
    private readonly builder: SearchBuilder,
    answer: Answer,
  ) {
    this.documents = answer.documents;
    this.facets = answer.facets;
    this.totalCount = answer.pagingMetadata.total;
    this.length = answer.documents.length;
    this.pageSize = builder.size;
    this.currentPage = Math.floor(builder.offset / builder.size);
    this.totalPages = Math.ceil(this.totalCount / builder.size);
  }

  hasNext(): boolean {
    return this.currentPage + 1 < this.totalPages;
  }

  hasPrev(): boolean {
    return this.currentPage > 0;
  }

  next(): Promise<SearchResult> {
    if (!this.hasNext()) return Promise.reject(new Error("There are no more results"));
    return this.builder.skip(this.builder.offset + this.builder.size).find();
  }

  prev(): Promise<SearchResult> {
    if (!this.hasPrev()) return Promise.reject(new Error("There are no previous results"));
    return this.builder.skip(Math.max(0, this.builder.offset - this.builder.size)).find();
  }
}

export class SearchBuilder {
  constructor(
    private readonly fetchFn: Fetch,
    readonly phrase: string,
    readonly types: string[] = [],
    readonly size = 10,
    readonly offset = 0,
  ) {}

  private with(changes: { phrase?: string; types?: string[]; size?: number; offset?: number }): SearchBuilder {
    return new SearchBuilder(
      this.fetchFn,
      changes.phrase ?? this.phrase,
      changes.types ?? this.types,
      changes.size ?? this.size,
      changes.offset ?? this.offset,
    );
  }

  query(phrase: string): SearchBuilder {
    if (typeof phrase !== "string") throw new TypeError("query: the phrase must be a string");
    return this.with({ phrase });
  }

  /** Only documents of this type: `Site/Pages`, `Stores/Products`, `Bookings/Services`, or a collection id. */
  documentType(type: string): SearchBuilder {
    if (typeof type !== "string" || type === "") throw new TypeError("documentType: the type must be a non-empty string");
    return this.with({ types: [type] });
  }

  limit(n: number): SearchBuilder {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new RangeError(`limit: a whole number from 1 to ${MAX_LIMIT}`);
    return this.with({ size: n });
  }

  skip(n: number): SearchBuilder {
    if (!Number.isInteger(n) || n < 0) throw new RangeError("skip: a whole number from 0");
    return this.with({ offset: n });
  }

  /** Any language: the index is the same for every language. */
  language(): SearchBuilder {
    return this;
  }

  async find(): Promise<SearchResult> {
    const answer = await call<Answer>(this.fetchFn, "POST", "/_api/search/v1/search", {
      phrase: this.phrase,
      documentTypes: this.types,
      paging: { limit: this.size, offset: this.offset },
    });
    return new SearchResult(this, answer);
  }
}

export function searchModule(fetchFn: Fetch) {
  return { search: (phrase = "") => new SearchBuilder(fetchFn, phrase) };
}
