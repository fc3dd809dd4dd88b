// Which dynos a live scale adds and removes. Each type grows with the next instance
// numbers (`web.3` after `web.2`) and shrinks from its highest number down, so instance
// numbers, and with them ports, stay 1..N.
import type { Dyno } from './dyno.js';

/** What `scale` changed: dynos added (with their ports) and removed (their trees gone). */
export interface ScaleResult {
  counts: Record<string, number>;
  added: { dyno: string; port: number | null }[];
  removed: string[];
}

/**
 * `dynos` sorted by type and instance (selectDynos' order); `create` builds a dyno that is
 * not started. Every new dyno is built before anything changes, so a port past 65535
 * refuses the whole request.
 */
export function scalePlan(
  dynos: Dyno[],
  counts: Map<string, number>,
  create: (type: string, index: number) => Dyno,
): { added: Dyno[]; removed: Dyno[] } {
  const added: Dyno[] = [];
  const removed: Dyno[] = [];
  for (const [type, count] of counts) {
    const mine = dynos.filter((dyno) => dyno.spec.type === type);
    removed.push(...mine.slice(count).reverse());
    const last = mine.at(-1)?.spec.index ?? 0;
    for (let index = last + 1; index <= last + count - mine.length; index++) {
      added.push(create(type, index));
    }
  }
  return { added, removed };
}

export function countByType(dynos: Dyno[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { spec } of dynos) counts.set(spec.type, (counts.get(spec.type) ?? 0) + 1);
  return counts;
}
