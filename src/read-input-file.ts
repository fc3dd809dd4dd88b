// Reads a Procfile or .env file as UTF-8 text and turns the usual failures into one
// short problem for the caller's error class ("no such file", "is a directory").
// Invalid UTF-8 becomes U+FFFD and a leading BOM is dropped: parsers see only text.

import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

export type Problem = (problem: string) => Error;

export async function readInputFile(path: string, fail: Problem): Promise<string>;
export async function readInputFile(
  path: string,
  fail: Problem,
  missingOk: boolean,
): Promise<string | undefined>;

/** With `missingOk`, a file that does not exist gives undefined instead of an error. */
export async function readInputFile(
  path: string,
  fail: Problem,
  missingOk = false,
): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && missingOk) return undefined;
    throw fail(describeReadError(code));
  }
  return new TextDecoder('utf-8').decode(bytes);
}

function describeReadError(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot be read (${code ?? 'unknown error'})`;
  }
}

// How messages name a file found by default (`.env`, `dynorun.yml` in the app directory):
// relative to the working directory when it lies below it, else absolute.
export function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') || isAbsolute(shown) ? path : shown;
}
