// Finding and signalling every process of a dyno.
//
// Signalling the process group that `detached: true` created reaches the shell and
// everything that stayed in its group, but not a descendant that called setsid() or
// daemonized (double fork), and once its parent is gone a walk of parent links cannot find
// it either. So each dyno's processes inherit a tag in their environment (DYNORUN_TAG);
// a process is a member when it is in the group, descends from a member, or carries the tag.
// Zombies are skipped: they are already dead and only wait for a parent to reap them.
import { recentProcessTable, type ProcessEntry } from './process-table.js';

export interface TreeSelector {
  /** The process group (the dyno's shell pid); undefined to find by tag alone. */
  pgid: number | undefined;
  /** Tag value; a trailing `*` matches every tag with that prefix. */
  tag: string;
  /** A process that is a member, with its descendants, whatever its group and tag. */
  root?: number;
  /**
   * The tagged processes cannot be older than this (clock ticks since boot, as in
   * `ownStartTicks()`): older processes' tags are not read, which makes a scan cheaper.
   */
  since?: number;
  /**
   * A table scanned before this `performance.now()` moment is not used: the dyno's spawn,
   * or its shell's exit when the tree is looked for as the shell left it.
   */
  after?: number;
}

export function findTree(
  selector: TreeSelector,
  table = recentProcessTable(selector.since, selector.after),
): number[] {
  return findMembers(selector, table).map((entry) => entry.pid);
}

function findMembers(selector: TreeSelector, table: ProcessEntry[]): ProcessEntry[] {
  const live = table.filter((entry) => entry.state !== 'Z' && entry.pid !== process.pid);
  const members = new Set<number>();

  for (const entry of live) {
    const named = entry.pgid === selector.pgid || entry.pid === selector.root;
    if (named || matchesTag(entry, selector.tag)) members.add(entry.pid);
  }
  addDescendants(live, members);
  return live.filter((entry) => members.has(entry.pid));
}

function matchesTag(entry: ProcessEntry, tag: string): boolean {
  if (entry.tag === undefined) return false;
  return tag.endsWith('*') ? entry.tag.startsWith(tag.slice(0, -1)) : entry.tag === tag;
}

function addDescendants(table: ProcessEntry[], members: Set<number>): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of table) {
      if (!members.has(entry.pid) && members.has(entry.ppid)) {
        members.add(entry.pid);
        grew = true;
      }
    }
  }
}

/**
 * Signals the group, then every member found outside it. Each process gets the signal once:
 * a second SIGTERM cuts some programs' graceful shutdown short (celery's cold shutdown then
 * hands a running task back to the broker while still reading from it, and may lose it).
 *
 * The table can be a few milliseconds old. A member it shows in the group may have left it
 * since (a daemon calling setsid() as its shell exits): when the group's signal reaches no
 * one, every member is signalled by pid. One that leaves a group other members still hold,
 * between the scan and the group's signal, gets no stop signal; SIGKILL after the grace.
 */
export function signalTree(selector: TreeSelector, signal: NodeJS.Signals): number[] {
  const group = selector.pgid !== undefined && selector.pgid > 1 ? selector.pgid : undefined;
  const groupReached = group !== undefined && trySignal(-group, signal);
  const members = findMembers(selector, recentProcessTable(selector.since, selector.after));
  for (const entry of members) {
    if (!groupReached || entry.pgid !== group) trySignal(entry.pid, signal);
  }
  return members.map((entry) => entry.pid);
}

export function signalPids(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) trySignal(pid, signal);
}

// True if the signal reached a process (a group: at least one of its members).
function trySignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    return process.kill(pid, signal);
  } catch {
    // ESRCH: already gone. EPERM: not ours (a pid reused by another user); leave it.
    return false;
  }
}
