// node:util — LLRT's format() and text codecs, with the rest of what packages use written
// here: promisify, inherits, deprecate, inspect, types, debuglog.
import llrt from 'tessera:llrt/util';
import * as types from 'node:util/types';

export const { format, TextEncoder, TextDecoder } = llrt;
export { types };

export function inherits(ctor, superCtor) {
  if (typeof superCtor !== 'function') throw new TypeError('The "superCtor" argument must be of type function');
  Object.defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const customPromisify = Symbol.for('nodejs.util.promisify.custom');

export function promisify(fn) {
  if (typeof fn !== 'function') throw new TypeError('The "original" argument must be of type function');
  if (fn[customPromisify]) return fn[customPromisify];
  const promised = function (...args) {
    return new Promise((resolve, reject) => {
      fn.call(this, ...args, (err, ...values) => {
        if (err) reject(err);
        else resolve(values.length > 1 ? values : values[0]);
      });
    });
  };
  Object.setPrototypeOf(promised, Object.getPrototypeOf(fn));
  return Object.defineProperties(promised, Object.getOwnPropertyDescriptors(fn));
}
promisify.custom = customPromisify;

export function callbackify(fn) {
  return function (...args) {
    const callback = args.pop();
    fn.apply(this, args).then((v) => callback(null, v), (e) => callback(e || new Error(String(e))));
  };
}

const warned = new Set();
export function deprecate(fn, message, code) {
  return function (...args) {
    if (!warned.has(code ?? message)) {
      warned.add(code ?? message);
      console.warn(`DeprecationWarning: ${message}`);
    }
    return new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
  };
}

export function debuglog() {
  const log = () => {};
  log.enabled = false;
  return log;
}
export const debug = debuglog;

export function inspect(value, options) {
  const depth = typeof options === 'object' && options?.depth !== undefined ? options.depth : 2;
  return show(value, depth, new Set());
}
inspect.custom = Symbol.for('nodejs.util.inspect.custom');
inspect.defaultOptions = { depth: 2 };

function show(v, depth, seen) {
  if (typeof v === 'string') return seen.size ? `'${v}'` : v;
  if (typeof v === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
  if (typeof v === 'symbol' || typeof v === 'bigint') return v.toString();
  if (v === null || typeof v !== 'object') return String(v);
  if (typeof v[inspect.custom] === 'function') return String(v[inspect.custom](depth, {}));
  if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : `${v.name}: ${v.message}`;
  if (v instanceof Date) return v.toISOString();
  if (seen.has(v)) return '[Circular]';
  if (depth < 0) return Array.isArray(v) ? '[Array]' : '[Object]';
  seen.add(v);
  let out;
  if (Array.isArray(v)) {
    out = `[ ${v.map((x) => show(x, depth - 1, seen)).join(', ')} ]`;
  } else {
    const entries = Object.keys(v).map((k) => `${k}: ${show(v[k], depth - 1, seen)}`);
    out = entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  seen.delete(v);
  return out;
}

export function formatWithOptions(_options, ...args) {
  return format(...args);
}

export function isDeepStrictEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => isDeepStrictEqual(a[k], b[k]));
}

export const isArray = Array.isArray;
export const isBoolean = (v) => typeof v === 'boolean';
export const isBuffer = (v) => Buffer.isBuffer(v);
export const isDate = (v) => v instanceof Date;
export const isError = (v) => v instanceof Error;
export const isFunction = (v) => typeof v === 'function';
export const isNull = (v) => v === null;
export const isNullOrUndefined = (v) => v == null;
export const isNumber = (v) => typeof v === 'number';
export const isObject = (v) => v !== null && typeof v === 'object';
export const isPrimitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');
export const isRegExp = (v) => v instanceof RegExp;
export const isString = (v) => typeof v === 'string';
export const isSymbol = (v) => typeof v === 'symbol';
export const isUndefined = (v) => v === undefined;

export function stripVTControlCharacters(s) {
  return String(s).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

export function toUSVString(s) {
  return String(s).toWellFormed ? String(s).toWellFormed() : String(s);
}

export default {
  format, formatWithOptions, TextEncoder, TextDecoder, types, inherits, promisify, callbackify, deprecate,
  debuglog, debug, inspect, isDeepStrictEqual, isArray, isBoolean, isBuffer, isDate, isError, isFunction,
  isNull, isNullOrUndefined, isNumber, isObject, isPrimitive, isRegExp, isString, isSymbol, isUndefined,
  stripVTControlCharacters, toUSVString,
};
