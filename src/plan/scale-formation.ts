// A live `dynorun scale web=3 worker=0`: the new count of every type, checked as the plan
// checks a formation at start (unknown types, `release`, at most 100 per type,
// `max_instances`, `after:` types that would no longer run), with the same messages.
// `all=N` sets every type the request does not name; types it leaves out keep their
// count.
//
// The request is the command line of `dynorun scale`, so a malformed one, or one naming a
// type or count the formation cannot have, is a UsageError; a count the settings file
// forbids (`max_instances`) stays a FormationError, as at start.

import { DynorunError, UsageError } from '../errors.js';
import type { Formation } from '../types.js';
import { checkSettings } from './check-settings.js';
import { parseFormationItems } from './formation.js';

export function scaleFormation(
  formation: Formation,
  current: Map<string, number>,
  request: string,
): Map<string, number> {
  const types = formation.settings.types.map((entry) => entry.type);
  if (request.trim() === '') {
    throw new UsageError('scale needs <type>=<count> items, e.g. web=2 worker=1');
  }
  const items = asUsageError(() => parseFormationItems(request, types));
  const all = items.get('all');
  const counts = new Map(
    types.map((type) => [type, items.get(type) ?? all ?? current.get(type) ?? 0]),
  );

  checkSettings(formation.settings.types, {
    fileName: formation.settingsFileName,
    counts,
    herokuEnv: formation.herokuEnv,
  });
  return counts;
}

function asUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof DynorunError ? new UsageError(error.message) : error;
  }
}
