// node:assert — the checks packages make at run time.
import { isDeepStrictEqual, inspect } from 'node:util';

export class AssertionError extends Error {
  constructor(options = {}) {
    super(options.message ?? `${inspect(options.actual)} ${options.operator} ${inspect(options.expected)}`);
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = options.actual;
    this.expected = options.expected;
    this.operator = options.operator;
    this.generatedMessage = options.message === undefined;
  }
}

const check = (ok, message, actual, expected, operator) => {
  if (ok) return;
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, actual, expected, operator });
};

function looseEqual(a, b) {
  // eslint-disable-next-line eqeqeq
  if (a == b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => looseEqual(a[k], b[k]));
}

export function ok(value, message) {
  check(!!value, message ?? 'The expression evaluated to a falsy value', value, true, '==');
}
// eslint-disable-next-line eqeqeq
export const equal = (a, b, m) => check(a == b, m, a, b, '==');
// eslint-disable-next-line eqeqeq
export const notEqual = (a, b, m) => check(a != b, m, a, b, '!=');
export const strictEqual = (a, b, m) => check(Object.is(a, b), m, a, b, 'strictEqual');
export const notStrictEqual = (a, b, m) => check(!Object.is(a, b), m, a, b, 'notStrictEqual');
export const deepEqual = (a, b, m) => check(looseEqual(a, b), m, a, b, 'deepEqual');
export const notDeepEqual = (a, b, m) => check(!looseEqual(a, b), m, a, b, 'notDeepEqual');
export const deepStrictEqual = (a, b, m) => check(isDeepStrictEqual(a, b), m, a, b, 'deepStrictEqual');
export const notDeepStrictEqual = (a, b, m) => check(!isDeepStrictEqual(a, b), m, a, b, 'notDeepStrictEqual');
export const fail = (message = 'Failed') => check(false, message, undefined, undefined, 'fail');
export const ifError = (value) => {
  if (value !== null && value !== undefined) throw value;
};
export function throws(fn, expected, message) {
  try {
    fn();
  } catch {
    return;
  }
  check(false, typeof expected === 'string' ? expected : message ?? 'Missing expected exception.', undefined, expected, 'throws');
}
export function doesNotThrow(fn) {
  fn();
}
export async function rejects(promise, expected, message) {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch {
    return;
  }
  check(false, message ?? 'Missing expected rejection.', undefined, expected, 'rejects');
}
export const match = (s, re, m) => check(re.test(s), m, s, re, 'match');

ok.ok = ok;
Object.assign(ok, {
  AssertionError, equal, notEqual, strictEqual, notStrictEqual, deepEqual, notDeepEqual, deepStrictEqual,
  notDeepStrictEqual, fail, ifError, throws, doesNotThrow, rejects, match,
});
ok.strict = ok;
export const strict = ok;
export default ok;
