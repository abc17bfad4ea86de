// tessera:runtime — entry points the server calls; arguments and answers travel as JSON text.
import { WixHttpFunctionResponse } from 'wix-http-functions';
import { fromWire, toWire } from 'tessera:wire';

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
  constructor(bytes) { this.#bytes = bytes; }
  async text() { return new TextDecoderLite().decode(this.#bytes); }
  async json() { return JSON.parse(await this.text()); }
  async buffer() { return this.#bytes.slice(); }
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

/** The answer's body as the server takes it: text, bytes or null; sets a missing
 *  Content-Type on `headers`. */
function encodeBody(body, headers) {
  const has = (name) => Object.keys(headers).some((k) => k.toLowerCase() === name);
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') {
    if (!has('content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
    return body;
  }
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (!has('content-type')) headers['Content-Type'] = 'application/json';
  return JSON.stringify(body);
}

/** Runs the HTTP function a request names (`wire` is the request without its body, `bytes`
 *  the body); answers [JSON {status, headers}, body]. Synchronous when the module is loaded
 *  and the function answers at once, so such a call needs no promise jobs. */
export function httpFunction(wire, bytes) {
  const req = JSON.parse(wire);
  const module = modules.get('backend/http-functions.js');
  if (!module) return load('backend/http-functions.js').then(() => httpFunction(wire, bytes));
  const prefix = req.method === 'HEAD' ? 'get' : req.method.toLowerCase();
  const name = `${prefix}_${req.functionName}`;
  const fn = module[name] ?? module[`use_${req.functionName}`];
  if (typeof fn !== 'function') {
    throw new UserFacingError(404, `backend/http-functions.js exports no ${name} or use_${req.functionName}`);
  }
  req.body = new RequestBody(bytes);
  const res = fn(Object.freeze(req));
  const thenable = res !== null && typeof res === 'object' && typeof res.then === 'function';
  return thenable ? Promise.resolve(res).then((r) => httpAnswer(name, r)) : httpAnswer(name, res);
}

function httpAnswer(name, res) {
  if (!(res instanceof WixHttpFunctionResponse) && !(res && typeof res === 'object' && 'status' in res)) {
    throw new Error(`${name} must return a response from wix-http-functions (ok(), notFound(), ...)`);
  }
  const headers = {};
  for (const [k, v] of Object.entries(res.headers ?? {})) headers[k] = String(v);
  const body = encodeBody(res.body, headers);
  return [JSON.stringify({ status: res.status ?? 200, headers }), body];
}

const allowed = {
  Anyone: () => true,
  SiteMember: (role) => role === 'member' || role === 'admin',
  Admin: (role) => role === 'admin',
};

/** Calls web method `name` of `file` with JSON arguments as a caller of `role`. `jswAllowed`
 *  is the permissions.json verdict for .jsw files (null for .web.js). */
export async function webMethod(file, name, argsWire, role, jswAllowed) {
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
  const result = await fn(...args);
  return JSON.stringify({ result: result === undefined ? null : result });
}

/** Calls an exported function (hooks, events, jobs): no permission check; {"$date"} values
 *  become Dates in the arguments and back in the result. */
export async function callExport(file, name, argsWire) {
  const module = await load(file);
  const fn = Object.prototype.hasOwnProperty.call(module, name) ? module[name] : undefined;
  if (typeof fn !== 'function') throw new UserFacingError(404, `${file} exports no function ${name}`);
  const args = fromWire(JSON.parse(argsWire));
  // Query hooks get and give WixDataQuery objects.
  let WixDataQuery = null;
  if (args.some((a) => a && typeof a === 'object' && a.$wixDataQuery)) {
    ({ WixDataQuery } = await import('wix-data'));
  }
  const result = await fn(...args.map((a) => (a && a.$wixDataQuery ? WixDataQuery.fromJSON(a.$wixDataQuery) : a)));
  if (WixDataQuery && result instanceof WixDataQuery) return JSON.stringify({ result: result.toJSON() });
  return JSON.stringify({ result: result === undefined ? null : toWire(result) });
}
