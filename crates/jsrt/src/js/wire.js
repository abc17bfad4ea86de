// tessera:wire — dates on the wire are {"$date": ISO}, as in Wix's data API; in code they are Dates.
export function toWire(v) {
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toWire(x);
    return out;
  }
  return v;
}

export function fromWire(v) {
  // Already a Date (a value read twice): kept, not taken apart as an object with no keys.
  if (v instanceof Date) return v;
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$date') return new Date(v.$date);
    const out = {};
    for (const k of keys) out[k] = fromWire(v[k]);
    return out;
  }
  return v;
}
