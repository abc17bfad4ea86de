// node:stream — Node's streams (Readable, Writable, Duplex, Transform, PassThrough,
// pipeline, finished), written for the sandbox. Constructors are plain functions, as in
// Node, so that both `class X extends Readable` and `Readable.call(this)` work.
import EventEmitter from 'node:events';
import { StringDecoder } from 'node:string_decoder';

const nextTick = (fn, ...args) => process.nextTick(fn, ...args);

const toBuffer = (chunk, encoding) => {
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding || 'utf8');
  if (Buffer.isBuffer(chunk)) return chunk;
  if (ArrayBuffer.isView(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  throw new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
};

const sizeOf = (chunk, objectMode) => (objectMode ? 1 : chunk.length);

function errorCode(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

// The legacy base: an EventEmitter with the old pipe().
export function Stream(opts) {
  EventEmitter.call(this, opts);
}
Object.setPrototypeOf(Stream.prototype, EventEmitter.prototype);
Object.setPrototypeOf(Stream, EventEmitter);

Stream.prototype.pipe = function (dest, options) {
  const source = this;
  const ondata = (chunk) => {
    if (dest.writable && dest.write(chunk) === false && source.pause) source.pause();
  };
  source.on('data', ondata);
  const ondrain = () => { if (source.readable && source.resume) source.resume(); };
  dest.on('drain', ondrain);
  if (options?.end !== false) source.once('end', () => dest.end());
  dest.emit('pipe', source);
  return dest;
};

// ---- Readable ----

function ReadableState(options = {}, isDuplex) {
  this.objectMode = !!(options.objectMode || (isDuplex && options.readableObjectMode));
  this.highWaterMark = options.readableHighWaterMark ?? options.highWaterMark ?? (this.objectMode ? 16 : 16 * 1024);
  this.buffer = [];
  this.length = 0;
  this.pipes = [];
  this.flowing = null;
  this.ended = false;
  this.endEmitted = false;
  this.reading = false;
  this.flowScheduled = false;
  this.readScheduled = false;
  this.destroyed = false;
  this.closed = false;
  this.errored = null;
  this.closeEmitted = false;
  this.autoDestroy = options.autoDestroy !== false;
  this.emitClose = options.emitClose !== false;
  this.decoder = options.encoding ? new StringDecoder(options.encoding) : null;
  this.encoding = options.encoding || null;
  this.dataEmitted = false;
}

export function Readable(options) {
  if (!(this instanceof Readable)) return new Readable(options);
  const isDuplex = this instanceof Duplex;
  this._readableState = new ReadableState(options, isDuplex);
  if (options) {
    if (typeof options.read === 'function') this._read = options.read;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (options.signal) addAbortSignal(options.signal, this);
  }
  Stream.call(this, options);
}
Object.setPrototypeOf(Readable.prototype, Stream.prototype);
Object.setPrototypeOf(Readable, Stream);

const R = Readable.prototype;

R._read = function () {
  throw errorCode('ERR_METHOD_NOT_IMPLEMENTED', 'The _read() method is not implemented');
};

R.push = function (chunk, encoding) {
  return addChunk(this, chunk, encoding, false);
};

R.unshift = function (chunk, encoding) {
  return addChunk(this, chunk, encoding, true);
};

function addChunk(stream, chunk, encoding, front) {
  const state = stream._readableState;
  state.reading = false;
  if (chunk === null) {
    if (!state.ended) {
      if (state.decoder) {
        const rest = state.decoder.end();
        if (rest) {
          state.buffer.push(rest);
          state.length += rest.length;
        }
      }
      state.ended = true;
      scheduleFlow(stream);
    }
    return false;
  }
  if (state.destroyed) return false;
  if (state.ended && !front) {
    stream.destroy(errorCode('ERR_STREAM_PUSH_AFTER_EOF', 'stream.push() after EOF'));
    return false;
  }
  if (!state.objectMode) {
    if (typeof chunk === 'string' || ArrayBuffer.isView(chunk) || chunk instanceof ArrayBuffer) {
      chunk = toBuffer(chunk, encoding);
    } else if (chunk !== undefined) {
      stream.destroy(new TypeError('Invalid non-string/buffer chunk'));
      return false;
    }
    if (chunk === undefined) return true;
    if (state.decoder) chunk = state.decoder.write(chunk);
    if (chunk.length === 0) {
      maybeReadMore(stream);
      return state.length < state.highWaterMark;
    }
  }
  if (front) state.buffer.unshift(chunk);
  else state.buffer.push(chunk);
  state.length += sizeOf(chunk, state.objectMode);
  if (state.flowing === false && stream.listenerCount('readable') > 0) nextTick(() => stream.emit('readable'));
  scheduleFlow(stream);
  return state.length < state.highWaterMark;
}

function concatChunks(chunks, state) {
  if (state.decoder || state.encoding) return chunks.join('');
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

R.read = function (n) {
  const state = this._readableState;
  if (n === 0) {
    maybeReadMore(this);
    return null;
  }
  let out = null;
  if (state.length > 0) {
    if (state.objectMode) {
      out = state.buffer.shift();
      state.length -= 1;
    } else if (n === undefined || n >= state.length) {
      if (n === undefined || state.ended || n <= state.length) {
        out = concatChunks(state.buffer, state);
        state.buffer = [];
        state.length = 0;
      }
    } else {
      const all = concatChunks(state.buffer, state);
      out = all.slice(0, n);
      const rest = all.slice(n);
      state.buffer = rest.length ? [rest] : [];
      state.length = rest.length;
    }
  }
  if (out !== null) {
    state.dataEmitted = true;
    this.emit('data', out);
  }
  if (state.ended && state.length === 0) scheduleEnd(this);
  else maybeReadMore(this);
  return out;
};

function maybeReadMore(stream) {
  const state = stream._readableState;
  if (state.readScheduled || state.ended || state.destroyed) return;
  state.readScheduled = true;
  nextTick(() => {
    state.readScheduled = false;
    if (state.reading || state.ended || state.destroyed || state.length >= state.highWaterMark) return;
    state.reading = true;
    const before = state.length;
    try {
      stream._read(state.highWaterMark);
    } catch (e) {
      stream.destroy(e);
      return;
    }
    // A _read that pushed synchronously may be asked again.
    if (!state.reading && state.length > before && state.flowing) maybeReadMore(stream);
  });
}

function scheduleFlow(stream) {
  const state = stream._readableState;
  if (state.flowScheduled) return;
  state.flowScheduled = true;
  nextTick(() => {
    state.flowScheduled = false;
    flow(stream);
  });
}

function flow(stream) {
  const state = stream._readableState;
  if (state.destroyed) return;
  while (state.flowing && state.buffer.length > 0) {
    const chunk = state.buffer.shift();
    state.length -= sizeOf(chunk, state.objectMode);
    state.dataEmitted = true;
    stream.emit('data', chunk);
  }
  if (state.ended && state.length === 0) {
    if (state.flowing || state.dataEmitted || stream.listenerCount('readable') > 0) {
      if (state.flowing === false && stream.listenerCount('readable') > 0 && !state.endEmitted) {
        stream.emit('readable');
      }
      scheduleEnd(stream);
    }
    return;
  }
  if (state.flowing || state.flowing === null || stream.listenerCount('readable') > 0) maybeReadMore(stream);
}

function scheduleEnd(stream) {
  const state = stream._readableState;
  if (state.endEmitted || state.endScheduled) return;
  state.endScheduled = true;
  nextTick(() => {
    if (state.endEmitted || state.length > 0 || state.destroyed) return;
    state.endEmitted = true;
    stream.readable = false;
    stream.emit('end');
    const ws = stream._writableState;
    if (ws && stream.allowHalfOpen === false && !ws.ending) stream.end();
    if (state.autoDestroy && (!ws || ws.finished || ws.destroyed || !stream.writable)) stream.destroy();
  });
}

R.on = function (ev, fn) {
  const res = Stream.prototype.on.call(this, ev, fn);
  const state = this._readableState;
  if (ev === 'data') {
    if (state.flowing !== false) this.resume();
  } else if (ev === 'readable') {
    state.flowing = false;
    if (state.length > 0 || state.ended) nextTick(() => this.emit('readable'));
    else maybeReadMore(this);
  }
  return res;
};
R.addListener = R.on;

R.resume = function () {
  const state = this._readableState;
  state.flowing = true;
  scheduleFlow(this);
  this.emit('resume');
  return this;
};

R.pause = function () {
  const state = this._readableState;
  if (state.flowing !== false) {
    state.flowing = false;
    this.emit('pause');
  }
  return this;
};

R.isPaused = function () {
  return this._readableState.flowing === false;
};

R.setEncoding = function (encoding) {
  const state = this._readableState;
  state.decoder = new StringDecoder(encoding);
  state.encoding = encoding;
  state.buffer = state.buffer.map((c) => (typeof c === 'string' ? c : state.decoder.write(c)));
  return this;
};

R.pipe = function (dest, options) {
  const src = this;
  const state = this._readableState;
  state.pipes.push(dest);
  const ondata = (chunk) => {
    if (dest.write(chunk) === false) src.pause();
  };
  const ondrain = () => src.resume();
  const onend = () => dest.end();
  const cleanup = () => {
    src.removeListener('data', ondata);
    dest.removeListener('drain', ondrain);
    src.removeListener('end', onend);
  };
  src.on('data', ondata);
  dest.on('drain', ondrain);
  if (options?.end !== false) src.once('end', onend);
  dest.once('close', cleanup);
  src._pipeCleanups = src._pipeCleanups || new Map();
  src._pipeCleanups.set(dest, cleanup);
  dest.emit('pipe', src);
  if (state.flowing !== true) this.resume();
  return dest;
};

R.unpipe = function (dest) {
  const state = this._readableState;
  const targets = dest ? [dest] : state.pipes.slice();
  for (const d of targets) {
    this._pipeCleanups?.get(d)?.();
    state.pipes = state.pipes.filter((p) => p !== d);
    d.emit('unpipe', this);
  }
  if (state.pipes.length === 0) this.pause();
  return this;
};

R.wrap = function (old) {
  old.on('data', (chunk) => { if (!this.push(chunk)) old.pause?.(); });
  old.on('end', () => this.push(null));
  old.on('error', (e) => this.destroy(e));
  this._read = () => old.resume?.();
  return this;
};

R[Symbol.asyncIterator] = function () {
  const stream = this;
  const queue = [];
  let waiting = null;
  let done = false;
  let failure = null;
  const settle = () => {
    if (!waiting) return;
    const w = waiting;
    if (queue.length) {
      waiting = null;
      w.resolve({ value: queue.shift(), done: false });
    } else if (failure) {
      waiting = null;
      w.reject(failure);
    } else if (done) {
      waiting = null;
      w.resolve({ value: undefined, done: true });
    }
  };
  stream.on('data', (chunk) => {
    queue.push(chunk);
    if (queue.length >= 4) stream.pause();
    settle();
  });
  stream.once('end', () => { done = true; settle(); });
  stream.once('error', (e) => { failure = e; settle(); });
  stream.once('close', () => {
    if (!stream._readableState.endEmitted && !failure) failure = errorCode('ERR_STREAM_PREMATURE_CLOSE', 'Premature close');
    done = true;
    settle();
  });
  return {
    next() {
      if (queue.length) {
        const value = queue.shift();
        if (queue.length < 2) stream.resume();
        return Promise.resolve({ value, done: false });
      }
      if (failure) return Promise.reject(failure);
      if (done) return Promise.resolve({ value: undefined, done: true });
      stream.resume();
      return new Promise((resolve, reject) => { waiting = { resolve, reject }; });
    },
    return() {
      stream.destroy();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() { return this; },
  };
};

R.destroy = function (err, cb) {
  return destroyStream(this, err, cb);
};
R._destroy = function (err, cb) {
  cb(err);
};

Readable.from = function (iterable, options) {
  if (typeof iterable === 'string' || Buffer.isBuffer(iterable)) {
    return new Readable({ objectMode: true, ...options, read() { this.push(iterable); this.push(null); } });
  }
  const iterator = iterable[Symbol.asyncIterator] ? iterable[Symbol.asyncIterator]() : iterable[Symbol.iterator]();
  let busy = false;
  return new Readable({
    objectMode: true,
    ...options,
    read() {
      if (busy) return;
      busy = true;
      Promise.resolve(iterator.next()).then(
        ({ value, done }) => {
          busy = false;
          if (done) this.push(null);
          else Promise.resolve(value).then((v) => this.push(v), (e) => this.destroy(e));
        },
        (e) => { busy = false; this.destroy(e); },
      );
    },
  });
};

Readable.prototype.toArray = async function () {
  const out = [];
  for await (const chunk of this) out.push(chunk);
  return out;
};

for (const [name, get] of Object.entries({
  readable: function () { const s = this._readableState; return this._readableFlag ?? (!s.destroyed && !s.endEmitted && !s.errored); },
  readableEnded: function () { return this._readableState.endEmitted; },
  readableFlowing: function () { return this._readableState.flowing; },
  readableLength: function () { return this._readableState.length; },
  readableObjectMode: function () { return this._readableState.objectMode; },
  readableHighWaterMark: function () { return this._readableState.highWaterMark; },
  readableEncoding: function () { return this._readableState.encoding; },
  readableAborted: function () { const s = this._readableState; return s.destroyed && !s.endEmitted; },
})) {
  const set = name === 'readable' ? function (v) { this._readableFlag = v; } : undefined;
  Object.defineProperty(R, name, { get, set, configurable: true });
}

// ---- Writable ----

function WritableState(options = {}, isDuplex) {
  this.objectMode = !!(options.objectMode || (isDuplex && options.writableObjectMode));
  this.highWaterMark = options.writableHighWaterMark ?? options.highWaterMark ?? (this.objectMode ? 16 : 16 * 1024);
  this.decodeStrings = options.decodeStrings !== false;
  this.defaultEncoding = options.defaultEncoding || 'utf8';
  this.buffered = [];
  this.length = 0;
  this.writing = false;
  this.corked = 0;
  this.ending = false;
  this.ended = false;
  this.finished = false;
  this.finalCalled = false;
  this.needDrain = false;
  this.destroyed = false;
  this.closed = false;
  this.errored = null;
  this.autoDestroy = options.autoDestroy !== false;
  this.emitClose = options.emitClose !== false;
  this.pendingCallbacks = [];
}

export function Writable(options) {
  const isDuplex = this instanceof Duplex;
  if (!isDuplex && !(this instanceof Writable)) return new Writable(options);
  this._writableState = new WritableState(options, isDuplex);
  if (options) {
    if (typeof options.write === 'function') this._write = options.write;
    if (typeof options.writev === 'function') this._writev = options.writev;
    if (typeof options.final === 'function') this._final = options.final;
    if (typeof options.destroy === 'function') this._destroy = options.destroy;
    if (options.signal) addAbortSignal(options.signal, this);
  }
  if (!isDuplex) Stream.call(this, options);
}
Object.setPrototypeOf(Writable.prototype, Stream.prototype);
Object.setPrototypeOf(Writable, Stream);
Object.defineProperty(Writable, Symbol.hasInstance, {
  value(obj) {
    if (Function.prototype[Symbol.hasInstance].call(this, obj)) return true;
    return this === Writable && !!obj && obj._writableState instanceof WritableState;
  },
});

const W = Writable.prototype;

W._write = function (chunk, encoding, cb) {
  if (this._writev) this._writev([{ chunk, encoding }], cb);
  else throw errorCode('ERR_METHOD_NOT_IMPLEMENTED', 'The _write() method is not implemented');
};

W.write = function (chunk, encoding, cb) {
  const state = this._writableState;
  if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  encoding = encoding || state.defaultEncoding;
  cb = typeof cb === 'function' ? cb : () => {};
  let err = null;
  if (chunk === null) err = errorCode('ERR_STREAM_NULL_VALUES', 'May not write null values to stream');
  else if (state.ending) err = errorCode('ERR_STREAM_WRITE_AFTER_END', 'write after end');
  else if (state.destroyed) err = errorCode('ERR_STREAM_DESTROYED', 'Cannot call write after a stream was destroyed');
  if (err) {
    nextTick(cb, err);
    if (!state.destroyed) this.destroy(err);
    return false;
  }
  if (!state.objectMode) {
    if (typeof chunk === 'string') {
      if (state.decodeStrings) {
        chunk = Buffer.from(chunk, encoding);
        encoding = 'buffer';
      }
    } else if (ArrayBuffer.isView(chunk) || chunk instanceof ArrayBuffer) {
      chunk = toBuffer(chunk);
      encoding = 'buffer';
    } else {
      const e = new TypeError('The "chunk" argument must be of type string or an instance of Buffer or Uint8Array');
      nextTick(cb, e);
      this.destroy(e);
      return false;
    }
  }
  state.length += sizeOf(chunk, state.objectMode);
  const ok = state.length < state.highWaterMark;
  if (!ok) state.needDrain = true;
  if (state.writing || state.corked || state.errored) state.buffered.push({ chunk, encoding, cb });
  else doWrite(this, state, [{ chunk, encoding, cb }]);
  return ok;
};

function doWrite(stream, state, entries) {
  state.writing = true;
  let sync = true;
  const size = entries.reduce((n, e) => n + sizeOf(e.chunk, state.objectMode), 0);
  const onwrite = (err) => {
    state.writing = false;
    state.length -= size;
    if (err) {
      for (const e of entries) nextTick(e.cb, err);
      stream.destroy(err);
      return;
    }
    const after = () => {
      for (const e of entries) e.cb(null);
      if (state.needDrain && state.length === 0 && !state.ending && !state.destroyed) {
        state.needDrain = false;
        stream.emit('drain');
      }
    };
    if (sync) nextTick(after);
    else after();
    if (state.buffered.length && !state.corked) {
      clearBuffer(stream, state);
    } else {
      finishMaybe(stream, state);
    }
  };
  try {
    if (entries.length > 1 && stream._writev) stream._writev(entries, onwrite);
    else stream._write(entries[0].chunk, entries[0].encoding, onwrite);
  } catch (e) {
    onwrite(e);
  }
  sync = false;
}

function clearBuffer(stream, state) {
  if (state.writing || state.destroyed) return;
  if (stream._writev && state.buffered.length > 1) {
    const entries = state.buffered;
    state.buffered = [];
    doWrite(stream, state, entries);
  } else if (state.buffered.length) {
    doWrite(stream, state, [state.buffered.shift()]);
  }
}

function finishMaybe(stream, state) {
  if (!state.ending || state.length > 0 || state.writing || state.finished || state.destroyed || state.buffered.length) return;
  if (state.finalCalled) return;
  state.finalCalled = true;
  const done = (err) => {
    if (err) {
      stream.destroy(err);
      return;
    }
    state.finished = true;
    nextTick(() => {
      stream.emit('finish');
      for (const cb of state.pendingCallbacks.splice(0)) cb(null);
      const rs = stream._readableState;
      if (state.autoDestroy && (!rs || rs.endEmitted || rs.destroyed || rs._readableFlag === false)) stream.destroy();
    });
  };
  stream.emit('prefinish');
  if (typeof stream._final === 'function') {
    try {
      stream._final(done);
    } catch (e) {
      done(e);
    }
  } else {
    done();
  }
}

W.end = function (chunk, encoding, cb) {
  const state = this._writableState;
  if (typeof chunk === 'function') {
    cb = chunk;
    chunk = null;
    encoding = null;
  } else if (typeof encoding === 'function') {
    cb = encoding;
    encoding = null;
  }
  if (chunk !== null && chunk !== undefined) this.write(chunk, encoding);
  if (state.corked) {
    state.corked = 1;
    this.uncork();
  }
  if (typeof cb === 'function') {
    if (state.finished) nextTick(cb, null);
    else if (state.errored) nextTick(cb, state.errored);
    else state.pendingCallbacks.push(cb);
  }
  if (!state.ending) {
    state.ending = true;
    state.ended = true;
    finishMaybe(this, state);
  }
  return this;
};

W.cork = function () {
  this._writableState.corked++;
};

W.uncork = function () {
  const state = this._writableState;
  if (state.corked) {
    state.corked--;
    if (!state.corked) clearBuffer(this, state);
  }
};

W.setDefaultEncoding = function (encoding) {
  this._writableState.defaultEncoding = encoding;
  return this;
};

W.destroy = function (err, cb) {
  return destroyStream(this, err, cb);
};
W._destroy = function (err, cb) {
  cb(err);
};

for (const [name, get] of Object.entries({
  writable: function () { const s = this._writableState; return this._writableFlag ?? (!s.destroyed && !s.ending && !s.errored); },
  writableEnded: function () { return this._writableState.ending; },
  writableFinished: function () { return this._writableState.finished; },
  writableLength: function () { return this._writableState.length; },
  writableNeedDrain: function () { return this._writableState.needDrain; },
  writableObjectMode: function () { return this._writableState.objectMode; },
  writableHighWaterMark: function () { return this._writableState.highWaterMark; },
  writableCorked: function () { return this._writableState.corked; },
})) {
  const set = name === 'writable' ? function (v) { this._writableFlag = v; } : undefined;
  Object.defineProperty(W, name, { get, set, configurable: true });
}

// ---- destroy, shared ----

function destroyStream(stream, err, cb) {
  const rs = stream._readableState;
  const ws = stream._writableState;
  const state = rs || ws;
  if (state.destroyed) {
    if (typeof cb === 'function') nextTick(cb, state.errored);
    return stream;
  }
  if (err && !(err instanceof Error) && typeof err !== 'object') err = new Error(String(err));
  for (const s of [rs, ws]) {
    if (!s) continue;
    s.destroyed = true;
    if (err && !s.errored) s.errored = err;
  }
  const finish = (e) => {
    if (typeof cb === 'function') cb(e);
    nextTick(() => {
      if (e) {
        if (ws) for (const pending of ws.pendingCallbacks.splice(0)) pending(e);
        stream.emit('error', e);
      }
      for (const s of [rs, ws]) if (s) s.closed = true;
      if (state.emitClose !== false) stream.emit('close');
    });
  };
  try {
    stream._destroy(err || null, (e) => finish(e || err || null));
  } catch (e) {
    finish(e);
  }
  return stream;
}

for (const proto of [R, W]) {
  Object.defineProperty(proto, 'destroyed', {
    configurable: true,
    get() { return (this._readableState || this._writableState).destroyed; },
    set(v) { for (const s of [this._readableState, this._writableState]) if (s) s.destroyed = v; },
  });
  Object.defineProperty(proto, 'closed', {
    configurable: true,
    get() { return (this._readableState || this._writableState).closed; },
  });
  Object.defineProperty(proto, 'errored', {
    configurable: true,
    get() { return (this._readableState || this._writableState).errored; },
  });
}

// ---- Duplex, Transform, PassThrough ----

export function Duplex(options) {
  if (!(this instanceof Duplex)) return new Duplex(options);
  Readable.call(this, options);
  Writable.call(this, options);
  this.allowHalfOpen = options?.allowHalfOpen !== false;
  if (options?.readable === false) this._readableFlag = false;
  if (options?.writable === false) this._writableFlag = false;
}
Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
Object.setPrototypeOf(Duplex, Readable);
for (const key of Object.getOwnPropertyNames(W)) {
  if (key === 'constructor' || key === 'destroy' || key === '_destroy') continue;
  if (!Object.prototype.hasOwnProperty.call(Duplex.prototype, key)) {
    Object.defineProperty(Duplex.prototype, key, Object.getOwnPropertyDescriptor(W, key));
  }
}

Duplex.from = function (body) {
  if (body instanceof Duplex) return body;
  if (body instanceof Readable) return body;
  return Readable.from(body);
};

export function Transform(options) {
  if (!(this instanceof Transform)) return new Transform(options);
  Duplex.call(this, options);
  if (options) {
    if (typeof options.transform === 'function') this._transform = options.transform;
    if (typeof options.flush === 'function') this._flush = options.flush;
  }
}
Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
Object.setPrototypeOf(Transform, Duplex);

Transform.prototype._transform = function () {
  throw errorCode('ERR_METHOD_NOT_IMPLEMENTED', 'The _transform() method is not implemented');
};

Transform.prototype._write = function (chunk, encoding, cb) {
  this._transform(chunk, encoding, (err, data) => {
    if (err) {
      cb(err);
      return;
    }
    if (data !== undefined && data !== null) this.push(data);
    cb();
  });
};

Transform.prototype._final = function (cb) {
  const end = (err, data) => {
    if (err) {
      cb(err);
      return;
    }
    if (data !== undefined && data !== null) this.push(data);
    this.push(null);
    cb();
  };
  if (typeof this._flush === 'function') this._flush(end);
  else end();
};

Transform.prototype._read = function () {};

export function PassThrough(options) {
  if (!(this instanceof PassThrough)) return new PassThrough(options);
  Transform.call(this, options);
}
Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
Object.setPrototypeOf(PassThrough, Transform);
PassThrough.prototype._transform = function (chunk, _encoding, cb) {
  cb(null, chunk);
};

// ---- helpers ----

export function finished(stream, options, callback) {
  if (typeof options === 'function') {
    callback = options;
    options = {};
  }
  let done = false;
  const once = (err) => {
    if (done) return;
    done = true;
    cleanup();
    callback.call(stream, err);
  };
  const rs = stream._readableState;
  const ws = stream._writableState;
  const wantRead = options?.readable !== false && (rs ? stream.readable !== false || !rs.endEmitted : false);
  const wantWrite = options?.writable !== false && !!ws && stream.writable !== false;
  let readDone = !wantRead || rs?.endEmitted;
  let writeDone = !wantWrite || ws?.finished;
  const onend = () => { readDone = true; if (writeDone) once(); };
  const onfinish = () => { writeDone = true; if (readDone) once(); };
  const onerror = (err) => once(err);
  const onclose = () => {
    if ((!readDone && rs && !rs.endEmitted) || (!writeDone && ws && !ws.finished)) {
      once(errorCode('ERR_STREAM_PREMATURE_CLOSE', 'Premature close'));
    } else {
      once();
    }
  };
  stream.on('end', onend);
  stream.on('finish', onfinish);
  if (options?.error !== false) stream.on('error', onerror);
  stream.on('close', onclose);
  // A response-like object (an IncomingMessage) ends with 'end'; a request with 'finish'.
  function cleanup() {
    stream.removeListener('end', onend);
    stream.removeListener('finish', onfinish);
    stream.removeListener('error', onerror);
    stream.removeListener('close', onclose);
  }
  if (readDone && writeDone) nextTick(once);
  else if ((rs || ws)?.closed) nextTick(onclose);
  return cleanup;
}

export function pipeline(...streams) {
  const callback = typeof streams[streams.length - 1] === 'function' ? streams.pop() : null;
  if (streams.length === 1 && Array.isArray(streams[0])) streams = streams[0];
  if (streams.length < 2) throw errorCode('ERR_MISSING_ARGS', 'The "streams" argument must be specified');
  streams = streams.map((s, i) => {
    if (typeof s === 'function') s = s(i === 0 ? undefined : streams[i - 1]);
    if (s && typeof s.on !== 'function' && (s[Symbol.asyncIterator] || s[Symbol.iterator])) return Readable.from(s);
    return s;
  });
  let error = null;
  let remaining = streams.length;
  let called = false;
  const finish = (err) => {
    if (err && !error) {
      error = err;
      for (const s of streams) if (!s.destroyed && typeof s.destroy === 'function') s.destroy(err);
    }
    if (err || --remaining === 0) {
      if (!called && callback) {
        called = true;
        callback(error);
      }
    }
  };
  // As Node: each stream is done when the side the pipeline uses is (the last one's
  // writing, the first one's reading, both for those between).
  streams.forEach((s, i) => {
    finished(s, { readable: i < streams.length - 1, writable: i > 0 }, (err) => finish(err));
  });
  for (let i = 0; i < streams.length - 1; i++) streams[i].pipe(streams[i + 1]);
  return streams[streams.length - 1];
}

export function addAbortSignal(signal, stream) {
  const abort = () => stream.destroy(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }));
  if (signal.aborted) nextTick(abort);
  else signal.addEventListener('abort', abort, { once: true });
  return stream;
}

export const isReadable = (s) => !!s && s.readable !== false && !s.destroyed;
export const isWritable = (s) => !!s && s.writable !== false && !s.destroyed;
export const isErrored = (s) => !!s?.errored;
export const isDisturbed = (s) => !!s?._readableState?.dataEmitted;

export const promises = {
  pipeline: (...streams) => new Promise((resolve, reject) => {
    const options = streams.length && !streams[streams.length - 1]?.on && typeof streams[streams.length - 1] === 'object' && !streams[streams.length - 1][Symbol.asyncIterator] ? streams.pop() : null;
    pipeline(...streams, (err) => (err ? reject(err) : resolve()));
    if (options?.signal) addAbortSignal(options.signal, streams[0]);
  }),
  finished: (stream, options) => new Promise((resolve, reject) => {
    finished(stream, options, (err) => (err ? reject(err) : resolve()));
  }),
};

Object.assign(Stream, {
  Stream, Readable, Writable, Duplex, Transform, PassThrough, pipeline, finished, addAbortSignal, promises,
  isReadable, isWritable, isErrored, isDisturbed,
});

export default Stream;
