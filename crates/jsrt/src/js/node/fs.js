// node:fs — read-only, over the revision's own files (the site's code and its npm
// packages): packages read their own package.json and data files this way. Nothing of the
// server's file system is reachable, and every write fails with EROFS.
import { Readable } from 'node:stream';

const readText = globalThis.__tessera_fs_read;
const list = globalThis.__tessera_fs_list;
delete globalThis.__tessera_fs_read;
delete globalThis.__tessera_fs_list;

const fail = (code, syscall, path, what) => {
  const e = new Error(`${code}: ${what}, ${syscall} '${path}'`);
  e.code = code;
  e.syscall = syscall;
  e.path = path;
  e.errno = { ENOENT: -2, EROFS: -30, EISDIR: -21, ENOTDIR: -20 }[code] ?? -1;
  return e;
};

// A revision path: no leading slash, '.' and '..' resolved; null outside the revision.
function where(path) {
  if (path instanceof URL) path = path.pathname;
  if (Buffer.isBuffer(path)) path = path.toString();
  if (typeof path !== 'string') throw new TypeError('The "path" argument must be of type string, Buffer or URL');
  const parts = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return null;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

const isDir = (p) => p !== null && (p === '' || list(p).length > 0);

class Stats {
  constructor(file, size) {
    this.size = size;
    this.mode = file ? 0o100444 : 0o40555;
    const epoch = new Date(0);
    Object.assign(this, { atime: epoch, mtime: epoch, ctime: epoch, birthtime: epoch, atimeMs: 0, mtimeMs: 0, ctimeMs: 0, birthtimeMs: 0, uid: 0, gid: 0, nlink: 1, dev: 0, ino: 0, rdev: 0, blksize: 4096, blocks: Math.ceil(size / 512) });
    this._file = file;
  }
  isFile() { return this._file; }
  isDirectory() { return !this._file; }
  isSymbolicLink() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

const encodingOf = (options) => (typeof options === 'string' ? options : options?.encoding ?? null);

export function readFileSync(path, options) {
  const p = where(path);
  const text = p === null ? undefined : readText(p);
  if (text === undefined || text === null) {
    if (isDir(p)) throw fail('EISDIR', 'read', String(path), 'illegal operation on a directory');
    throw fail('ENOENT', 'open', String(path), 'no such file or directory');
  }
  const encoding = encodingOf(options);
  if (encoding === 'utf8' || encoding === 'utf-8') return text;
  const buf = Buffer.from(text);
  return encoding ? buf.toString(encoding) : buf;
}

export function existsSync(path) {
  try {
    const p = where(path);
    return p !== null && (readText(p) != null || isDir(p));
  } catch {
    return false;
  }
}

export function statSync(path, options) {
  const p = where(path);
  const text = p === null ? undefined : readText(p);
  if (text != null) return new Stats(true, Buffer.byteLength(text));
  if (isDir(p)) return new Stats(false, 0);
  if (options?.throwIfNoEntry === false) return undefined;
  throw fail('ENOENT', 'stat', String(path), 'no such file or directory');
}
export const lstatSync = statSync;

export function readdirSync(path, options) {
  const p = where(path);
  if (!isDir(p)) throw fail('ENOENT', 'scandir', String(path), 'no such file or directory');
  const names = list(p);
  if (options?.withFileTypes) {
    return names.map((name) => {
      const file = readText(p ? `${p}/${name}` : name) != null;
      return { name, isFile: () => file, isDirectory: () => !file, isSymbolicLink: () => false };
    });
  }
  return names;
}

export function realpathSync(path) {
  if (!existsSync(path)) throw fail('ENOENT', 'realpath', String(path), 'no such file or directory');
  return String(path);
}
realpathSync.native = realpathSync;

export function accessSync(path, mode = 0) {
  if (!existsSync(path)) throw fail('ENOENT', 'access', String(path), 'no such file or directory');
  if (mode & 2) throw fail('EROFS', 'access', String(path), 'read-only file system');
}

const readOnly = (syscall) => (path) => {
  throw fail('EROFS', syscall, String(path), 'read-only file system');
};
export const writeFileSync = readOnly('open');
export const appendFileSync = readOnly('open');
export const mkdirSync = readOnly('mkdir');
export const rmSync = readOnly('rm');
export const rmdirSync = readOnly('rmdir');
export const unlinkSync = readOnly('unlink');
export const renameSync = readOnly('rename');
export const copyFileSync = readOnly('copyfile');
export const chmodSync = readOnly('chmod');
export const mkdtempSync = readOnly('mkdtemp');
export const symlinkSync = readOnly('symlink');

export function openSync(path, flags = 'r') {
  if (flags !== 'r' && flags !== 'rs') throw fail('EROFS', 'open', String(path), 'read-only file system');
  readFileSync(path);
  throw fail('ENOTSUP', 'open', String(path), 'file descriptors are not available in the sandbox');
}

// The callback forms answer on a later turn, as Node's do.
const later = (fn) => (...args) => {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  if (!cb) throw new TypeError('The "cb" argument must be of type function');
  process.nextTick(() => {
    let out;
    try {
      out = fn(...args);
    } catch (e) {
      cb(e);
      return;
    }
    cb(null, out);
  });
};

export const readFile = later(readFileSync);
export const stat = later(statSync);
export const lstat = later(lstatSync);
export const readdir = later(readdirSync);
export const realpath = later(realpathSync);
export const access = later(accessSync);
export const writeFile = later(writeFileSync);
export const appendFile = later(appendFileSync);
export const mkdir = later(mkdirSync);
export const rm = later(rmSync);
export const unlink = later(unlinkSync);
export const rename = later(renameSync);
export function exists(path, cb) {
  process.nextTick(() => cb(existsSync(path)));
}

export function createReadStream(path, options) {
  let data;
  let error = null;
  try {
    data = readFileSync(path);
  } catch (e) {
    error = e;
  }
  const start = options?.start ?? 0;
  const end = options?.end === undefined ? undefined : options.end + 1;
  const stream = new Readable({
    encoding: encodingOf(options) ?? undefined,
    read() {
      if (error) {
        this.destroy(error);
        return;
      }
      this.push(data.subarray(start, end));
      this.push(null);
    },
  });
  stream.path = String(path);
  return stream;
}

export function createWriteStream(path) {
  throw fail('EROFS', 'open', String(path), 'read-only file system');
}

export function watch() {
  throw new Error('fs.watch is not available in the sandbox');
}

export const constants = { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, S_IFMT: 61440, S_IFREG: 32768, S_IFDIR: 16384 };
export const { F_OK, R_OK, W_OK, X_OK } = constants;

const promised = (fn) => (...args) => new Promise((resolve, reject) => {
  process.nextTick(() => {
    try {
      resolve(fn(...args));
    } catch (e) {
      reject(e);
    }
  });
});

export const promises = {
  readFile: promised(readFileSync),
  stat: promised(statSync),
  lstat: promised(lstatSync),
  readdir: promised(readdirSync),
  realpath: promised(realpathSync),
  access: promised(accessSync),
  writeFile: promised(writeFileSync),
  appendFile: promised(appendFileSync),
  mkdir: promised(mkdirSync),
  rm: promised(rmSync),
  unlink: promised(unlinkSync),
  rename: promised(renameSync),
  open: promised(openSync),
  constants,
};

export { Stats };

export default {
  readFileSync, existsSync, statSync, lstatSync, readdirSync, realpathSync, accessSync, writeFileSync,
  appendFileSync, mkdirSync, rmSync, rmdirSync, unlinkSync, renameSync, copyFileSync, chmodSync, mkdtempSync,
  symlinkSync, openSync, readFile, stat, lstat, readdir, realpath, access, writeFile, appendFile, mkdir, rm,
  unlink, rename, exists, createReadStream, createWriteStream, watch, constants, F_OK, R_OK, W_OK, X_OK,
  promises, Stats,
};
