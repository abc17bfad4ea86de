// tessera:velo — business objects as Velo hands them to site code: `_id`, `_createdDate` and
// `_updatedDate` (Dates) where REST says `id`, `createdDate`, `updatedDate`; and back.
const DATES = new Set(['_createdDate', '_updatedDate']);
const TO_VELO = { id: '_id', createdDate: '_createdDate', updatedDate: '_updatedDate' };
export const TO_REST = { _id: 'id', _createdDate: 'createdDate', _updatedDate: 'updatedDate' };

function renamed(v, names, dates) {
  if (Array.isArray(v)) return v.map((x) => renamed(x, names, dates));
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      const name = names[k] ?? k;
      out[name] = dates && DATES.has(name) && typeof x === 'string' ? new Date(x) : renamed(x, names, dates);
    }
    return out;
  }
  return v;
}

export const toVelo = (v) => renamed(v, TO_VELO, true);
export const toRest = (v) => renamed(v, TO_REST, false);

export function need(fn, value, what = '_id') {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${fn}: ${what} must be a non-empty string`);
  return encodeURIComponent(value);
}
