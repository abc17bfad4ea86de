// node:events — EventEmitter as Node has it: a plain constructor function (packages call
// `EventEmitter.call(this)` and use util.inherits), plus once() and on() helpers.
const kCapture = Symbol('kCapture');
export const errorMonitor = Symbol('events.errorMonitor');
export const captureRejectionSymbol = Symbol.for('nodejs.rejection');

export function EventEmitter(opts) {
  EventEmitter.init.call(this, opts);
}

EventEmitter.prototype._events = undefined;
EventEmitter.prototype._eventsCount = 0;
EventEmitter.prototype._maxListeners = undefined;
let defaultMaxListeners = 10;
Object.defineProperty(EventEmitter, 'defaultMaxListeners', {
  enumerable: true,
  get() { return defaultMaxListeners; },
  set(n) { defaultMaxListeners = n; },
});

EventEmitter.init = function init(opts) {
  if (this._events === undefined || this._events === Object.getPrototypeOf(this)._events) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  }
  this._maxListeners = this._maxListeners || undefined;
  if (opts?.captureRejections) this[kCapture] = true;
};

const proto = EventEmitter.prototype;

proto.setMaxListeners = function setMaxListeners(n) {
  this._maxListeners = n;
  return this;
};
proto.getMaxListeners = function getMaxListeners() {
  return this._maxListeners === undefined ? defaultMaxListeners : this._maxListeners;
};

proto.emit = function emit(type, ...args) {
  const events = this._events;
  if (type === 'error' && events?.[errorMonitor]) emitList(this, events[errorMonitor], args);
  const handler = events?.[type];
  if (handler === undefined) {
    if (type === 'error') {
      const err = args[0];
      if (err instanceof Error) throw err;
      const e = new Error(`Unhandled error. (${String(err)})`);
      e.context = err;
      throw e;
    }
    return false;
  }
  if (typeof handler === 'function') {
    call(this, handler, args);
  } else {
    emitList(this, handler, args);
  }
  return true;
};

function emitList(target, list, args) {
  for (const fn of list.slice()) call(target, fn, args);
}

function call(target, fn, args) {
  const result = fn.apply(target, args);
  if (target[kCapture] && result && typeof result.then === 'function') {
    result.then(undefined, (err) => process.nextTick(() => target.emit('error', err)));
  }
}

function addListener(target, type, listener, prepend) {
  if (typeof listener !== 'function') {
    throw new TypeError(`The "listener" argument must be of type function. Received ${typeof listener}`);
  }
  let events = target._events;
  if (events === undefined) {
    events = target._events = Object.create(null);
    target._eventsCount = 0;
  } else if (events.newListener !== undefined) {
    target.emit('newListener', type, listener.listener ?? listener);
    events = target._events;
  }
  const existing = events[type];
  if (existing === undefined) {
    events[type] = listener;
    target._eventsCount++;
  } else if (typeof existing === 'function') {
    events[type] = prepend ? [listener, existing] : [existing, listener];
  } else if (prepend) {
    existing.unshift(listener);
  } else {
    existing.push(listener);
  }
  return target;
}

proto.addListener = function (type, listener) { return addListener(this, type, listener, false); };
proto.on = proto.addListener;
proto.prependListener = function (type, listener) { return addListener(this, type, listener, true); };

function onceWrapper(target, type, listener) {
  const state = { fired: false };
  const wrapped = function (...args) {
    if (state.fired) return undefined;
    state.fired = true;
    target.removeListener(type, wrapped);
    return listener.apply(target, args);
  };
  wrapped.listener = listener;
  return wrapped;
}

proto.once = function (type, listener) {
  if (typeof listener !== 'function') throw new TypeError('The "listener" argument must be of type function');
  return this.on(type, onceWrapper(this, type, listener));
};
proto.prependOnceListener = function (type, listener) {
  return this.prependListener(type, onceWrapper(this, type, listener));
};

proto.removeListener = function (type, listener) {
  const events = this._events;
  const list = events?.[type];
  if (list === undefined) return this;
  if (list === listener || list.listener === listener) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
    if (events.removeListener) this.emit('removeListener', type, list.listener ?? listener);
  } else if (typeof list !== 'function') {
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        if (list.length === 1) events[type] = list[0];
        if (events.removeListener !== undefined) this.emit('removeListener', type, listener);
        break;
      }
    }
  }
  return this;
};
proto.off = proto.removeListener;

proto.removeAllListeners = function (type) {
  const events = this._events;
  if (events === undefined) return this;
  if (type === undefined) {
    this._events = Object.create(null);
    this._eventsCount = 0;
  } else if (events[type] !== undefined) {
    if (--this._eventsCount === 0) this._events = Object.create(null);
    else delete events[type];
  }
  return this;
};

proto.listeners = function (type) {
  const list = this._events?.[type];
  if (list === undefined) return [];
  if (typeof list === 'function') return [list.listener ?? list];
  return list.map((l) => l.listener ?? l);
};
proto.rawListeners = function (type) {
  const list = this._events?.[type];
  if (list === undefined) return [];
  return typeof list === 'function' ? [list] : list.slice();
};
proto.listenerCount = function (type) {
  const list = this._events?.[type];
  if (list === undefined) return 0;
  return typeof list === 'function' ? 1 : list.length;
};
proto.eventNames = function () {
  return this._eventsCount > 0 ? Reflect.ownKeys(this._events) : [];
};

export function once(emitter, name, options = {}) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      emitter.removeListener(name, onEvent);
      reject(err);
    };
    const onEvent = (...args) => {
      if (name !== 'error') emitter.removeListener('error', onError);
      resolve(args);
    };
    if (typeof emitter.addEventListener === 'function' && typeof emitter.on !== 'function') {
      emitter.addEventListener(name, (...args) => resolve(args), { once: true });
      return;
    }
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
    options.signal?.addEventListener?.('abort', () => onError(new Error('The operation was aborted')), { once: true });
  });
}

export function on(emitter, name) {
  const queue = [];
  const waiting = [];
  let error = null;
  emitter.on(name, (...args) => {
    const w = waiting.shift();
    if (w) w.resolve({ value: args, done: false });
    else queue.push(args);
  });
  emitter.on('error', (e) => {
    error = e;
    const w = waiting.shift();
    if (w) w.reject(e);
  });
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (error) return Promise.reject(error);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() { return Promise.resolve({ value: undefined, done: true }); },
    [Symbol.asyncIterator]() { return this; },
  };
}

export function listenerCount(emitter, type) {
  return emitter.listenerCount(type);
}

export function getEventListeners(emitter, type) {
  return emitter.listeners(type);
}

export function setMaxListeners() {}

EventEmitter.EventEmitter = EventEmitter;
EventEmitter.once = once;
EventEmitter.on = on;
EventEmitter.listenerCount = listenerCount;
EventEmitter.getEventListeners = getEventListeners;
EventEmitter.setMaxListeners = setMaxListeners;
EventEmitter.errorMonitor = errorMonitor;
EventEmitter.captureRejectionSymbol = captureRejectionSymbol;
EventEmitter.usingDomains = false;

export default EventEmitter;
