// What Node's Buffer has and LLRT's lacks, added when Buffer is first used: toString() with
// an undefined encoding (packages pass theirs through), slice() as a view, equals, compare,
// toJSON.
(() => {
  const proto = Buffer.prototype;
  const toString = proto.toString;
  proto.toString = function (encoding, start, end) {
    return toString.call(this, encoding ?? 'utf8', start ?? 0, end ?? this.length);
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
