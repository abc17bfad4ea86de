// node:http — an HTTP client over the server's outbound requests: the same guard as
// wix-fetch (private and loopback addresses refused unless the operator allows them), no
// sockets of its own. A request is sent whole when it ends; its response streams in as one
// chunk. Servers are not available.
import { Writable, Readable } from 'node:stream';
import EventEmitter from 'node:events';
import { call } from 'tessera:host';

export const METHODS = ['ACL', 'BIND', 'CHECKOUT', 'CONNECT', 'COPY', 'DELETE', 'GET', 'HEAD', 'LINK', 'LOCK', 'M-SEARCH', 'MERGE', 'MKACTIVITY', 'MKCALENDAR', 'MKCOL', 'MOVE', 'NOTIFY', 'OPTIONS', 'PATCH', 'POST', 'PROPFIND', 'PROPPATCH', 'PURGE', 'PUT', 'QUERY', 'REBIND', 'REPORT', 'SEARCH', 'SOURCE', 'SUBSCRIBE', 'TRACE', 'UNBIND', 'UNLINK', 'UNLOCK', 'UNSUBSCRIBE'];
export const STATUS_CODES = {
  100: 'Continue', 101: 'Switching Protocols', 200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content', 300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found',
  303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized',
  402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Payload Too Large', 414: 'URI Too Long',
  415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed', 418: "I'm a Teapot", 422: 'Unprocessable Entity',
  425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};
export const maxHeaderSize = 16384;

// Headers the server sets itself for the request it sends.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host', 'upgrade', 'proxy-connection']);

export class Agent extends EventEmitter {
  constructor(options = {}) {
    super();
    this.options = { ...options };
    this.keepAlive = !!options.keepAlive;
    this.maxSockets = options.maxSockets ?? Infinity;
    this.maxFreeSockets = options.maxFreeSockets ?? 256;
    this.defaultPort = 80;
    this.protocol = 'http:';
    this.sockets = {};
    this.freeSockets = {};
    this.requests = {};
  }
  destroy() {}
  getName(options = {}) {
    return `${options.host || 'localhost'}:${options.port || ''}:${options.localAddress || ''}`;
  }
}
export const globalAgent = new Agent();

// What stands for the connection: packages set options on it and listen to it.
class FakeSocket extends EventEmitter {
  constructor(encrypted) {
    super();
    this.encrypted = encrypted;
    this.remoteAddress = undefined;
    this.readable = true;
    this.writable = true;
  }
  setTimeout(_ms, cb) { if (cb) this.once('timeout', cb); return this; }
  setNoDelay() { return this; }
  setKeepAlive() { return this; }
  ref() { return this; }
  unref() { return this; }
  destroy() { this.emit('close'); return this; }
  end() { return this; }
  address() { return {}; }
}

function headerPairs(raw) {
  const out = [];
  if (Array.isArray(raw)) {
    for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]), raw[i + 1]]);
  } else if (raw) {
    for (const [k, v] of Object.entries(raw)) if (v !== undefined) out.push([k, v]);
  }
  return out;
}

function urlToOptions(url) {
  return {
    protocol: url.protocol,
    hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port || undefined,
    path: `${url.pathname || ''}${url.search || ''}`,
    auth: url.username || url.password ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
  };
}

