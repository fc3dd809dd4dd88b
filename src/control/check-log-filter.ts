// `dynorun logs --dyno web.9` or `--type nosuch` would print nothing, as a quiet dyno
// does: a name the formation never had is bad input (exit 2), and the refusal lists the
// valid ones. Valid are the formation's dynos now and every dyno that ever wrote to the
// log (stopped, scaled away, a one-off `run.N`), the Procfile's types and the types of
// those dynos, and `release` only when the formation had a release phase.
import { UsageError } from '../errors.js';
import type { LogRing } from '../logging/log-ring.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';
import type { LogsRequest } from './control-protocol.js';

export interface LogNames {
  /** In Procfile order of their types, then by number. */
  dynos: string[];
  types: string[];
}

export function checkLogFilter(request: LogsRequest, known: LogNames): void {
  const { dyno, type } = request;
  if (dyno !== undefined && !known.dynos.includes(dyno)) {
    const problem = `no dyno "${dyno}" in this formation; dynos: ${known.dynos.join(', ')}`;
    const isType = known.types.includes(dyno);
    throw new UsageError(isType ? `${problem}; "${dyno}" is a type: use --type ${dyno}` : problem);
  }
  if (type !== undefined && !known.types.includes(type)) {
    const valid = known.types.join(', ');
    throw new UsageError(`no process type "${type}" in this formation; types: ${valid}`);
  }
}

/** The names `dynorun logs` may filter on, as the formation stands. */
export function knownLogNames(
  supervisor: Supervisor,
  ring: LogRing,
  formation: Formation,
): LogNames {
  const { release } = formation;
  const typeOf = new Map<string, string>();
  if (release) typeOf.set(release.name, release.type);
  for (const dyno of supervisor.dynos) typeOf.set(dyno.name, dyno.spec.type);
  for (const [name, type] of ring.dynos()) typeOf.set(name, type);

  const procfileTypes = formation.settings.types.map((entry) => entry.type);
  const first = release ? [release.type, ...procfileTypes] : procfileTypes;
  const types = [...new Set([...first, ...typeOf.values()])];
  const rank = (name: string) => types.indexOf(typeOf.get(name) as string);
  const number = (name: string) => Number(name.slice(name.lastIndexOf('.') + 1)) || 0;
  const dynos = [...typeOf.keys()].sort((a, b) => rank(a) - rank(b) || number(a) - number(b));
  return { dynos, types };
}
