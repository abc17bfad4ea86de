// Globals every instance sets up before site code runs; a module so that it is compiled
// once per process (see loader::declare_ours). It takes its host functions off globalThis.

// console.* for site code: each call becomes one log line of the invocation.
const log = globalThis.__tessera_log;
delete globalThis.__tessera_log;
const show = (v) => {
  if (typeof v === 'string') return v;
  if (v instanceof Error) return v.stack ? `${v.name}: ${v.message}\n${v.stack}` : `${v.name}: ${v.message}`;
  try {
    const json = JSON.stringify(v);
    return json === undefined ? String(v) : json;
  } catch {
    return String(v);
  }
};
// A long line is cut before it leaves JavaScript, so a huge one is never copied out whole
// (the server also cuts each line at 8 KB of UTF-8).
const MAX_LINE = 8000;
const console = {};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  console[level] = (...args) => {
    const line = args.map(show).join(' ');
    const more = line.length - MAX_LINE;
    log(level, more > 0 ? `${line.slice(0, MAX_LINE)} … [${more} more characters cut]` : line);
  };
}
globalThis.console = Object.freeze(console);

// Node's globals (Buffer, URL, TextEncoder, …): placeholders that set their group up on
// first use.
const init = globalThis.__tessera_init_global;
const groups = JSON.parse(globalThis.__tessera_global_groups);
delete globalThis.__tessera_init_global;
delete globalThis.__tessera_global_groups;
for (const [group, names] of groups) {
  for (const name of names) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() { init(group); return globalThis[name]; },
      set(v) { init(group); globalThis[name] = v; },
    });
  }
}

// Web Crypto's random part, as browsers and Node offer it globally.
globalThis.crypto = Object.freeze({
  getRandomValues(a) {
    const b = __tessera_crypto.random(a.byteLength);
    new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(b);
    return a;
  },
  randomUUID() { return __tessera_crypto.uuid(); },
});

// Node's `global` and `process`, which npm packages and Velo code written for Node probe.
globalThis.global = globalThis;
const started = Date.now();
const makeProcess = () => {
  const hrtime = (previous) => {
    const ms = globalThis.performance?.now?.() ?? Date.now() - started;
    let seconds = Math.floor(ms / 1000);
    let nanos = Math.floor((ms % 1000) * 1e6);
    if (previous) {
      seconds -= previous[0];
      nanos -= previous[1];
      if (nanos < 0) {
        seconds -= 1;
        nanos += 1e9;
      }
    }
    return [seconds, nanos];
  };
  hrtime.bigint = () => BigInt(Math.floor((globalThis.performance?.now?.() ?? Date.now() - started) * 1e6));
  const stdio = (level) => ({ isTTY: false, write: (s) => { console[level](String(s).replace(/\n$/, '')); return true; } });
  return {
    env: { NODE_ENV: 'production' },
    argv: [],
    execArgv: [],
    platform: 'linux',
    arch: 'x64',
    pid: 1,
    ppid: 0,
    title: 'tessera',
    version: 'v20.0.0',
    versions: { node: '20.0.0' },
    release: { name: 'node' },
    browser: false,
    exitCode: undefined,
    // An error thrown by the callback would end a Node process; here it is logged, not lost.
    nextTick: (fn, ...args) => {
      Promise.resolve().then(() => fn(...args)).catch((e) => console.error('uncaught exception in process.nextTick callback:', e));
    },
    cwd: () => '/',
    umask: () => 0o22,
    hrtime,
    uptime: () => (Date.now() - started) / 1000,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    emitWarning: (warning) => console.warn(`Warning: ${warning?.message ?? warning}`),
    exit: () => { throw new Error('process.exit is not available in the sandbox'); },
    on() { return this; },
    once() { return this; },
    off() { return this; },
    removeListener() { return this; },
    emit: () => false,
    listeners: () => [],
    get stdout() { return stdio('log'); },
    // Packages tell Node by it (axios picks its http adapter so).
    [Symbol.toStringTag]: 'process',
    get stderr() { return stdio('error'); },
  };
};

// `process` is made on first use: most calls never touch it.
const settle = (value) => {
  Object.defineProperty(globalThis, 'process', { value, writable: true, configurable: true, enumerable: false });
  return value;
};
Object.defineProperty(globalThis, 'process', {
  configurable: true,
  get() { return settle(makeProcess()); },
  set(v) { settle(v); },
});
