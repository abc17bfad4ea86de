// node:tls — TLS sockets through the server (see node:net): a new connection, or STARTTLS
// on one that is open.
import { Socket, isIP } from 'node:net';

export function TLSSocket(socket, options) {
  if (!(this instanceof TLSSocket)) return new TLSSocket(socket, options);
  Socket.call(this, options);
  this._tlsOptions = options ?? {};
  this.encrypted = true;
  this.authorized = false;
}
Object.setPrototypeOf(TLSSocket.prototype, Socket.prototype);
Object.setPrototypeOf(TLSSocket, Socket);
TLSSocket.prototype.getPeerCertificate = function () { return {}; };
TLSSocket.prototype.getCipher = function () { return { name: 'TLS_AES_128_GCM_SHA256', version: 'TLSv1.3' }; };
TLSSocket.prototype.getProtocol = function () { return 'TLSv1.3'; };
TLSSocket.prototype.setServername = function () {};

export function connect(...args) {
  let options = typeof args[0] === 'object' ? args[0] : { ...(typeof args[2] === 'object' ? args[2] : {}), port: args[0], host: args[1] };
  const listener = args.find((a) => typeof a === 'function');
  const servername = options.servername ?? (isIP(options.host ?? '') ? undefined : options.host);
  if (options.socket) {
    // STARTTLS: the open socket's connection becomes encrypted; the same object carries on.
    const socket = options.socket;
    if (listener) socket.once('secureConnect', listener);
    socket._startTls({ ...options, servername: servername ?? socket.remoteAddress }).then(
      () => {
        socket.encrypted = true;
        socket.authorized = true;
        socket.emit('secureConnect');
      },
      (e) => socket.destroy(e),
    );
    socket.getPeerCertificate = TLSSocket.prototype.getPeerCertificate;
    socket.getCipher = TLSSocket.prototype.getCipher;
    socket.getProtocol = TLSSocket.prototype.getProtocol;
    return socket;
  }
  options = { ...options, servername };
  const socket = new TLSSocket(null, options);
  return socket.connect(options, listener);
}

export const createSecureContext = (options) => ({ context: {}, options });
export const checkServerIdentity = () => undefined;
export const rootCertificates = [];
export const DEFAULT_MIN_VERSION = 'TLSv1.2';
export const DEFAULT_MAX_VERSION = 'TLSv1.3';
export const DEFAULT_ECDH_CURVE = 'auto';
export const getCiphers = () => ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'tls_chacha20_poly1305_sha256'];
export function createServer() {
  throw new Error('tls.createServer: servers are not available in the sandbox');
}
export default { TLSSocket, connect, createSecureContext, checkServerIdentity, rootCertificates, DEFAULT_MIN_VERSION, DEFAULT_MAX_VERSION, DEFAULT_ECDH_CURVE, getCiphers, createServer };
