// What Node's Buffer has and LLRT's lacks, added when Buffer is first used: toString() with
// an undefined encoding (packages pass theirs through), the one-byte encodings (latin1,
// binary, ascii: LLRT reads them as UTF-8), slice() as a view, equals, compare, toJSON.
(() => {
  const proto = Buffer.prototype;
  const oneByte = (encoding) => typeof encoding === 'string' && /^(latin1|binary|ascii)$/i.test(encoding);
  const toString = proto.toString;
  proto.toString = function (encoding, start, end) {
    if (oneByte(encoding)) {
      const bytes = this.subarray(start ?? 0, end ?? this.length);
      const ascii = /^ascii$/i.test(encoding);
      let out = '';
      for (let i = 0; i < bytes.length; i += 8192) {
        const part = bytes.subarray(i, i + 8192);
        out += String.fromCharCode.apply(null, ascii ? Array.from(part, (b) => b & 0x7f) : part);
      }
      return out;
    }
    return toString.call(this, encoding ?? 'utf8', start ?? 0, end ?? this.length);
  };
  const from = Buffer.from;
  Buffer.from = function (value, encodingOrOffset, length) {
    if (typeof value === 'string' && oneByte(encodingOrOffset)) {
      const out = Buffer.alloc(value.length);
      for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i) & 0xff;
      return out;
    }
    return from.apply(this, arguments);
  };
  const byteLength = Buffer.byteLength;
  Buffer.byteLength = function (value, encoding) {
    if (typeof value === 'string' && oneByte(encoding)) return value.length;
    return byteLength.apply(this, arguments);
  };
  proto.toLocaleString = proto.toString;
  proto.slice = function (start, end) {
    return this.subarray(start, end);
  };
  const compare = (a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  };
  if (!proto.equals) proto.equals = function (other) { return compare(this, other) === 0; };
  if (!proto.compare) proto.compare = function (other) { return compare(this, other); };
  if (!Buffer.compare) Buffer.compare = compare;
  if (!proto.toJSON) proto.toJSON = function () { return { type: 'Buffer', data: Array.from(this) }; };
})();
