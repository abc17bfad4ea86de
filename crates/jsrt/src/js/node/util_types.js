// node:util/types — type checks packages use.
const tag = (v) => Object.prototype.toString.call(v).slice(8, -1);
export const isAnyArrayBuffer = (v) => v instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && v instanceof SharedArrayBuffer);
export const isArrayBuffer = (v) => v instanceof ArrayBuffer;
export const isArrayBufferView = (v) => ArrayBuffer.isView(v);
export const isAsyncFunction = (v) => tag(v) === 'AsyncFunction' || tag(v) === 'AsyncGeneratorFunction';
export const isDataView = (v) => v instanceof DataView;
export const isDate = (v) => v instanceof Date;
export const isGeneratorFunction = (v) => tag(v) === 'GeneratorFunction' || tag(v) === 'AsyncGeneratorFunction';
export const isMap = (v) => v instanceof Map;
export const isNativeError = (v) => v instanceof Error;
export const isPromise = (v) => v instanceof Promise;
export const isRegExp = (v) => v instanceof RegExp;
export const isSet = (v) => v instanceof Set;
export const isTypedArray = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView);
export const isUint8Array = (v) => v instanceof Uint8Array;
export const isWeakMap = (v) => v instanceof WeakMap;
export const isWeakSet = (v) => v instanceof WeakSet;
export const isBoxedPrimitive = (v) => v instanceof Number || v instanceof String || v instanceof Boolean;
export const isProxy = () => false;
export const isExternal = () => false;
export const isModuleNamespaceObject = (v) => tag(v) === 'Module';
export const isKeyObject = () => false;
export const isCryptoKey = () => false;
export default {
  isAnyArrayBuffer, isArrayBuffer, isArrayBufferView, isAsyncFunction, isDataView, isDate, isGeneratorFunction,
  isMap, isNativeError, isPromise, isRegExp, isSet, isTypedArray, isUint8Array, isWeakMap, isWeakSet,
  isBoxedPrimitive, isProxy, isExternal, isModuleNamespaceObject, isKeyObject, isCryptoKey,
};
