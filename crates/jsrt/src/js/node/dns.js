// node:dns — names are resolved by the server when a request leaves (the outbound guard
// checks every address then); code cannot look addresses up itself.
const refuse = (name) => {
  const e = new Error(`queryA ENOTSUP ${name}: DNS lookups are not available in the sandbox`);
  e.code = 'ENOTSUP';
  e.hostname = name;
  return e;
};
const isIp = (s) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || String(s).includes(':');

export function lookup(hostname, options, cb) {
  if (typeof options === 'function') {
    cb = options;
    options = {};
  }
  process.nextTick(() => {
    if (isIp(hostname)) {
      const family = hostname.includes(':') ? 6 : 4;
      if (options?.all) cb(null, [{ address: hostname, family }]);
      else cb(null, hostname, family);
    } else {
      cb(refuse(hostname));
    }
  });
}

const refusing = (name, cb) => process.nextTick(() => cb(refuse(name)));
export const resolve = (name, type, cb) => refusing(name, typeof type === 'function' ? type : cb);
export const resolve4 = (name, options, cb) => refusing(name, typeof options === 'function' ? options : cb);
export const resolve6 = resolve4;
export const resolveMx = resolve4;
export const resolveTxt = resolve4;
export const resolveSrv = resolve4;
export const resolveCname = resolve4;
export const reverse = resolve4;
export const setServers = () => {};
export const getServers = () => [];
export const setDefaultResultOrder = () => {};
export const promises = {
  lookup: (hostname, options) => new Promise((res, rej) => lookup(hostname, options ?? {}, (e, address, family) => (e ? rej(e) : res(options?.all ? address : { address, family })))),
  resolve: (name) => Promise.reject(refuse(name)),
  resolve4: (name) => Promise.reject(refuse(name)),
  resolve6: (name) => Promise.reject(refuse(name)),
  resolveMx: (name) => Promise.reject(refuse(name)),
  resolveTxt: (name) => Promise.reject(refuse(name)),
};
export const ADDRCONFIG = 1024;
export const V4MAPPED = 2048;
export const ALL = 256;
export default { lookup, resolve, resolve4, resolve6, resolveMx, resolveTxt, resolveSrv, resolveCname, reverse, setServers, getServers, setDefaultResultOrder, promises, ADDRCONFIG, V4MAPPED, ALL };
