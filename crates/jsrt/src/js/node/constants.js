// node:constants — the old home of os and fs constants.
import os from 'node:os';
import fs from 'node:fs';
const all = { ...os.constants.signals, ...os.constants.errno, ...fs.constants };
export default all;
