// node:process — the global `process`.
const p = globalThis.process;
export default p;
export const { env, argv, platform, version, versions, nextTick, cwd } = p;
