// node:http2 — loads (packages probe it), but HTTP/2 sessions are not available: node:http
// and fetch reach the same servers.
export const constants = {
  HTTP2_HEADER_STATUS: ':status', HTTP2_HEADER_METHOD: ':method', HTTP2_HEADER_AUTHORITY: ':authority',
  HTTP2_HEADER_SCHEME: ':scheme', HTTP2_HEADER_PATH: ':path', HTTP2_HEADER_CONTENT_TYPE: 'content-type',
  HTTP2_HEADER_CONTENT_LENGTH: 'content-length', HTTP2_METHOD_GET: 'GET', HTTP2_METHOD_POST: 'POST',
  NGHTTP2_CANCEL: 8,
};
export function connect() {
  throw Object.assign(new Error('http2: HTTP/2 sessions are not available in the sandbox; use http or https'), { code: 'ERR_NOT_AVAILABLE' });
}
export const createServer = connect;
export const createSecureServer = connect;
export default { constants, connect, createServer, createSecureServer };
