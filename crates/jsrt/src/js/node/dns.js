// node:dns — names are resolved by the server when a connection or request leaves (its
// guards check the addresses then), so code cannot look addresses up itself: lookup() hands
// a name back as its own address, and the resolve*() family finds nothing.
export const NODATA = 'ENODATA';
export const FORMERR = 'EFORMERR';
export const SERVFAIL = 'ESERVFAIL';
export const NOTFOUND = 'ENOTFOUND';
export const NOTIMP = 'ENOTIMP';
export const REFUSED = 'EREFUSED';
export const CONNREFUSED = 'ECONNREFUSED';
export const TIMEOUT = 'ETIMEOUT';
export const ADDRCONFIG = 1024;
export const V4MAPPED = 2048;
export const ALL = 256;

const family = (s) => (String(s).includes(':') ? 6 : 4);

export function lookup(hostname, options, cb) {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  const all = typeof options === 'object' && options?.all;
  process.nextTick(() => {
    if (all) cb(null, [{ address: hostname, family: family(hostname) }]);
    else cb(null, hostname, family(hostname));
  });
}

const notFound = (name) => {
  const e = new Error(`queryA ${NOTFOUND} ${name}: the server resolves names itself`);
  e.code = NOTFOUND;
  e.hostname = name;
  return e;
};
const nothing = (name, ...rest) => {
  const cb = rest.find((a) => typeof a === 'function');
  process.nextTick(() => cb(notFound(name)));
};
export const resolve = nothing;
export const resolve4 = nothing;
export const resolve6 = nothing;
export const resolveMx = nothing;
export const resolveTxt = nothing;
export const resolveSrv = nothing;
export const resolveCname = nothing;
export const resolveNs = nothing;
export const reverse = nothing;
export const setServers = () => {};
export const getServers = () => [];
export const setDefaultResultOrder = () => {};

export class Resolver {
  cancel() {}
  setServers() {}
  getServers() { return []; }
}
for (const name of ['resolve', 'resolve4', 'resolve6', 'resolveMx', 'resolveTxt', 'resolveSrv', 'resolveCname', 'resolveNs', 'reverse']) {
  Resolver.prototype[name] = nothing;
}

export const promises = {
  lookup: (hostname, options) => new Promise((resolve) => {
    lookup(hostname, options ?? {}, (_e, address, fam) => resolve(options?.all ? address : { address, family: fam }));
  }),
  resolve: (name) => Promise.reject(notFound(name)),
  resolve4: (name) => Promise.reject(notFound(name)),
  resolve6: (name) => Promise.reject(notFound(name)),
  resolveMx: (name) => Promise.reject(notFound(name)),
  resolveTxt: (name) => Promise.reject(notFound(name)),
};

export default {
  lookup, resolve, resolve4, resolve6, resolveMx, resolveTxt, resolveSrv, resolveCname, resolveNs, reverse,
  setServers, getServers, setDefaultResultOrder, Resolver, promises, NODATA, FORMERR, SERVFAIL, NOTFOUND,
  NOTIMP, REFUSED, CONNREFUSED, TIMEOUT, ADDRCONFIG, V4MAPPED, ALL,
};
