// The scripts a dyno sources before its command, as Heroku's dyno startup does once the
// config vars are set: every `.profile.d/*.sh` of the app directory in name order, then
// `.profile`. Only regular files count (or links to them); the supervisor sources them.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Absolute paths, in the order they are sourced; empty when the app has none. */
export async function findProfileScripts(appDir: string): Promise<string[]> {
  const profileDir = join(appDir, '.profile.d');
  const names = await readdir(profileDir).catch(() => [] as string[]);
  const scripts = names
    .filter((name) => name.endsWith('.sh'))
    .sort(byCodePoint)
    .map((name) => join(profileDir, name));
  scripts.push(join(appDir, '.profile'));

  const found: string[] = [];
  for (const script of scripts) if (await isFile(script)) found.push(script);
  return found;
}

// The order of `ls` and of a shell glob in the C locale: `10-b.sh` before `2-a.sh`.
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function isFile(path: string): Promise<boolean> {
  const stats = await stat(path).catch(() => undefined);
  return stats?.isFile() === true;
}
