// Stopping processes found by their DYNORUN_TAG alone, with no dyno to go through: what a
// one-off left when its command ended, or what a killed run left behind. Each gets SIGTERM
// once, then SIGKILL if it is still there after the grace period.
import { findTree, signalTree } from './kill-tree.js';
import { waitUntilGone } from './wait.js';

/** Grace between SIGTERM and SIGKILL for leftovers: short, since nobody waits on them. */
export const LEFTOVER_GRACE_MS = 2_000;

/** Stops every process whose tag is `tag` (a trailing `*` matches a prefix). */
export async function stopTagged(tag: string, graceMs = LEFTOVER_GRACE_MS): Promise<void> {
  const selector = { pgid: undefined, tag };
  if (findTree(selector).length === 0) return;
  signalTree(selector, 'SIGTERM');
  if (await waitUntilGone(() => findTree(selector).length, graceMs)) return;
  signalTree(selector, 'SIGKILL');
}
