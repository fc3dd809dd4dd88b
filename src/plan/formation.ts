// The formation: how many dynos of each process type run, from `-m web=2,worker=1`.
//
// Every type starts at 1, or at N when the list holds `all=N` (wherever it stands),
// and named items override that. So `-m web=2` still runs one of each other type, as
// honcho and Heroku's `ps:scale` do; foreman instead runs none of the types the list
// leaves out. `name=0` turns a type off. A count is at most 100 because ports are
// 100 apart per type: `web.101` would take the port of the next type's first dyno.
// `all` is a keyword here, so a process type named `all` cannot be scaled alone.

import { FormationError } from '../errors.js';

export const MAX_DYNOS_PER_TYPE = 100;

const ALL = 'all';

export function parseFormation(spec: string | undefined, types: string[]): Map<string, number> {
  const counts = parseFormationItems(spec ?? '', types);
  const fallback = counts.get(ALL) ?? 1;
  return new Map(types.map((type) => [type, counts.get(type) ?? fallback]));
}

// The process types for a "valid types: ..." hint.
export function listTypes(types: string[]): string {
  return types.length === 0 ? '(none)' : types.join(', ');
}

// The inverse of parseFormation for a complete formation: `web=2,worker=1`.
export function formatFormation(formation: Map<string, number>): string {
  return Array.from(formation, ([type, count]) => `${type}=${count}`).join(',');
}

/** Only the items `spec` names (`all` included, as `all`), each checked; no fallback count. */
export function parseFormationItems(spec: string, types: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (spec.trim() === '') return counts;

  for (const item of spec.split(',').map((part) => part.trim())) {
    const equals = item.indexOf('=');
    const type = item.slice(0, equals).trim();
    if (equals === -1 || type === '') {
      throw new FormationError(`formation item "${item}" must be <type>=<count>`);
    }
    checkType(type, types);
    if (counts.has(type)) {
      throw new FormationError(`formation names "${type}" more than once`);
    }
    counts.set(type, parseCount(type, item.slice(equals + 1).trim()));
  }
  return counts;
}

function checkType(type: string, types: string[]): void {
  if (type === ALL || types.includes(type)) return;
  if (type === 'release') {
    const why = 'runs once before the formation and cannot be scaled';
    throw new FormationError(`"release" ${why}`);
  }
  const valid = listTypes(types);
  const problem = `unknown process type "${type}" in formation`;
  throw new FormationError(`${problem}; valid types: ${valid}`);
}

function parseCount(type: string, text: string): number {
  if (!/^\d+$/.test(text)) {
    const rule = 'must be a non-negative integer';
    throw new FormationError(`count for "${type}" ${rule}, got "${text}"`);
  }
  const count = Number(text);
  if (count > MAX_DYNOS_PER_TYPE) {
    const why = 'ports are 100 apart per type';
    throw new FormationError(`count for "${type}" is ${count}; at most 100 (${why})`);
  }
  return count;
}
