// CommonJS for npm packages and site files: require(), module.exports, a module cache.
// Runs once per instance, before any site code.
(() => {
  const resolve = globalThis.__tessera_resolve;
  const source = globalThis.__tessera_source;
  const compile = globalThis.__tessera_compile;
  delete globalThis.__tessera_resolve;
  delete globalThis.__tessera_source;
  delete globalThis.__tessera_compile;
  const cache = new Map();
  const dirOf = (path) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '');

  // Host modules that site files require were imported at setup (require() cannot wait for
  // an import); Node's built-ins load when first required.
  const builtins = globalThis.__tessera_builtins;
  const requireBuiltin = globalThis.__tessera_require_builtin;
  delete globalThis.__tessera_builtins;
  delete globalThis.__tessera_require_builtin;

  // A require() bound to the file that calls it.
  const requireFrom = (path) => {
    const require = (spec) => {
      const target = resolve(path, String(spec));
      if (target.startsWith('!')) throw new Error(target.slice(1));
      return load(target);
    };
    require.resolve = (spec) => {
      const target = resolve(path, String(spec));
      if (target.startsWith('!')) throw new Error(target.slice(1));
      return target;
    };
    require.cache = {};
    return require;
  };

  function load(path) {
    if (path.startsWith('node:') && !Object.prototype.hasOwnProperty.call(builtins, path)) {
      builtins[path] = requireBuiltin(path);
    }
    if (Object.prototype.hasOwnProperty.call(builtins, path)) {
      const ns = builtins[path];
      // A host module's default export is the whole module, as Velo's bundler gives it.
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
      const require = requireFrom(path);
      // On the first line, so that line numbers stay the file's; a shebang line is dropped.
      const body = text.startsWith('#!') ? `//${text}` : text;
      const fn = compile(path, `(function (exports, require, module, __filename, __dirname) {${body}\n})`);
      fn.call(module.exports, module.exports, require, module, path, dirOf(path));
    }
    module.loaded = true;
    return module.exports;
  }

  Object.defineProperty(globalThis, '__tessera_cjs', { value: load });
  Object.defineProperty(globalThis, '__tessera_require_for', { value: requireFrom });
})();
