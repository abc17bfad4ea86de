// node:async_hooks — AsyncLocalStorage as far as one invocation needs it: run() makes the
// store current for the synchronous part of the callback (QuickJS keeps no async context).
export class AsyncLocalStorage {
  #store;
  getStore() { return this.#store; }
  run(store, fn, ...args) {
    const before = this.#store;
    this.#store = store;
    try {
      return fn(...args);
    } finally {
      this.#store = before;
    }
  }
  enterWith(store) { this.#store = store; }
  exit(fn, ...args) { return this.run(undefined, fn, ...args); }
  disable() { this.#store = undefined; }
}
export class AsyncResource {
  constructor(type) { this.type = type; }
  runInAsyncScope(fn, thisArg, ...args) { return fn.apply(thisArg, args); }
  bind(fn) { return fn.bind(this); }
  emitDestroy() { return this; }
  static bind(fn) { return fn; }
}
export const createHook = () => ({ enable() { return this; }, disable() { return this; } });
export const executionAsyncId = () => 1;
export const triggerAsyncId = () => 0;
export default { AsyncLocalStorage, AsyncResource, createHook, executionAsyncId, triggerAsyncId };
