// Turns the Procfile, the env files and the flags into the Formation to run.
//
// - Paths: `-f` is relative to the working directory; without it the Procfile is
//   `Procfile` in `-d`, else in the working directory. The app directory, where every
//   process runs and the default `.env` lives, is `-d`, else the Procfile's directory.
// - A dyno's environment, lowest to highest: the inherited environment, the env files
//   (see env/load.ts), then `PORT`, `DYNO` and `PS`. The release process gets the base
//   port as `PORT` (as `dynorun run` does), `DYNO=release.1` and `PS`.
// - Base port: `-p`, else `PORT` from the env files, else 5000. The shell's own `PORT`
//   is ignored on purpose: a value left over from another app would silently move
//   every dyno (foreman and honcho do read it).
// - `release` is not a process type: it is not scaled, takes no port slot, and runs
//   once before the formation unless `release: false`.
// - With `herokuEnv`, only `web` dynos get `PORT` (Heroku's rule): every other dyno, the
//   release included, runs without one, even when the shell or an env file sets it.
// - Settings per type come from settings/ (defaults < `dynorun.yml` < flags); a formation
//   above a type's `max_instances` is refused here, with the file and line that set it.

import { stat } from 'node:fs/promises';

import { loadEnv } from '../env/load.js';
import { FormationError, UsageError } from '../errors.js';
import { loadProcfile } from '../procfile/load.js';
import type {
  Env,
  Formation,
  PlanOptions,
  ProcessSpec,
  ProcfileEntry,
  ResolvedTypeSettings,
} from '../types.js';
import { loadSettings } from '../settings/load-settings.js';
import { releaseSettings, resolveSettings } from '../settings/resolve-settings.js';
import { checkSettings } from './check-settings.js';
import { checkShellSyntax } from './check-shell-syntax.js';
import { findProfileScripts } from './find-profile-scripts.js';
import { listTypes, parseFormation } from './formation.js';
import { dynoSpec, withoutPort } from './dyno-spec.js';
import { locateApp } from './locate-app.js';
import { DEFAULT_BASE_PORT, MAX_PORT } from './ports.js';

const RELEASE = 'release';

export async function buildPlan(options: PlanOptions = {}): Promise<Formation> {
  const { procfile, display, appDir } = await locate(options);
  const { file, entries } = await loadProcfile(procfile, display);
  await checkShellSyntax(entries, display);
  const inherited = options.inherited ?? definedEnv(process.env);
  const loaded = await loadEnv({ files: options.envFiles, cwd: appDir, inherited });

  const base = basePort(options.port, loaded.env);
  const types = entries.map((entry) => entry.name).filter((name) => name !== RELEASE);
  const selected = selectTypes(options.only, types);
  const formation = parseFormation(options.formation, types);
  const counts = new Map(selected.map((type) => [type, formation.get(type) ?? 0]));
  const env = { ...inherited, ...loaded.env };
  const planned = await planSettings(options, appDir, entries, counts);
  const { settings, settingsFile, settingsFileName } = planned;
  const byType = new Map(settings.types.map((entry) => [entry.type, entry]));

  const skipProfile = options.profile === false;
  const profileScripts = skipProfile ? [] : await findProfileScripts(appDir);
  const herokuEnv = options.herokuEnv === true;
  const shared = { base, cwd: appDir, env, herokuEnv, profileScripts };
  const dynos = entries
    .filter((entry) => counts.has(entry.name))
    .flatMap((entry) => {
      const count = counts.get(entry.name) ?? 0;
      const context = { ...shared, position: types.indexOf(entry.name) };
      const typeSettings = byType.get(entry.name) as ResolvedTypeSettings;
      return Array.from({ length: count }, (_, i) => dynoSpec(entry, typeSettings, context, i + 1));
    });

  const releaseEntry = entries.find((entry) => entry.name === RELEASE);
  const { timeoutMs } = settings.release;
  const flags = options.settingsFlags;
  const release =
    releaseEntry !== undefined && options.release !== false
      ? releaseSpec(releaseEntry, { ...shared, timeoutMs, flags })
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
    settingsFile,
    settingsFileName,
    settings,
    releaseTimeoutMs: settings.release.timeoutMs,
    herokuEnv,
    profileScripts,
  };
}

// Loads and resolves the settings, then checks them against the formation (`counts`: the
// dynos of each selected type).
async function planSettings(
  options: PlanOptions,
  appDir: string,
  entries: ProcfileEntry[],
  counts: Map<string, number>,
) {
  const { settingsFile: file, settingsFlags: flags, releaseTimeoutMs } = options;
  const procfileTypes = entries.map((entry) => entry.name);
  const types = procfileTypes.filter((name) => name !== RELEASE);
  const loaded = await loadSettings({ file, appDir, procfileTypes });
  const input = { file: loaded.settings, types, flags, releaseTimeoutMs };
  const settings = resolveSettings(input);

  const fileName = loaded.settings?.fileName;
  const herokuEnv = options.herokuEnv === true;
  checkSettings(settings.types, { fileName, counts, herokuEnv });
  return { settings, settingsFile: loaded.path, settingsFileName: fileName };
}

async function locate(options: PlanOptions) {
  if (options.dir !== undefined) await checkDirectory(options.dir);
  return locateApp(options);
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

interface SharedContext {
  base: number;
  cwd: string;
  env: Env;
  herokuEnv: boolean;
  profileScripts: string[];
}

interface ReleaseContext extends SharedContext {
  timeoutMs: number;
  flags: PlanOptions['settingsFlags'];
}

function releaseSpec(entry: ProcfileEntry, context: ReleaseContext): ProcessSpec {
  const dyno = `${RELEASE}.1`;
  // Like a one-off dyno, the release gets the base port, so the shell's PORT never leaks in.
  const port: Env = context.herokuEnv ? {} : { PORT: String(context.base) };
  const env = { ...withoutPort(context.env, context.herokuEnv), ...port, DYNO: dyno, PS: dyno };
  return {
    name: RELEASE,
    type: RELEASE,
    index: 1,
    command: entry.command,
    cwd: context.cwd,
    env,
    port: undefined,
    ...releaseSettings(context.flags),
    profileScripts: [...context.profileScripts],
    timeoutMs: context.timeoutMs,
  };
}

function definedEnv(env: NodeJS.ProcessEnv): Env {
  const defined: Env = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) defined[key] = value;
  return defined;
}
