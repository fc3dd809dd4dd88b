// Checks that need both the formation and the settings: a count above a type's
// `max_instances`, an `after:` type that will not run, and a port-based readiness for a
// dyno that gets no PORT under `--heroku-env`.

import { FormationError } from '../errors.js';
import type { ResolvedTypeSettings } from '../types.js';

export interface SettingsCheck {
  /** The settings file as messages name it. */
  fileName: string | undefined;
  /** Dynos per selected type; types that do not run are absent or 0. */
  counts: Map<string, number>;
  herokuEnv: boolean;
}

export function checkSettings(types: ResolvedTypeSettings[], check: SettingsCheck): void {
  for (const entry of types) {
    const count = check.counts.get(entry.type) ?? 0;
    if (count === 0) continue;

    checkMaxInstances(entry, count, check.fileName);
    checkAfter(entry, check);
    if (check.herokuEnv && entry.type !== 'web') checkHasPort(entry, check.fileName);
  }
}

type Checked = 'maxInstances' | 'after' | 'readiness';

// Where a setting came from, as a message names it: `dynorun.yml:9` or `a flag`.
function origin(entry: ResolvedTypeSettings, field: Checked, file: string | undefined) {
  const line = entry.lines[field];
  if (entry.sources[field] === 'flag' || line === undefined) return 'a flag';
  return `${file ?? 'the settings file'}:${line}`;
}

function checkMaxInstances(entry: ResolvedTypeSettings, count: number, file?: string) {
  const { type, settings, maxInstancesReason } = entry;
  const max = settings.maxInstances;
  if (max === undefined || count <= max) return;

  const asked = `formation asks for ${count} "${type}" dynos`;
  const limit = `${origin(entry, 'maxInstances', file)} sets max_instances: ${max}`;
  const reason = maxInstancesReason === undefined ? '' : ` (${maxInstancesReason})`;
  throw new FormationError(`${asked}, but ${limit} for "${type}"${reason}`);
}

function checkAfter(entry: ResolvedTypeSettings, check: SettingsCheck) {
  for (const type of entry.settings.after) {
    if ((check.counts.get(type) ?? 0) > 0) continue;

    const where = origin(entry, 'after', check.fileName);
    const problem = `"${entry.type}" starts after "${type}" (${where})`;
    throw new FormationError(`${problem}, but the formation runs no "${type}" dyno`);
  }
}

// Readiness by port or HTTP needs a PORT, which --heroku-env gives to `web` only.
function checkHasPort(entry: ResolvedTypeSettings, file: string | undefined) {
  const { kind } = entry.settings.readiness;
  if (kind !== 'port' && kind !== 'http') return;

  const where = origin(entry, 'readiness', file);
  const problem = `"${entry.type}" is ready by its port (readiness: ${kind}, ${where})`;
  const why = 'with --heroku-env only "web" dynos get a PORT';
  throw new FormationError(`${problem}, but ${why}`);
}
