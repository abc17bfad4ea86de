// node:querystring — parse and stringify of URL query strings.
export function escape(s) {
  return encodeURIComponent(s);
}

export function unescape(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const value = (v) => {
  if (typeof v === 'string') return v;
  if ((typeof v === 'number' && Number.isFinite(v)) || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return '';
};

export function stringify(obj, sep = '&', eq = '=', options) {
  if (obj === null || typeof obj !== 'object') return '';
  const enc = options?.encodeURIComponent ?? escape;
  const parts = [];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    const k = enc(value(key));
    if (Array.isArray(v)) {
      for (const item of v) parts.push(`${k}${eq}${enc(value(item))}`);
    } else {
      parts.push(`${k}${eq}${enc(value(v))}`);
    }
  }
  return parts.join(sep);
}

export function parse(qs, sep = '&', eq = '=', options) {
  const out = Object.create(null);
  if (typeof qs !== 'string' || qs.length === 0) return out;
  const dec = options?.decodeURIComponent ?? unescape;
  const max = options?.maxKeys ?? 1000;
  let pieces = qs.split(sep);
  if (max > 0) pieces = pieces.slice(0, max);
  for (const piece of pieces) {
    if (!piece) continue;
    const at = piece.indexOf(eq);
    const rawKey = at >= 0 ? piece.slice(0, at) : piece;
    const rawValue = at >= 0 ? piece.slice(at + eq.length) : '';
    const k = dec(rawKey.replace(/\+/g, ' '));
    const v = dec(rawValue.replace(/\+/g, ' '));
    if (!(k in out)) out[k] = v;
    else if (Array.isArray(out[k])) out[k].push(v);
    else out[k] = [out[k], v];
  }
  return out;
}

export const encode = stringify;
export const decode = parse;
export default { escape, unescape, stringify, parse, encode, decode };
