// `after:` must leave an order to start the types in: no type may wait, through any chain
// of `after`, for itself. The names in each list are checked where they are read.

import type { SettingsContext } from './settings-context.js';

export interface StartOrderEntry {
  after: string[];
  /** Line of the type's `after:` key. */
  line: number;
}

/** Throws naming the first cycle found, walking the types in Procfile order. */
export function checkStartOrder(
  entries: Map<string, StartOrderEntry>,
  types: string[],
  context: SettingsContext,
): void {
  const done = new Set<string>();
  for (const type of types) {
    const cycle = findCycle(type, entries, [], done);
    if (cycle === undefined) continue;

    const first = cycle[0] as string;
    const line = entries.get(first)?.line;
    throw context.error(line ?? 1, `"after" forms a cycle: ${cycle.join(' → ')}`);
  }
}

// Depth first from `type`; `path` is the chain that led here. A type already on the path
// closes a cycle, returned from that type back to itself.
function findCycle(
  type: string,
  entries: Map<string, StartOrderEntry>,
  path: string[],
  done: Set<string>,
): string[] | undefined {
  const start = path.indexOf(type);
  if (start !== -1) return [...path.slice(start), type];
  if (done.has(type)) return undefined;

  for (const next of entries.get(type)?.after ?? []) {
    const cycle = findCycle(next, entries, [...path, type], done);
    if (cycle !== undefined) return cycle;
  }
  done.add(type);
  return undefined;
}
