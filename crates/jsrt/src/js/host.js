// tessera:host — the one door from JavaScript to the server. It captures the host function
// and removes it from the global object before any site code runs.
const host = globalThis.__tessera_host;
delete globalThis.__tessera_host;

// wix-auth's elevate(): while an elevated call runs, every host call of the invocation says
// so (`elevated: true` in its payload) and the server gives it full rights. QuickJS has no
// async context to tell which call chain a host call comes from, so calls that run
// concurrently with an elevated one, in the same invocation, are elevated too. An
// invocation starts at depth 0 (the runtime calls beginInvocation), so elevation never
// reaches the next caller of this instance, even when an elevated call never settled.
let depth = 0;
let generation = 0;

export function beginInvocation() {
  depth = 0;
  generation += 1;
}

/** Which invocation runs now: modules tell by it whether what they learnt is current. */
export function invocation() {
  return generation;
}

// Work a host module needs done before each invocation's code runs (wix-users-backend
// learns who the caller is); sites that import no such module pay nothing.
const starters = [];

export function onInvocation(fn) {
  starters.push(fn);
}

/** Runs the starters; null when there are none, so a call can stay synchronous. */
export function startInvocation() {
  return starters.length ? Promise.all(starters.map((fn) => fn())) : null;
}

/** Runs `fn` elevated; resolves or rejects as it does. */
export async function elevated(fn) {
  const mine = generation;
  depth += 1;
  try {
    return await fn();
  } finally {
    if (mine === generation) depth -= 1;
  }
}

/** Calls host operation `op` with a JSON payload; resolves to the answer or throws its error. */
export async function call(op, payload) {
  if (depth > 0 && payload && typeof payload === 'object') payload = { ...payload, elevated: true };
  const answer = JSON.parse(await host(op, JSON.stringify(payload ?? null)));
  if (answer.error) {
    const e = new Error(answer.error.message);
    e.code = answer.error.code;
    if (answer.error.details) e.details = answer.error.details;
    throw e;
  }
  return answer.ok;
}
