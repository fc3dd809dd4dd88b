// Reads the env files of an app and merges them.
//
// Precedence, lowest to highest: the inherited environment (the shell that started
// dynorun), then each env file in the order given. A later file overrides an earlier
// one and every file overrides the shell, as in foreman and honcho. The returned
// `env` holds only what the files define; the caller lays it over the inherited
// environment. While file N is parsed, `$VAR` sees the inherited environment
// overlaid with files 1..N-1.

import { resolve } from 'node:path';

import { EnvFileError } from '../errors.js';
import { displayPath, readInputFile } from '../read-input-file.js';
import type { Env } from '../types.js';
import { parseEnv } from './parse.js';

export interface LoadEnvOptions {
  /**
   * Env files as the user named them, relative to the process working directory.
   * Each must exist. An empty list reads no file.
   * @default `<cwd>/.env`, when it exists
   */
  files?: string[];
  /** The app directory, where the default `.env` is looked up. */
  cwd: string;
  /** The environment `$VAR` falls back to. */
  inherited: Env;
}

export interface LoadedEnv {
  /** Variables defined by the files, merged (later files win). */
  env: Env;
  /** Absolute paths of the files that were read, in order. */
  files: string[];
}

export async function loadEnv(options: LoadEnvOptions): Promise<LoadedEnv> {
  const sources = options.files?.map((file) => ({ display: file, optional: false })) ?? [
    { display: displayPath(resolve(options.cwd, '.env')), optional: true },
  ];

  let env: Env = {};
  const files: string[] = [];
  for (const { display, optional } of sources) {
    const path = resolve(display);
    const fail = (problem: string, line?: number) => new EnvFileError(display, line, problem);
    const text = await readInputFile(path, fail, optional);
    if (text === undefined) continue;

    env = { ...env, ...parseEnv(text, display, { ...options.inherited, ...env }) };
    files.push(path);
  }
  return { env, files };
}
