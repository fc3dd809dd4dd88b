// Turns the Procfile, the env files and the flags into the Formation to run.
//
// - Paths: `-f` is relative to the working directory; without it the Procfile is
//   `Procfile` in `-d`, else in the working directory. The app directory, where every
//   process runs and the default `.env` lives, is `-d`, else the Procfile's directory.
// - A dyno's environment, lowest to highest: the inherited environment, the env files
//   (see env/load.ts), then `PORT`, `DYNO` and `PS`. The release process gets `DYNO`
//   and `PS` only, and sees whatever `PORT` the environment already has.
// - Base port: `-p`, else `PORT` from the env files, else 5000. The shell's own `PORT`
//   is ignored on purpose: a value left over from another app would silently move
//   every dyno (foreman and honcho do read it).
// - `release` is not a process type: it is not scaled, takes no port slot, and runs
//   once before the formation unless `release: false`.

import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

import { loadEnv } from '../env/load.js';
import { FormationError, UsageError } from '../errors.js';
import { loadProcfile } from '../procfile/load.js';
import type { Env, Formation, PlanOptions, ProcessSpec, ProcfileEntry } from '../types.js';
import { listTypes, parseFormation } from './formation.js';
import { DEFAULT_BASE_PORT, MAX_PORT, portFor } from './ports.js';

const RELEASE = 'release';

export async function buildPlan(options: PlanOptions = {}): Promise<Formation> {
  const { procfile, display, appDir } = await locate(options);
  const { file, entries } = await loadProcfile(procfile, display);
  const inherited = options.inherited ?? definedEnv(process.env);
  const loaded = await loadEnv({ files: options.envFiles, cwd: appDir, inherited });

  const base = basePort(options.port, loaded.env);
  const types = entries.map((entry) => entry.name).filter((name) => name !== RELEASE);
  const selected = selectTypes(options.only, types);
  const counts = parseFormation(options.formation, types);
  const env = { ...inherited, ...loaded.env };

  const dynos = entries
    .filter((entry) => selected.includes(entry.name))
    .flatMap((entry) => {
      const count = counts.get(entry.name) ?? 0;
      const position = types.indexOf(entry.name);
      return dynosOf(entry, { count, position, base, cwd: appDir, env });
    });

  const releaseEntry = entries.find((entry) => entry.name === RELEASE);
  const release =
    releaseEntry !== undefined && options.release !== false
      ? releaseSpec(releaseEntry, appDir, env)
      : undefined;

  return {
    procfile: file,
    cwd: appDir,
    envFiles: loaded.files,
    release,
    dynos,
    processTypes: entries,
    fileEnv: loaded.env,
    appEnv: env,
    basePort: base,
  };
}

async function locate(options: PlanOptions) {
  const { dir } = options;
  if (dir !== undefined) await checkDirectory(dir);

  const fallback = dir === undefined ? 'Procfile' : join(dir, 'Procfile');
  const display = options.procfile ?? fallback;
  const procfile = resolve(display);
  const appDir = dir === undefined ? dirname(procfile) : resolve(dir);
  return { procfile, display, appDir };
}

async function checkDirectory(dir: string): Promise<void> {
  const stats = await stat(dir).catch(() => undefined);
  if (stats?.isDirectory()) return;

  const problem = stats === undefined ? 'no such directory' : 'not a directory';
  throw new UsageError(`app directory ${dir}: ${problem}`);
}

function basePort(flag: number | undefined, fileEnv: Env): number {
  const range = `a port from 1 to ${MAX_PORT}`;
  if (flag !== undefined) {
    if (!isPort(flag)) throw new UsageError(`-p must be ${range}, got ${flag}`);
    return flag;
  }

  const fromFile = fileEnv.PORT;
  if (fromFile === undefined) return DEFAULT_BASE_PORT;
  const port = /^\d+$/.test(fromFile) ? Number(fromFile) : NaN;
  if (!isPort(port)) {
    throw new FormationError(`PORT in the env files must be ${range}, got "${fromFile}"`);
  }
  return port;
}

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= MAX_PORT;
}

// The types to run, in Procfile order whatever order `only` names them in.
function selectTypes(only: string[] | undefined, types: string[]): string[] {
  if (only === undefined) return types;

  for (const name of only) {
    if (name === RELEASE) {
      const why = 'it runs once, before the formation starts';
      throw new FormationError(`"release" is not a process type: ${why}`);
    }
    if (!types.includes(name)) {
      const valid = listTypes(types);
      throw new FormationError(`unknown process type "${name}"; valid types: ${valid}`);
    }
  }
  return types.filter((type) => only.includes(type));
}

interface TypeContext {
  count: number;
  /** 0-based position among the Procfile's types, for the port. */
  position: number;
  base: number;
  cwd: string;
  env: Env;
}

function dynosOf(entry: ProcfileEntry, context: TypeContext): ProcessSpec[] {
  const { count, position, base, cwd } = context;
  return Array.from({ length: count }, (_, i) => {
    const index = i + 1;
    const name = `${entry.name}.${index}`;
    const port = portFor(base, position, index, name);
    const env = { ...context.env, PORT: String(port), DYNO: name, PS: name };
    return { name, type: entry.name, index, command: entry.command, cwd, env, port };
  });
}

function releaseSpec(entry: ProcfileEntry, cwd: string, appEnv: Env): ProcessSpec {
  const dyno = `${RELEASE}.1`;
  const env = { ...appEnv, DYNO: dyno, PS: dyno };
  return {
    name: RELEASE,
    type: RELEASE,
    index: 1,
    command: entry.command,
    cwd,
    env,
    port: undefined,
  };
}

function definedEnv(env: NodeJS.ProcessEnv): Env {
  const defined: Env = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) defined[key] = value;
  return defined;
}
