// wix-fetch: fetch() and getJSON() for backend code, through the server (which refuses
// private and loopback addresses unless the server's operator allows them).
import { call } from 'tessera:host';

class Headers {
  #map = new Map();
  constructor(init) {
    const entries = init instanceof Headers ? init.entries() : Array.isArray(init) ? init : Object.entries(init ?? {});
    for (const [k, v] of entries) this.append(k, v);
  }
  append(k, v) {
    const key = String(k).toLowerCase();
    this.#map.set(key, this.#map.has(key) ? `${this.#map.get(key)}, ${v}` : String(v));
  }
  set(k, v) { this.#map.set(String(k).toLowerCase(), String(v)); }
  get(k) { return this.#map.get(String(k).toLowerCase()) ?? null; }
  has(k) { return this.#map.has(String(k).toLowerCase()); }
  delete(k) { this.#map.delete(String(k).toLowerCase()); }
  entries() { return this.#map.entries(); }
  keys() { return this.#map.keys(); }
  values() { return this.#map.values(); }
  forEach(fn) { for (const [k, v] of this.#map) fn(v, k, this); }
  [Symbol.iterator]() { return this.#map.entries(); }
}

class Response {
  #text;
  constructor(answer) {
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.ok = answer.status >= 200 && answer.status < 300;
    this.url = answer.url;
    this.headers = new Headers(answer.headers);
    this.#text = answer.body;
    this.bodyUsed = false;
  }
  async text() {
    this.bodyUsed = true;
    return this.#text;
  }
  async json() {
    return JSON.parse(await this.text());
  }
}

export async function fetch(url, options = {}) {
  const headers = [...new Headers(options.headers)];
  let body = options.body;
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new TypeError('fetch: body must be a string (use JSON.stringify for objects)');
  }
  const answer = await call('fetch', {
    url: String(url),
    method: (options.method ?? 'GET').toUpperCase(),
    headers,
    body: body ?? null,
    timeout: options.timeout ?? null,
  });
  return new Response(answer);
}

export async function getJSON(url, options = {}) {
  const res = await fetch(url, { ...options, headers: { Accept: 'application/json', ...(options.headers ?? {}) } });
  if (!res.ok) throw new Error(`getJSON: ${url} answered ${res.status} ${res.statusText}`);
  return res.json();
}

export { Headers, Response };
export default { fetch, getJSON };
