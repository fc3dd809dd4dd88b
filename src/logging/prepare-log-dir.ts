// The directory of `--log-dir`, made ready before anything starts: created when missing,
// and refused with a usage error naming it when it cannot hold the log files (a regular
// file in its place or in its path, no permission). Single files that later cannot be
// opened or written are not an error here: the run reports and skips them.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { displayPath } from '../read-input-file.js';

export function prepareLogDir(dir: string): void {
  const blocking = fileInPath(dir);
  if (blocking !== undefined) {
    const where = blocking === resolve(dir) ? '' : `${displayPath(blocking)} `;
    throw new UsageError(`--log-dir ${dir}: ${where}is a file, not a directory`);
  }
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new UsageError(`--log-dir ${dir}: ${describeFileError(error as Error)}`);
  }
}

/** `EACCES: permission denied`: Node's message without the call and path it adds. */
export function describeFileError(error: Error): string {
  return error.message.replace(/, \w+(?: '.*')?$/, '');
}

// The nearest existing path from `dir` up that is not a directory, if any.
function fileInPath(dir: string): string | undefined {
  for (let path = resolve(dir); ; path = dirname(path)) {
    try {
      return statSync(path).isDirectory() ? undefined : path;
    } catch {
      if (dirname(path) === path) return undefined;
    }
  }
}
