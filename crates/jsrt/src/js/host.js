// tessera:host — the one door from JavaScript to the server. It captures the host function
// and removes it from the global object before any site code runs.
const host = globalThis.__tessera_host;
delete globalThis.__tessera_host;

/** Calls host operation `op` with a JSON payload; resolves to the answer or throws its error. */
export async function call(op, payload) {
  const answer = JSON.parse(await host(op, JSON.stringify(payload ?? null)));
  if (answer.error) {
    const e = new Error(answer.error.message);
    e.code = answer.error.code;
    if (answer.error.details) e.details = answer.error.details;
    throw e;
  }
  return answer.ok;
}
