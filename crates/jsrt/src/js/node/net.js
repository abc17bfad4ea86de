// node:net — address checks, and TCP sockets through the server: it connects only where its
// operator allows raw TCP (the configured SMTP relay, for nodemailer), and refuses the rest.
import { Duplex } from 'node:stream';
import EventEmitter from 'node:events';
import { call } from 'tessera:host';

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
export const isIPv4 = (s) => V4.test(String(s));
export function isIPv6(s) {
  s = String(s);
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s.split('%')[0])) return false;
  try {
    new URL(`http://[${s.split('%')[0]}]/`);
    return true;
  } catch {
    return false;
  }
}
export const isIP = (s) => (isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0);

// A socket whose bytes go through the server's `socket` operation.
export function Socket(options) {
  if (!(this instanceof Socket)) return new Socket(options);
  Duplex.call(this, { ...options, allowHalfOpen: options?.allowHalfOpen ?? false });
  this._id = null;
  this._reading = false;
  this.connecting = false;
  this.encrypted = false;
  this.remoteAddress = undefined;
  this.remotePort = undefined;
  this.localAddress = '127.0.0.1';
  this.localPort = 0;
  this.bytesRead = 0;
  this.bytesWritten = 0;
  this._timeout = 0;
  this._pendingWrites = [];
}
Object.setPrototypeOf(Socket.prototype, Duplex.prototype);
Object.setPrototypeOf(Socket, Duplex);

Socket.prototype.connect = function (...args) {
  let options = args[0];
  let listener = args.find((a) => typeof a === 'function');
  if (typeof options !== 'object' || options === null) options = { port: args[0], host: typeof args[1] === 'string' ? args[1] : undefined };
  const host = options.host || 'localhost';
  const port = Number(options.port);
  if (listener) this.once(this._tlsOptions ? 'secureConnect' : 'connect', listener);
  this.connecting = true;
  this.remoteAddress = host;
  this.remotePort = port;
  const tls = this._tlsOptions ? { servername: this._tlsOptions.servername ?? host, rejectUnauthorized: this._tlsOptions.rejectUnauthorized !== false } : null;
  call('socket', { action: 'connect', host, port, tls }).then(
    ({ id }) => {
      this._id = id;
      this.connecting = false;
      this.encrypted = !!tls;
      this.emit('connect');
      if (tls) {
        this.authorized = true;
        this.emit('secureConnect');
      }
      this.emit('ready');
      this._flushPending();
      this._pump();
    },
    (e) => this.destroy(socketError(e, host, port)),
  );
  return this;
};

function socketError(e, host, port) {
  const err = new Error(`connect ${e.code === 'SOCKET_REFUSED' ? 'EACCES' : 'ECONNREFUSED'} ${host}:${port}: ${e.message}`);
  err.code = e.code === 'SOCKET_REFUSED' ? 'EACCES' : 'ECONNREFUSED';
  err.address = host;
  err.port = port;
  return err;
}

// Reads keep one request open while the socket lives and the reader wants data.
Socket.prototype._pump = function () {
  if (this._reading || this._id === null || this.destroyed) return;
  this._reading = true;
  const id = this._id;
  call('socket', { action: 'read', id, timeout: this._timeout || null }).then(
    ({ data, end, timedOut }) => {
      this._reading = false;
      if (this._id !== id || this.destroyed) return;
      if (timedOut) {
        this.emit('timeout');
        this._pump();
        return;
      }
      if (data) {
        const buf = Buffer.from(data, 'base64');
        this.bytesRead += buf.length;
        this.push(buf);
      }
      if (end) this.push(null);
      else this._pump();
    },
    (e) => {
      this._reading = false;
      this.destroy(e);
    },
  );
};

Socket.prototype._read = function () {
  this._pump();
};

Socket.prototype._write = function (chunk, _encoding, cb) {
  if (this._id === null) {
    this._pendingWrites.push([chunk, cb]);
    return;
  }
  this.bytesWritten += chunk.length;
  call('socket', { action: 'write', id: this._id, data: chunk.toString('base64') }).then(() => cb(), (e) => cb(e));
};

Socket.prototype._flushPending = function () {
  const pending = this._pendingWrites.splice(0);
  for (const [chunk, cb] of pending) this._write(chunk, 'buffer', cb);
};

Socket.prototype._final = function (cb) {
  if (this._id === null) {
    cb();
    return;
  }
  call('socket', { action: 'shutdown', id: this._id }).then(() => cb(), () => cb());
};

Socket.prototype._destroy = function (err, cb) {
  const id = this._id;
  this._id = null;
  if (id !== null) call('socket', { action: 'close', id }).catch(() => {});
  cb(err);
};

// Upgrades the connection to TLS in place (STARTTLS); used by tls.connect({ socket }).
Socket.prototype._startTls = function (options) {
  const id = this._id;
  return call('socket', { action: 'starttls', id, servername: options.servername ?? this.remoteAddress, rejectUnauthorized: options.rejectUnauthorized !== false });
};

Socket.prototype.setTimeout = function (ms, cb) {
  this._timeout = ms;
  if (cb) this.once('timeout', cb);
  return this;
};
Socket.prototype.setNoDelay = function () { return this; };
Socket.prototype.setKeepAlive = function () { return this; };
Socket.prototype.ref = function () { return this; };
Socket.prototype.unref = function () { return this; };
Socket.prototype.address = function () { return { address: this.localAddress, family: 'IPv4', port: this.localPort }; };
Object.defineProperty(Socket.prototype, 'readyState', {
  get() { return this.connecting ? 'opening' : this._id !== null ? 'open' : 'closed'; },
});

export function connect(...args) {
  const socket = new Socket(typeof args[0] === 'object' ? args[0] : {});
  return socket.connect(...args);
}
export const createConnection = connect;

export function createServer() {
  throw new Error('net.createServer: servers are not available in the sandbox');
}
export class Server extends EventEmitter {
  constructor() {
    super();
    throw new Error('net.Server: servers are not available in the sandbox');
  }
}
export class BlockList {
  addAddress() {}
  addRange() {}
  addSubnet() {}
  check() { return false; }
}
export default { isIP, isIPv4, isIPv6, Socket, connect, createConnection, createServer, Server, BlockList };
