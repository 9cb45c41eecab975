// Where the emend binary is: no VS Code API here, so that it can be tested
// with plain Node.

import * as fs from 'fs';
import * as path from 'path';

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The binary named by the setting `emend.path` (a file, or a folder holding
 * it; `~/` is the home folder) when it is set, else `emend` on the PATH;
 * undefined when there is none.
 */
export function findServer(
  configured: string,
  envPath: string | undefined,
  platform: string,
  home: string | undefined,
): string | undefined {
  const names = platform === 'win32' ? ['emend.exe', 'emend'] : ['emend'];
  const setting = configured.trim();
  if (setting !== '') {
    const file = setting.startsWith('~/') && home ? path.join(home, setting.slice(2)) : setting;
    if (isExecutable(file)) return file;
    for (const name of names) {
      if (isExecutable(path.join(file, name))) return path.join(file, name);
    }
    return undefined;
  }
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const file = path.join(dir, name);
      if (isExecutable(file)) return file;
    }
  }
  return undefined;
}
