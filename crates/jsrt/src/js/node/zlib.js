// node:zlib — deflate, inflate, gzip and gunzip over the server's flate2 (whole buffers, so
// the streams hand their output over at the end). Brotli is not offered.
import { Transform } from 'node:stream';

const native = globalThis.__tessera_zlib;
delete globalThis.__tessera_zlib;

export const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6,
  Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1,
  Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0,
  BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2,
  BROTLI_PARAM_MODE: 0, BROTLI_PARAM_QUALITY: 1, BROTLI_PARAM_SIZE_HINT: 5,
};

const bytes = (data) => {
  if (typeof data === 'string') return Buffer.from(data);
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  throw new TypeError('The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer');
};

function run(op, data, options) {
  try {
    const out = native(op, options?.level ?? -1, bytes(data));
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    const err = new Error(String(e.message ?? e).replace(/^zlib: /, ''));
    err.code = 'Z_DATA_ERROR';
    err.errno = -3;
    throw err;
  }
}

function brotli() {
  throw Object.assign(new Error('zlib: Brotli is not available in the sandbox'), { code: 'ERR_NOT_AVAILABLE' });
}

// A stream that collects its input and hands the whole result over at the end.
function ZlibStream(op, options) {
  Transform.call(this, options);
  this._op = op;
  this._options = options ?? {};
  this._chunks = [];
  this.bytesWritten = 0;
}
Object.setPrototypeOf(ZlibStream.prototype, Transform.prototype);
ZlibStream.prototype._transform = function (chunk, _encoding, cb) {
  this._chunks.push(chunk);
  this.bytesWritten += chunk.length;
  cb();
};
ZlibStream.prototype._flush = function (cb) {
  let out;
  try {
    out = run(this._op, Buffer.concat(this._chunks), this._options);
  } catch (e) {
    cb(e);
    return;
  }
  this._chunks = [];
  cb(null, out.length ? out : undefined);
};
ZlibStream.prototype.flush = function (kind, cb) {
  if (typeof kind === 'function') cb = kind;
  if (typeof cb === 'function') process.nextTick(cb);
};
ZlibStream.prototype.params = function (_level, _strategy, cb) {
  if (typeof cb === 'function') process.nextTick(cb);
};
ZlibStream.prototype.reset = function () {
  this._chunks = [];
};
ZlibStream.prototype.close = function (cb) {
  if (typeof cb === 'function') this.once('close', cb);
  this.destroy();
};

const ops = {
  Deflate: 'deflate', Inflate: 'inflate', Gzip: 'gzip', Gunzip: 'gunzip',
  DeflateRaw: 'deflateRaw', InflateRaw: 'inflateRaw', Unzip: 'unzip',
};
const classes = {};
for (const [name, op] of Object.entries(ops)) {
  const C = function (options) {
    if (!(this instanceof C)) return new C(options);
    ZlibStream.call(this, op, options);
  };
  Object.defineProperty(C, 'name', { value: name });
  Object.setPrototypeOf(C.prototype, ZlibStream.prototype);
  classes[name] = C;
}
export const { Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw, Unzip } = classes;

export const createDeflate = (o) => new Deflate(o);
export const createInflate = (o) => new Inflate(o);
export const createGzip = (o) => new Gzip(o);
export const createGunzip = (o) => new Gunzip(o);
export const createDeflateRaw = (o) => new DeflateRaw(o);
export const createInflateRaw = (o) => new InflateRaw(o);
export const createUnzip = (o) => new Unzip(o);
export const createBrotliCompress = brotli;
export const createBrotliDecompress = brotli;

const sync = (op) => (data, options) => run(op, data, options);
const async = (op) => (data, options, cb) => {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  process.nextTick(() => {
    let out;
    try {
      out = run(op, data, options);
    } catch (e) {
      cb(e);
      return;
    }
    cb(null, out);
  });
};

export const deflateSync = sync('deflate');
export const inflateSync = sync('inflate');
export const gzipSync = sync('gzip');
export const gunzipSync = sync('gunzip');
export const deflateRawSync = sync('deflateRaw');
export const inflateRawSync = sync('inflateRaw');
export const unzipSync = sync('unzip');
export const deflate = async('deflate');
export const inflate = async('inflate');
export const gzip = async('gzip');
export const gunzip = async('gunzip');
export const deflateRaw = async('deflateRaw');
export const inflateRaw = async('inflateRaw');
export const unzip = async('unzip');
export const brotliCompressSync = brotli;
export const brotliDecompressSync = brotli;
export const brotliCompress = brotli;
export const brotliDecompress = brotli;

export function crc32(data, value = 0) {
  let crc = ~value >>> 0;
  for (const b of bytes(data)) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

export default {
  constants, Deflate, Inflate, Gzip, Gunzip, DeflateRaw, InflateRaw, Unzip,
  createDeflate, createInflate, createGzip, createGunzip, createDeflateRaw, createInflateRaw, createUnzip,
  createBrotliCompress, createBrotliDecompress, deflateSync, inflateSync, gzipSync, gunzipSync,
  deflateRawSync, inflateRawSync, unzipSync, deflate, inflate, gzip, gunzip, deflateRaw, inflateRaw, unzip,
  brotliCompressSync, brotliDecompressSync, brotliCompress, brotliDecompress, crc32, ...constants,
};
