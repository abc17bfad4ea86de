// wix-search: the site search (`search(phrase).documentType(type).limit(n).find()`), run by
// the server's search module (`call('search', …)`) with the rights of whom the code runs for.
import { call } from 'tessera:host';

const MAX_LIMIT = 100;

class WixSearchResult {
  constructor(builder, answer) {
    this._builder = builder;
    this.documents = answer.documents;
    this.facets = answer.facets;
    this.totalCount = answer.pagingMetadata.total;
    this.length = answer.documents.length;
    this.pageSize = builder._limit;
    this.currentPage = Math.floor(builder._skip / builder._limit);
    this.totalPages = Math.ceil(this.totalCount / builder._limit);
  }
  hasNext() {
    return this.currentPage + 1 < this.totalPages;
  }
  hasPrev() {
    return this.currentPage > 0;
  }
  next() {
    if (!this.hasNext()) return Promise.reject(new Error('There are no more results'));
    return this._builder.skip(this._builder._skip + this._builder._limit).find();
  }
  prev() {
    if (!this.hasPrev()) return Promise.reject(new Error('There are no previous results'));
    return this._builder.skip(Math.max(0, this._builder._skip - this._builder._limit)).find();
  }
}

class WixSearchBuilder {
  constructor(phrase, types = [], limit = 10, skip = 0) {
    this._phrase = phrase;
    this._types = types;
    this._limit = limit;
    this._skip = skip;
  }
  _with(changes) {
    const b = Object.assign(new WixSearchBuilder(), this, changes);
    return b;
  }
  /** Sets the phrase (as `search(phrase)` does). */
  query(phrase) {
    if (typeof phrase !== 'string') throw new TypeError('query: the phrase must be a string');
    return this._with({ _phrase: phrase });
  }
  /** Only documents of this type: `Site/Pages`, `Stores/Products`, `Bookings/Services`, or a collection id. */
  documentType(type) {
    if (typeof type !== 'string' || type === '') {
      throw new TypeError('documentType: the type must be a non-empty string');
    }
    return this._with({ _types: [type] });
  }
  limit(n) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
      throw new RangeError(`limit: a whole number from 1 to ${MAX_LIMIT}`);
    }
    return this._with({ _limit: n });
  }
  skip(n) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('skip: a whole number from 0');
    return this._with({ _skip: n });
  }
  /** Any language: the index is the same for every language. */
  language() {
    return this;
  }
  async find() {
    const answer = await call('search', {
      phrase: this._phrase ?? '',
      documentTypes: this._types,
      paging: { limit: this._limit, offset: this._skip },
    });
    return new WixSearchResult(this, answer);
  }
}

export function search(phrase = '') {
  if (typeof phrase !== 'string') throw new TypeError('search: the phrase must be a string');
  return new WixSearchBuilder(phrase);
}

export default { search };
