// Looks a program up as /bin/sh will when the dyno starts: a name with a `/` is a path
// (relative to the app directory, where the dyno runs); any other name is searched in
// each directory of the dyno's PATH in order, an empty or relative entry counting from
// the app directory. As in dash and bash, a file that is found but not executable is
// skipped while a later directory has an executable one.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join, resolve } from 'node:path';

// dash's search path when PATH is unset.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type ProgramLookup =
  | { found: true; path: string }
  | { found: false; reason: 'missing' }
  | { found: false; reason: 'not-executable'; path: string };

export async function findProgram(
  program: string,
  where: { cwd: string; path: string | undefined },
): Promise<ProgramLookup> {
  if (program.includes('/')) {
    const path = resolve(where.cwd, program);
    const kind = await fileKind(path);
    if (kind === 'missing') return { found: false, reason: 'missing' };
    return kind === 'executable'
      ? { found: true, path }
      : { found: false, reason: 'not-executable', path };
  }

  let notExecutable: string | undefined;
  for (const dir of (where.path ?? DEFAULT_PATH).split(delimiter)) {
    const path = join(resolve(where.cwd, dir), program);
    const kind = await fileKind(path);
    if (kind === 'executable') return { found: true, path };
    if (kind === 'not-executable') notExecutable ??= path;
  }
  return notExecutable === undefined
    ? { found: false, reason: 'missing' }
    : { found: false, reason: 'not-executable', path: notExecutable };
}

type FileKind = 'missing' | 'executable' | 'not-executable';

async function fileKind(path: string): Promise<FileKind> {
  const stats = await stat(path).catch(() => undefined);
  if (stats === undefined) return 'missing';
  if (!stats.isFile()) return 'not-executable';
  const executable = await access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
  return executable ? 'executable' : 'not-executable';
}
