// Reads a Procfile from disk and parses it. Messages name the file the way the user
// wrote it (`-f deploy/Procfile` stays relative); the result has the absolute path.

import { resolve } from 'node:path';

import { ProcfileError } from '../errors.js';
import { readInputFile } from '../read-input-file.js';
import type { ProcfileEntry } from '../types.js';
import { parseProcfile } from './parse.js';

export interface Procfile {
  /** Absolute path of the Procfile that was read. */
  file: string;
  entries: ProcfileEntry[];
}

export async function loadProcfile(path: string, displayName = path): Promise<Procfile> {
  const file = resolve(path);
  const fail = (problem: string, line?: number) => new ProcfileError(displayName, line, problem);
  const text = await readInputFile(file, fail);
  return { file, entries: parseProcfile(text, displayName) };
}
