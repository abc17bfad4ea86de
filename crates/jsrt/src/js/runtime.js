// tessera:runtime — entry points the server calls; arguments and answers travel as JSON text.
import { WixHttpFunctionResponse } from 'wix-http-functions';
import { fromWire, toWire } from 'tessera:wire';
import { beginInvocation, startInvocation } from 'tessera:host';

const PERMISSION = Symbol.for('tessera.webMethodPermission');

// Site modules by path, once imported (an instance serves one revision).
const modules = new Map();
async function load(file) {
  let module = modules.get(file);
  if (!module) {
    module = await import(file);
    modules.set(file, module);
  }
  return module;
}

class UserFacingError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// The request's body, read on demand: most calls never read it.
class RequestBody {
  #bytes;
  constructor(bytes) { this.#bytes = bytes ?? new Uint8Array(0); }
  async text() { return new TextDecoderLite().decode(this.#bytes); }
  async json() { return JSON.parse(await this.text()); }
  async buffer() { return this.#bytes.slice(); }
}

// Velo's WixHttpFunctionRequest, read-only. The parts come as JSON text and are parsed when
// first read: many functions never look at the headers, which are most of the text.
class WixHttpFunctionRequest {
  #method;
  #functionName;
  #wire;
  #fields;
  #headersWire;
  #headers;
  #bytes;
  #body;
  constructor(method, functionName, wire, headersWire, bytes) {
    this.#method = method;
    this.#functionName = functionName;
    this.#wire = wire;
    this.#headersWire = headersWire;
    this.#bytes = bytes;
  }
  #parsed() { return (this.#fields ??= JSON.parse(this.#wire)); }
  get method() { return this.#method; }
  get functionName() { return this.#functionName; }
  get baseUrl() { return this.#parsed().baseUrl; }
  get path() { return this.#parsed().path; }
  get query() { return this.#parsed().query; }
  get url() { return this.#parsed().url; }
  get ip() { return this.#parsed().ip; }
  get headers() { return (this.#headers ??= JSON.parse(this.#headersWire)); }
  get body() { return (this.#body ??= new RequestBody(this.#bytes)); }
  toJSON() {
    const { baseUrl, path, query, headers, method, url, functionName, ip } = this;
    return { baseUrl, path, query, headers, method, url, functionName, ip };
  }
}

// UTF-8 decoding without depending on a TextDecoder global.
class TextDecoderLite {
  decode(bytes) {
    let out = '';
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i];
      let cp;
      let n;
      if (b < 0x80) { cp = b; n = 1; } else if (b >= 0xf0) { cp = b & 0x07; n = 4; } else if (b >= 0xe0) { cp = b & 0x0f; n = 3; } else { cp = b & 0x1f; n = 2; }
      for (let j = 1; j < n; j++) cp = (cp << 6) | (bytes[i + j] & 0x3f);
      out += String.fromCodePoint(n > 1 && (cp < 0x80 || cp > 0x10ffff) ? 0xfffd : cp);
      i += n;
    }
    return out;
  }
}

/** The answer's body as the server takes it: text, bytes or null; adds a Content-Type to
 *  the flat `headers` list when it has none. */
function encodeBody(body, headers) {
  const has = (name) => headers.some((k, i) => i % 2 === 0 && k.toLowerCase() === name);
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') {
    if (!has('content-type')) headers.push('Content-Type', 'text/plain; charset=utf-8');
    return body;
  }
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (!has('content-type')) headers.push('Content-Type', 'application/json');
  return JSON.stringify(body);
}

/** Runs the HTTP function a request names. `wire` is the JSON of the request's other fields,
 *  `headersWire` of its headers, `bytes` its body (null when empty). Answers [status, flat
 *  header list, body]; synchronously when the module is loaded and the function answers at
 *  once, so such a call needs no promise jobs. */
export function httpFunction(method, functionName, wire, headersWire, bytes) {
  beginInvocation();
  const module = modules.get('backend/http-functions.js');
  if (!module) {
    return load('backend/http-functions.js').then(() => httpFunction(method, functionName, wire, headersWire, bytes));
  }
  const started = startInvocation();
  if (started) return started.then(() => runHttpFunction(module, method, functionName, wire, headersWire, bytes));
  return runHttpFunction(module, method, functionName, wire, headersWire, bytes);
}

function runHttpFunction(module, method, functionName, wire, headersWire, bytes) {
  const prefix = method === 'HEAD' ? 'get' : method.toLowerCase();
  const name = `${prefix}_${functionName}`;
  const fn = module[name] ?? module[`use_${functionName}`];
  if (typeof fn !== 'function') {
    throw new UserFacingError(404, `backend/http-functions.js exports no ${name} or use_${functionName}`);
  }
  const res = fn(Object.freeze(new WixHttpFunctionRequest(method, functionName, wire, headersWire, bytes)));
  const thenable = res !== null && typeof res === 'object' && typeof res.then === 'function';
  return thenable ? Promise.resolve(res).then((r) => httpAnswer(name, r)) : httpAnswer(name, res);
}

function httpAnswer(name, res) {
  if (!(res instanceof WixHttpFunctionResponse) && !(res && typeof res === 'object' && 'status' in res)) {
    throw new Error(`${name} must return a response from wix-http-functions (ok(), notFound(), ...)`);
  }
  const headers = [];
  for (const [k, v] of Object.entries(res.headers ?? {})) headers.push(k, String(v));
  const body = encodeBody(res.body, headers);
  return [res.status ?? 200, headers, body];
}

const allowed = {
  Anyone: () => true,
  SiteMember: (role) => role === 'member' || role === 'admin',
  Admin: (role) => role === 'admin',
};

/** Calls web method `name` of `file` with JSON arguments as a caller of `role`. `jswAllowed`
 *  is the permissions.json verdict for .jsw files (null for .web.js). */
export async function webMethod(file, name, argsWire, role, jswAllowed) {
  beginInvocation();
  const module = await load(file);
  const fn = Object.prototype.hasOwnProperty.call(module, name) ? module[name] : undefined;
  if (typeof fn !== 'function') throw new UserFacingError(404, `${file} exports no function ${name}`);
  if (file.endsWith('.web.js')) {
    const permission = fn[PERMISSION];
    if (!permission) throw new UserFacingError(404, `${file}: ${name} is not wrapped in webMethod()`);
    if (!allowed[permission](role)) throw new UserFacingError(403, `${name} requires the ${permission} permission`);
  } else if (!jswAllowed) {
    throw new UserFacingError(403, `permissions.json does not let this caller invoke ${name}`);
  }
  const args = JSON.parse(argsWire);
  await startInvocation();
  const result = await fn(...args);
  return JSON.stringify({ result: result === undefined ? null : result });
}

/** Calls an exported function (hooks, events, jobs): no permission check; {"$date"} values
 *  become Dates in the arguments and back in the result. */
export async function callExport(file, name, argsWire) {
  beginInvocation();
  const module = await load(file);
  const fn = Object.prototype.hasOwnProperty.call(module, name) ? module[name] : undefined;
  if (typeof fn !== 'function') throw new UserFacingError(404, `${file} exports no function ${name}`);
  const args = fromWire(JSON.parse(argsWire));
  await startInvocation();
  // Query hooks get and give WixDataQuery objects.
  let WixDataQuery = null;
  if (args.some((a) => a && typeof a === 'object' && a.$wixDataQuery)) {
    ({ WixDataQuery } = await import('wix-data'));
  }
  const result = await fn(...args.map((a) => (a && a.$wixDataQuery ? WixDataQuery.fromJSON(a.$wixDataQuery) : a)));
  if (WixDataQuery && result instanceof WixDataQuery) return JSON.stringify({ result: result.toJSON() });
  return JSON.stringify({ result: result === undefined ? null : toWire(result) });
}
