// node:crypto — the subset sites use, over the server's RustCrypto; the rest throws clearly.
const native = globalThis.__tessera_crypto;

const bytesOf = (data, encoding) => {
  if (typeof data === 'string') {
    if (encoding === 'hex') return Array.from(data.match(/../g) ?? [], (h) => parseInt(h, 16));
    if (encoding === 'base64') return Array.from(Buffer.from(data, 'base64'));
    return Array.from(new TextEncoder().encode(data));
  }
  if (ArrayBuffer.isView(data)) return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (data instanceof ArrayBuffer) return Array.from(new Uint8Array(data));
  throw new TypeError('crypto: data must be a string, Buffer or typed array');
};

const output = (bytes, encoding) => {
  const buf = Buffer.from(bytes);
  return encoding ? buf.toString(encoding) : buf;
};

class Digest {
  #chunks = [];
  #done = false;
  constructor(run) { this.run = run; }
  update(data, encoding) {
    if (this.#done) throw new Error('Digest already called');
    this.#chunks.push(...bytesOf(data, encoding));
    return this;
  }
  digest(encoding) {
    this.#done = true;
    return output(this.run(this.#chunks), encoding);
  }
}

export function createHash(algorithm) {
  native.digest(String(algorithm), []); // an unknown algorithm throws here, as in Node
  return new Digest((data) => native.digest(String(algorithm), data));
}

export function createHmac(algorithm, key) {
  const k = bytesOf(key);
  native.hmac(String(algorithm), k, []);
  return new Digest((data) => native.hmac(String(algorithm), k, data));
}

export function randomBytes(size, callback) {
  const buf = Buffer.from(native.random(size));
  if (callback) {
    queueMicrotask(() => callback(null, buf));
    return undefined;
  }
  return buf;
}

export function randomUUID() {
  return native.uuid();
}

export function getRandomValues(array) {
  if (!ArrayBuffer.isView(array)) throw new TypeError('getRandomValues: expects a typed array');
  const bytes = native.random(array.byteLength);
  new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(bytes);
  return array;
}

export function randomFillSync(array) {
  return getRandomValues(array);
}

export function randomInt(min, max) {
  if (max === undefined) [min, max] = [0, min];
  const span = max - min;
  const [a, b, c, d] = native.random(4);
  return min + (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) % span;
}

export function timingSafeEqual(a, b) {
  const x = bytesOf(a);
  const y = bytesOf(b);
  if (x.length !== y.length) throw new RangeError('Input buffers must have the same byte length');
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

export const webcrypto = { getRandomValues, randomUUID };

export default { createHash, createHmac, randomBytes, randomUUID, getRandomValues, randomFillSync, randomInt, timingSafeEqual, webcrypto };
