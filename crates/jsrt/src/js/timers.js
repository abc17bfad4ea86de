// node:timers — setTimeout and friends over the server's clock. Time spent waiting does not
// count against the CPU quota.
const sleep = globalThis.__tessera_sleep;
const pending = new Set();
let next = 0;

export function setTimeout(fn, ms = 0, ...args) {
  const id = ++next;
  pending.add(id);
  sleep(Math.max(0, Number(ms) || 0)).then(() => {
    if (pending.delete(id)) fn(...args);
  });
  return id;
}

export function clearTimeout(id) {
  pending.delete(id);
}

export function setInterval(fn, ms = 0, ...args) {
  const id = ++next;
  pending.add(id);
  const tick = () => sleep(Math.max(1, Number(ms) || 0)).then(() => {
    if (!pending.has(id)) return;
    fn(...args);
    tick();
  });
  tick();
  return id;
}

export const clearInterval = clearTimeout;

export function setImmediate(fn, ...args) {
  return setTimeout(fn, 0, ...args);
}

export const clearImmediate = clearTimeout;

export default { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate };
