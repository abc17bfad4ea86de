// The WHATWG fetch that Node 20 offers as globals (fetch, Headers, Request, Response,
// FormData), over the server's outbound requests: the same guard as wix-fetch and node:http.
// Bodies are read whole (answers up to 10 MB); redirects are followed here, each hop
// checked by the server again.
import { call } from 'tessera:host';

const lower = (s) => String(s).toLowerCase();
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Headers {
  #map = new Map();
  constructor(init) {
    if (init === undefined || init === null) return;
    if (init instanceof Headers || Array.isArray(init) || typeof init[Symbol.iterator] === 'function') {
      for (const [k, v] of init) this.append(k, v);
    } else if (typeof init === 'object') {
      for (const k of Object.keys(init)) this.append(k, init[k]);
    } else {
      throw new TypeError("Failed to construct 'Headers': The provided value is not of type 'HeadersInit'");
    }
  }
  append(name, value) {
    const key = lower(name);
    const v = String(value).trim();
    const list = this.#map.get(key);
    if (list) list.push(v);
    else this.#map.set(key, [v]);
  }
  set(name, value) { this.#map.set(lower(name), [String(value).trim()]); }
  get(name) {
    const list = this.#map.get(lower(name));
    return list ? list.join(', ') : null;
  }
  getSetCookie() { return [...(this.#map.get('set-cookie') ?? [])]; }
  has(name) { return this.#map.has(lower(name)); }
  delete(name) { this.#map.delete(lower(name)); }
  *entries() {
    for (const key of [...this.#map.keys()].sort()) {
      if (key === 'set-cookie') for (const v of this.#map.get(key)) yield [key, v];
      else yield [key, this.#map.get(key).join(', ')];
    }
  }
  *keys() { for (const [k] of this.entries()) yield k; }
  *values() { for (const [, v] of this.entries()) yield v; }
  forEach(fn, thisArg) { for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this); }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'Headers'; }
}

export class FormData {
  #entries = [];
  append(name, value, filename) { this.#entries.push(entry(name, value, filename)); }
  set(name, value, filename) {
    const key = String(name);
    const at = this.#entries.findIndex(([n]) => n === key);
    this.#entries = this.#entries.filter(([n], i) => n !== key || i === at);
    if (at === -1) this.#entries.push(entry(name, value, filename));
    else this.#entries[at] = entry(name, value, filename);
  }
  get(name) { return this.#entries.find(([n]) => n === String(name))?.[1] ?? null; }
  getAll(name) { return this.#entries.filter(([n]) => n === String(name)).map(([, v]) => v); }
  has(name) { return this.#entries.some(([n]) => n === String(name)); }
  delete(name) { this.#entries = this.#entries.filter(([n]) => n !== String(name)); }
  *entries() { for (const [n, v] of this.#entries) yield [n, v]; }
  *keys() { for (const [n] of this.#entries) yield n; }
  *values() { for (const [, v] of this.#entries) yield v; }
  forEach(fn, thisArg) { for (const [n, v] of this.#entries) fn.call(thisArg, v, n, this); }
  [Symbol.iterator]() { return this.entries(); }
  get [Symbol.toStringTag]() { return 'FormData'; }
}

function entry(name, value, filename) {
  if (value instanceof Blob) {
    const file = new File([value], filename ?? value.name ?? 'blob', { type: value.type });
    return [String(name), file];
  }
  return [String(name), String(value)];
}

async function multipart(form) {
  const boundary = `----TesseraFormBoundary${crypto.randomUUID().replace(/-/g, '')}`;
  const parts = [];
  const quote = (s) => s.replace(/"/g, '%22').replace(/\r?\n/g, '%0A');
  for (const [name, value] of form) {
    if (typeof value === 'string') {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`));
    } else {
      parts.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.name)}"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n`));
      parts.push(new Uint8Array(await value.arrayBuffer()));
      parts.push(encoder.encode('\r\n'));
    }
  }
  parts.push(encoder.encode(`--${boundary}--\r\n`));
  return { bytes: concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

// A body as bytes, with the content type it implies.
async function extract(body) {
  if (body === null || body === undefined) return { bytes: null, type: null };
  if (typeof body === 'string') return { bytes: encoder.encode(body), type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) return { bytes: encoder.encode(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (body instanceof ArrayBuffer) return { bytes: new Uint8Array(body.slice(0)), type: null };
  if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength).slice(), type: null };
  if (body instanceof FormData) return multipart(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return { bytes: new Uint8Array(await body.arrayBuffer()), type: body.type || null };
  if (typeof body.getReader === 'function') {
    const reader = body.getReader();
    const parts = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(typeof value === 'string' ? encoder.encode(value) : new Uint8Array(value));
    }
    return { bytes: concat(parts), type: null };
  }
  if (typeof body[Symbol.asyncIterator] === 'function') {
    const parts = [];
    for await (const chunk of body) parts.push(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk));
    return { bytes: concat(parts), type: null };
  }
  return { bytes: encoder.encode(String(body)), type: 'text/plain;charset=UTF-8' };
}

class Body {
  #source;
  #bytes = undefined;
  #used = false;
  constructor(source) { this.#source = source ?? null; }
  get bodyUsed() { return this.#used; }
  get body() {
    if (this.#source === null) return null;
    // A stream body is the body itself, as in Node.
    if (typeof this.#source.getReader === 'function') return this.#source;
    const take = () => this.#take();
    return new ReadableStream({
      async start(controller) {
        const bytes = await take();
        if (bytes && bytes.byteLength) controller.enqueue(bytes);
        controller.close();
      },
    });
  }
  async #take() {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    if (this.#bytes === undefined) this.#bytes = (await extract(this.#source)).bytes;
    return this.#bytes ?? new Uint8Array(0);
  }
  _source() { return this.#source; }
  async arrayBuffer() {
    const bytes = await this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }
  async bytes() { return new Uint8Array(await this.arrayBuffer()); }
  async text() { return decoder.decode(await this.#take()); }
  async json() { return JSON.parse(await this.text()); }
  async blob() { return new Blob([await this.#take()], { type: this.headers.get('content-type') ?? '' }); }
  async formData() { throw new TypeError('Response.formData() is not available in the sandbox'); }
}

export class Request extends Body {
  constructor(input, init = {}) {
    const from = input instanceof Request ? input : null;
    const body = init.body !== undefined ? init.body : from ? from._source() : null;
    super(body);
    this.url = from ? from.url : new URL(String(input)).href;
    this.method = String(init.method ?? from?.method ?? 'GET').toUpperCase();
    if ((this.method === 'GET' || this.method === 'HEAD') && body !== null && body !== undefined) {
      throw new TypeError('Request with GET/HEAD method cannot have body.');
    }
    this.headers = new Headers(init.headers ?? from?.headers);
    this.signal = init.signal ?? from?.signal ?? null;
    this.redirect = init.redirect ?? from?.redirect ?? 'follow';
    this.credentials = init.credentials ?? 'same-origin';
    this.mode = init.mode ?? 'cors';
    this.cache = init.cache ?? 'default';
    this.referrer = init.referrer ?? 'about:client';
    this.keepalive = !!init.keepalive;
  }
  clone() { return new Request(this); }
  get [Symbol.toStringTag]() { return 'Request'; }
}

export class Response extends Body {
  constructor(body = null, init = {}) {
    super(body);
    this.status = init.status ?? 200;
    this.statusText = init.statusText ?? '';
    this.headers = new Headers(init.headers);
    this.ok = this.status >= 200 && this.status < 300;
    this.url = init.url ?? '';
    this.redirected = !!init.redirected;
    this.type = 'basic';
  }
  clone() {
    return new Response(this._source(), { status: this.status, statusText: this.statusText, headers: this.headers, url: this.url, redirected: this.redirected });
  }
  static json(data, init = {}) {
    const headers = new Headers(init.headers);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new Response(JSON.stringify(data), { ...init, headers });
  }
  static error() {
    const r = new Response(null, { status: 0 });
    r.type = 'error';
    return r;
  }
  static redirect(url, status = 302) {
    return new Response(null, { status, headers: { location: new URL(url).href } });
  }
  get [Symbol.toStringTag]() { return 'Response'; }
}

const abortError = (signal) => signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');

export async function fetch(input, init = {}) {
  const request = new Request(input, init);
  const signal = request.signal;
  if (signal?.aborted) throw abortError(signal);
  let { bytes, type } = await extract(request._source());
  const headers = new Headers(request.headers);
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  let url = request.url;
  let method = request.method;
  for (let hop = 0; hop <= 20; hop++) {
    const sent = call('fetch', {
      url,
      method,
      headers: [...headers].filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive'].includes(k)),
      bodyBase64: bytes && bytes.byteLength ? Buffer.from(bytes).toString('base64') : null,
      raw: true,
      timeout: null,
    });
    const aborted = signal ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(abortError(signal)), { once: true })) : null;
    let answer;
    try {
      answer = await (aborted ? Promise.race([sent, aborted]) : sent);
    } catch (e) {
      if (e?.name === 'AbortError' || e === signal?.reason) throw e;
      throw new TypeError('fetch failed', { cause: e });
    }
    const location = answer.headers.find(([k]) => lower(k) === 'location')?.[1];
    if ([301, 302, 303, 307, 308].includes(answer.status) && location && request.redirect !== 'manual') {
      if (request.redirect === 'error') throw new TypeError('fetch failed', { cause: new Error('unexpected redirect') });
      url = new URL(location, url).href;
      if (answer.status === 303 || (answer.status <= 302 && method === 'POST')) {
        method = 'GET';
        bytes = null;
        headers.delete('content-type');
      }
      continue;
    }
    const body = Buffer.from(answer.bodyBase64 ?? '', 'base64');
    const nullBody = [101, 204, 205, 304].includes(answer.status) || method === 'HEAD';
    return new Response(nullBody ? null : new Uint8Array(body.buffer, body.byteOffset, body.byteLength), {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
      url,
      redirected: hop > 0,
    });
  }
  throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
}

export default { fetch, Headers, Request, Response, FormData };
