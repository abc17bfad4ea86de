// console.* for site code: each call becomes one log line of the invocation.
(() => {
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
  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    console[level] = (...args) => log(level, args.map(show).join(' '));
  }
  globalThis.console = Object.freeze(console);
})();
