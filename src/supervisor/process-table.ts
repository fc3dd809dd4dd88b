// A snapshot of the machine's processes, enough to find every member of a dyno's tree.
// Linux: read from /proc, with each process's environment so tagged processes are found
// even after they left the group and their parent died. Elsewhere: `ps`, without tags.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  pid: number;
  ppid: number;
  pgid: number;
  /** One-letter state (`R`, `S`, `Z`, …). */
  state: string;
  /** Value of `DYNORUN_TAG` in the process's initial environment, when it can be read. */
  tag: string | undefined;
}

export const TAG_VARIABLE = 'DYNORUN_TAG';
const TAG_PREFIX = Buffer.from(`${TAG_VARIABLE}=`);

export function readProcessTable(): ProcessEntry[] {
  return process.platform === 'linux' ? readProc() : readPs();
}

function readProc(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const entry = readProcEntry(pid);
    if (entry) entries.push(entry);
  }
  return entries;
}

function readProcEntry(pid: number): ProcessEntry | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0] ?? '?';
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state, tag: readTag(pid) };
  } catch {
    return undefined; // exited while we looked
  }
}

function readTag(pid: number): string | undefined {
  let environ: Buffer;
  try {
    environ = readFileSync(`/proc/${pid}/environ`);
  } catch {
    return undefined; // another user's process, or gone
  }
  let start = 0;
  while (start < environ.length) {
    let end = environ.indexOf(0, start);
    if (end === -1) end = environ.length;
    if (environ.subarray(start, start + TAG_PREFIX.length).equals(TAG_PREFIX)) {
      return environ.toString('utf8', start + TAG_PREFIX.length, end);
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * When `pid` started, in clock ticks since boot (Linux), to tell a process from a later one
 * that reuses its pid; undefined when it is gone, a zombie, or the system has no /proc.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields resume after the name's last ')' with the state (field 3); starttime is 22.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return fields[0] === 'Z' || !Number.isFinite(ticks) ? undefined : ticks;
  } catch {
    return undefined;
  }
}

/** A process's command line, its arguments joined by spaces; undefined when unreadable. */
export function processCommandLine(pid: number): string | undefined {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.replace(/\0+$/, '').replaceAll('\0', ' ') || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this pid exists (a zombie counts), by a signal-0 probe. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPs(): ProcessEntry[] {
  const output = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { encoding: 'utf8' });
  return output
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 4)
    .map(([pid, ppid, pgid, stat]) => ({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      state: (stat ?? '?').charAt(0),
      tag: undefined,
    }));
}

let cached: { at: number; table: ProcessEntry[] } | undefined;

/**
 * The table, shared by callers within a few milliseconds of each other: when 200 dynos
 * stop at once, one scan of /proc serves them all.
 */
export function recentProcessTable(maxAgeMs = 5): ProcessEntry[] {
  const now = Date.now();
  if (cached && now - cached.at <= maxAgeMs) return cached.table;
  cached = { at: now, table: readProcessTable() };
  return cached.table;
}
