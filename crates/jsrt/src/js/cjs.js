// CommonJS for npm packages: require(), module.exports, a module cache; and the few Node
// globals packages probe for. Runs once per instance, before any site code.
(() => {
  const resolve = globalThis.__tessera_resolve;
  const source = globalThis.__tessera_source;
  delete globalThis.__tessera_resolve;
  delete globalThis.__tessera_source;
  const cache = new Map();
  const dirOf = (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

  // Built-ins were imported at setup (require() cannot wait for an import).
  const builtins = globalThis.__tessera_builtins;
  delete globalThis.__tessera_builtins;

  function load(path) {
    if (path.startsWith('node:')) {
      const ns = builtins[path];
      return ns.default ?? ns;
    }
    const cached = cache.get(path);
    if (cached) return cached.exports;
    const module = { exports: {}, id: path, filename: path, loaded: false, children: [] };
    cache.set(path, module);
    const text = source(path);
    if (path.endsWith('.json')) {
      module.exports = JSON.parse(text);
    } else {
      const require = (spec) => {
        const target = resolve(path, String(spec));
        if (target.startsWith('!')) throw new Error(target.slice(1));
        return load(target);
      };
      require.resolve = (spec) => resolve(path, String(spec));
      require.cache = {};
      const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', `${text}\n//# sourceURL=${path}`);
      fn.call(module.exports, module.exports, require, module, path, dirOf(path));
    }
    module.loaded = true;
    return module.exports;
  }

  Object.defineProperty(globalThis, '__tessera_cjs', { value: load });
  if (!('global' in globalThis)) globalThis.global = globalThis;
  if (!('process' in globalThis)) {
    globalThis.process = {
      env: { NODE_ENV: 'production' },
      argv: [],
      platform: 'tessera',
      version: 'v20.0.0',
      versions: {},
      nextTick: (fn, ...args) => Promise.resolve().then(() => fn(...args)),
      cwd: () => '/',
    };
  }
})();
