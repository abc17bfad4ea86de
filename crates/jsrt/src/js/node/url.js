// node:url — LLRT's WHATWG URL and helpers, with the legacy url.parse/resolve/format that
// many packages still call.
import llrt from 'tessera:llrt/url';
import querystring from 'node:querystring';

export const { URL, URLSearchParams, urlToHttpOptions, domainToUnicode, domainToASCII, fileURLToPath, pathToFileURL } = llrt;

export function Url() {
  this.protocol = null;
  this.slashes = null;
  this.auth = null;
  this.host = null;
  this.port = null;
  this.hostname = null;
  this.hash = null;
  this.search = null;
  this.query = null;
  this.pathname = null;
  this.path = null;
  this.href = null;
}

const SCHEME = /^([a-z][a-z0-9.+-]*:)/i;
const SLASHED = new Set(['http:', 'https:', 'ftp:', 'gopher:', 'file:', 'ws:', 'wss:']);

export function parse(input, parseQuery = false, slashesDenoteHost = false) {
  if (input instanceof Url) return input;
  if (typeof input !== 'string') throw new TypeError('The "url" argument must be of type string');
  const u = new Url();
  let rest = input.trim();
  const hashAt = rest.indexOf('#');
  if (hashAt !== -1) {
    u.hash = rest.slice(hashAt);
    rest = rest.slice(0, hashAt);
  }
  const queryAt = rest.indexOf('?');
  if (queryAt !== -1) {
    u.search = rest.slice(queryAt);
    u.query = rest.slice(queryAt + 1);
    rest = rest.slice(0, queryAt);
  } else if (parseQuery) {
    u.search = '';
    u.query = {};
  }
  if (parseQuery && typeof u.query === 'string') u.query = querystring.parse(u.query);
  const scheme = SCHEME.exec(rest);
  if (scheme) {
    u.protocol = scheme[1].toLowerCase();
    rest = rest.slice(scheme[1].length);
  }
  if (rest.startsWith('//') && (slashesDenoteHost || scheme === null || SLASHED.has(u.protocol) || true)) {
    if (!(u.protocol === 'javascript:')) {
      u.slashes = true;
      rest = rest.slice(2);
      const end = rest.search(/[/?#]/);
      let authority = end === -1 ? rest : rest.slice(0, end);
      rest = end === -1 ? '' : rest.slice(end);
      const at = authority.lastIndexOf('@');
      if (at !== -1) {
        u.auth = decodeURIComponent(authority.slice(0, at));
        authority = authority.slice(at + 1);
      }
      const portMatch = /:(\d*)$/.exec(authority);
      if (portMatch) {
        if (portMatch[1]) u.port = portMatch[1];
        authority = authority.slice(0, portMatch.index);
      }
      u.hostname = authority.toLowerCase();
      u.host = u.port ? `${u.hostname}:${u.port}` : u.hostname;
    }
  }
  u.pathname = rest || (u.slashes && SLASHED.has(u.protocol) ? '/' : rest || null);
  u.path = (u.pathname ?? '') + (u.search ?? '') || null;
  u.href = format(u);
  return u;
}

export function format(obj, options) {
  if (typeof obj === 'string') obj = parse(obj);
  if (obj instanceof URL) return llrt.format(obj, options);
  let auth = obj.auth ? `${encodeURIComponent(obj.auth).replace(/%3A/i, ':')}@` : '';
  let protocol = obj.protocol || '';
  if (protocol && !protocol.endsWith(':')) protocol += ':';
  let host = '';
  if (obj.host) host = auth + obj.host;
  else if (obj.hostname) host = auth + (obj.hostname.includes(':') ? `[${obj.hostname}]` : obj.hostname) + (obj.port ? `:${obj.port}` : '');
  let pathname = obj.pathname || '';
  let search = obj.search || '';
  if (!search && obj.query && typeof obj.query === 'object' && Object.keys(obj.query).length) {
    search = `?${querystring.stringify(obj.query)}`;
  } else if (!search && typeof obj.query === 'string' && obj.query) {
    search = `?${obj.query}`;
  }
  if (search && !search.startsWith('?')) search = `?${search}`;
  let hash = obj.hash || '';
  if (hash && !hash.startsWith('#')) hash = `#${hash}`;
  const slashes = obj.slashes || SLASHED.has(protocol);
  if (slashes || host) {
    host = `//${host}`;
    if (pathname && !pathname.startsWith('/')) pathname = `/${pathname}`;
  }
  return protocol + host + pathname + search.replace('#', '%23') + hash;
}

export function resolve(from, to) {
  const base = new URL(from, 'resolve://');
  const target = new URL(to, base);
  if (target.protocol === 'resolve:') {
    const { pathname, search, hash } = target;
    return from.startsWith('/') || !from.includes('/') ? pathname + search + hash : (pathname + search + hash).replace(/^\//, '');
  }
  return target.toString();
}

Url.prototype.format = function () { return format(this); };
Url.prototype.resolve = function (to) { return resolve(this.href, to); };

export default {
  URL, URLSearchParams, Url, parse, format, resolve, urlToHttpOptions, domainToUnicode, domainToASCII,
  fileURLToPath, pathToFileURL,
};
