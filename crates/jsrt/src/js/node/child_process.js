// node:child_process — loads (packages such as nodemailer require it for transports they may
// not use), but no process can be started from the sandbox.
const refuse = (name) => () => {
  const e = new Error(`child_process.${name}: starting processes is not available in the sandbox`);
  e.code = 'ERR_NOT_AVAILABLE';
  throw e;
};
export const spawn = refuse('spawn');
export const spawnSync = refuse('spawnSync');
export const exec = refuse('exec');
export const execSync = refuse('execSync');
export const execFile = refuse('execFile');
export const execFileSync = refuse('execFileSync');
export const fork = refuse('fork');
export default { spawn, spawnSync, exec, execSync, execFile, execFileSync, fork };
