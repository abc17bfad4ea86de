// node:os — a fixed description of the sandbox: it tells nothing about the server.
export const EOL = '\n';
export const devNull = '/dev/null';
export const hostname = () => 'tessera';
export const platform = () => 'linux';
export const type = () => 'Linux';
export const release = () => '6.0.0';
export const version = () => '#1 SMP';
export const arch = () => 'x64';
export const machine = () => 'x86_64';
export const endianness = () => 'LE';
export const tmpdir = () => '/tmp';
export const homedir = () => '/';
export const uptime = () => 0;
export const loadavg = () => [0, 0, 0];
export const totalmem = () => 64 * 1024 * 1024;
export const freemem = () => 32 * 1024 * 1024;
export const availableParallelism = () => 1;
export const cpus = () => [{ model: 'sandbox', speed: 0, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } }];
export const networkInterfaces = () => ({});
export const userInfo = () => ({ uid: -1, gid: -1, username: 'site', homedir: '/', shell: null });
export const constants = {
  signals: { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 },
  errno: { ENOENT: 2, EACCES: 13, ECONNREFUSED: 111, ETIMEDOUT: 110 },
  priority: {},
};
export default {
  EOL, devNull, hostname, platform, type, release, version, arch, machine, endianness, tmpdir, homedir, uptime,
  loadavg, totalmem, freemem, availableParallelism, cpus, networkInterfaces, userInfo, constants,
};