export function ClientRequest(input, options, cb, defaultProtocol = 'http:') {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  let opts;
  if (typeof input === 'string') opts = { ...urlToOptions(new URL(input)), ...(options ?? {}) };
  else if (input instanceof URL) opts = { ...urlToOptions(input), ...(options ?? {}) };
  else opts = { ...(input ?? {}), ...(options ?? {}) };
  // A request lives on after it is sent: its answer comes later.
  Writable.call(this, { decodeStrings: true, autoDestroy: false });
  const agentProtocol = opts.agent && opts.agent.protocol;
  this.protocol = opts.protocol || agentProtocol || defaultProtocol;
  if (this.protocol !== 'http:' && this.protocol !== 'https:') {
    throw Object.assign(new TypeError(`Protocol "${this.protocol}" not supported. Expected "${defaultProtocol}"`), { code: 'ERR_INVALID_PROTOCOL' });
  }
  let host = opts.hostname || opts.host || 'localhost';
  if (!opts.hostname && typeof opts.host === 'string' && /^[^[]*:\d+$/.test(opts.host)) host = opts.host.replace(/:\d+$/, '');
  this.host = host;
  this.port = opts.port || (opts.defaultPort ?? (this.protocol === 'https:' ? 443 : 80));
  this.path = opts.path || '/';
  this.method = String(opts.method || 'GET').toUpperCase();
  this._headers = new Map();
  for (const [k, v] of headerPairs(opts.headers)) this.setHeader(k, v);
  if (opts.auth && !this.hasHeader('authorization')) {
    this.setHeader('Authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`);
  }
  this._timeout = opts.timeout;
  this._body = [];
  this.aborted = false;
  this.headersSent = false;
  this.reusedSocket = false;
  this.finished = false;
  this.maxHeadersCount = null;
  this.socket = this.connection = new FakeSocket(this.protocol === 'https:');
  if (cb) this.once('response', cb);
  if (opts.signal) {
    const abort = () => this.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
    if (opts.signal.aborted) process.nextTick(abort);
    else opts.signal.addEventListener('abort', abort, { once: true });
  }
  process.nextTick(() => {
    if (!this.destroyed) this.emit('socket', this.socket);
  });
}
Object.setPrototypeOf(ClientRequest.prototype, Writable.prototype);
Object.setPrototypeOf(ClientRequest, Writable);

const CR = ClientRequest.prototype;
CR.setHeader = function (name, value) {
  if (this.headersSent) throw Object.assign(new Error('Cannot set headers after they are sent to the client'), { code: 'ERR_HTTP_HEADERS_SENT' });
  this._headers.set(String(name).toLowerCase(), [String(name), value]);
  return this;
};
CR.getHeader = function (name) { return this._headers.get(String(name).toLowerCase())?.[1]; };
CR.hasHeader = function (name) { return this._headers.has(String(name).toLowerCase()); };
CR.removeHeader = function (name) { this._headers.delete(String(name).toLowerCase()); };
CR.getHeaders = function () {
  const out = Object.create(null);
  for (const [k, [, v]] of this._headers) out[k] = v;
  return out;
};
CR.getHeaderNames = function () { return [...this._headers.keys()]; };
CR.getRawHeaderNames = function () { return [...this._headers.values()].map(([n]) => n); };
CR.flushHeaders = function () {};
CR.setNoDelay = function () {};
CR.setSocketKeepAlive = function () {};
CR.setTimeout = function (ms, cb) {
  this._timeout = ms;
  if (cb) this.once('timeout', cb);
  return this;
};
CR.abort = function () {
  if (this.aborted) return;
  this.aborted = true;
  process.nextTick(() => this.emit('abort'));
  this.destroy();
};

CR._write = function (chunk, _encoding, cb) {
  this._body.push(chunk);
  cb();
};

CR._final = function (cb) {
  this.headersSent = true;
  this.finished = true;
  const headers = [];
  for (const [key, [name, value]] of this._headers) {
    if (HOP_BY_HOP.has(key)) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.push([name, String(v)]);
  }
  const body = Buffer.concat(this._body);
  this._body = [];
  const defaultPort = this.protocol === 'https:' ? 443 : 80;
  const hostPart = this.host.includes(':') ? `[${this.host}]` : this.host;
  const url = `${this.protocol}//${hostPart}${Number(this.port) === defaultPort ? '' : `:${this.port}`}${this.path}`;
  const timeout = this._timeout ? Math.min(Number(this._timeout), 30000) : null;
  call('fetch', { url, method: this.method, headers, bodyBase64: body.length ? body.toString('base64') : null, raw: true, timeout }).then(
    (answer) => {
      if (this.destroyed || this.aborted) return;
      const res = new IncomingMessage(this.socket, answer);
      res.req = this;
      this.res = res;
      try {
        if (!this.emit('response', res)) res.resume();
      } catch (e) {
        // Thrown by a 'response' listener: as Node, an uncaught error; here, the request's.
        this.destroy(e);
        return;
      }
      this.emit('close');
    },
    (e) => {
      if (this.destroyed || this.aborted) return;
      if (/timed? ?out/i.test(e.message)) this.emit('timeout');
      const err = new Error(e.message);
      err.code = e.code === 'FETCH_REFUSED' ? 'ECONNREFUSED' : /timed? ?out/i.test(e.message) ? 'ETIMEDOUT' : 'ECONNRESET';
      err.reason = e.code;
      this.destroy(err);
    },
  );
  cb();
};

export function IncomingMessage(socket, answer) {
  Readable.call(this);
  this.socket = this.connection = socket;
  this.httpVersion = '1.1';
  this.httpVersionMajor = 1;
  this.httpVersionMinor = 1;
  this.complete = false;
  this.aborted = false;
  this.url = '';
  this.method = null;
  this.statusCode = answer?.status ?? null;
  this.statusMessage = answer?.statusText ?? '';
  this.headers = {};
  this.headersDistinct = {};
  this.rawHeaders = [];
  this.trailers = {};
  this.rawTrailers = [];
  for (const [name, value] of answer?.headers ?? []) {
    const key = name.toLowerCase();
    this.rawHeaders.push(name, value);
    (this.headersDistinct[key] ??= []).push(value);
    if (key === 'set-cookie') (this.headers[key] ??= []).push(value);
    else if (key in this.headers) this.headers[key] += `, ${value}`;
    else this.headers[key] = value;
  }
  this._pending = answer ? Buffer.from(answer.bodyBase64 ?? '', 'base64') : null;
}
Object.setPrototypeOf(IncomingMessage.prototype, Readable.prototype);
Object.setPrototypeOf(IncomingMessage, Readable);
IncomingMessage.prototype._read = function () {
  const body = this._pending;
  if (body === null) return;
  this._pending = null;
  if (body.length) this.push(body);
  this.complete = true;
  this.push(null);
};
IncomingMessage.prototype.setTimeout = function (_ms, cb) {
  if (cb) this.once('timeout', cb);
  return this;
};

export function request(input, options, cb) {
  return new ClientRequest(input, options, cb, 'http:');
}

export function get(input, options, cb) {
  const req = request(input, options, cb);
  req.end();
  return req;
}

export function createServer() {
  throw new Error('http.createServer: servers are not available in the sandbox (use backend/http-functions.js)');
}
export class Server extends EventEmitter {
  constructor() {
    super();
    throw new Error('http.Server: servers are not available in the sandbox (use backend/http-functions.js)');
  }
}
export const OutgoingMessage = ClientRequest;
export const ServerResponse = Writable;

export function validateHeaderName(name) {
  if (typeof name !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
  }
}
export function validateHeaderValue(name, value) {
  if (value === undefined || /[^\t\x20-\x7e\x80-\xff]/.test(String(value))) {
    throw Object.assign(new TypeError(`Invalid value "${value}" for header "${name}"`), { code: 'ERR_INVALID_CHAR' });
  }
}

export default {
  METHODS, STATUS_CODES, maxHeaderSize, Agent, globalAgent, ClientRequest, IncomingMessage, request, get,
  createServer, Server, OutgoingMessage, ServerResponse, validateHeaderName, validateHeaderValue,
};
