// One dyno's ProcessSpec: its name, PORT, DYNO, PS and environment. buildPlan makes every
// dyno of the formation with it, and a live `dynorun scale` makes new instances with it
// from the Formation, so a dyno added later gets exactly what it would have got at start.

import { FormationError } from '../errors.js';
import type { Env, Formation, ProcessSpec, ProcfileEntry, ResolvedTypeSettings } from '../types.js';
import { listTypes } from './formation.js';
import { portFor } from './ports.js';

export interface DynoContext {
  base: number;
  cwd: string;
  /** The environment every process starts from: inherited, then the env files. */
  env: Env;
  herokuEnv: boolean;
  profileScripts: string[];
  /** 0-based position among the Procfile's types (not counting `release`), for the port. */
  position: number;
}

export function dynoSpec(
  entry: ProcfileEntry,
  typeSettings: ResolvedTypeSettings,
  context: DynoContext,
  index: number,
): ProcessSpec {
  const name = `${entry.name}.${index}`;
  const hasPort = !context.herokuEnv || entry.name === 'web';
  const port = hasPort ? portFor(context.base, context.position, index, name) : undefined;
  const env: Env = { ...withoutPort(context.env, context.herokuEnv), DYNO: name, PS: name };
  if (port !== undefined) env.PORT = String(port);

  const { settings, sources } = typeSettings;
  const profileScripts = [...context.profileScripts];
  const { command } = entry;
  return {
    name,
    type: entry.name,
    index,
    command,
    cwd: context.cwd,
    env,
    port,
    settings,
    sources,
    profileScripts,
  };
}

/** The spec of instance `index` of `type`, built from a planned Formation. */
export function specFor(formation: Formation, type: string, index: number): ProcessSpec {
  const types = formation.processTypes
    .map((entry) => entry.name)
    .filter((name) => name !== 'release');
  const position = types.indexOf(type);
  const entry = formation.processTypes.find((candidate) => candidate.name === type);
  const typeSettings = formation.settings.types.find((candidate) => candidate.type === type);
  if (position === -1 || entry === undefined || typeSettings === undefined) {
    throw new FormationError(`unknown process type "${type}"; valid types: ${listTypes(types)}`);
  }

  const { basePort: base, cwd, appEnv: env, herokuEnv, profileScripts } = formation;
  return dynoSpec(
    entry,
    typeSettings,
    { base, cwd, env, herokuEnv, profileScripts, position },
    index,
  );
}

// Under `herokuEnv` no PORT reaches a dyno unless the plan gives it one.
export function withoutPort(env: Env, herokuEnv: boolean): Env {
  if (!herokuEnv || env.PORT === undefined) return env;
  const rest = { ...env };
  delete rest.PORT;
  return rest;
}
