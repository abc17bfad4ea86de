// node:fs/promises — the promise forms of the read-only `fs`.
import { promises } from 'node:fs';

export const { readFile, stat, lstat, readdir, realpath, access, writeFile, appendFile, mkdir, rm, unlink, rename, open, constants } = promises;
export default promises;
