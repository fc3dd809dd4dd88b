// A snapshot of the machine's processes, enough to find every member of a dyno's tree.
// Linux: read from /proc, with each process's environment so tagged processes are found
// even after they left the group and their parent died. Elsewhere: `ps`, without tags.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';

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

/**
 * Every process of the machine. `tagsSince` (clock ticks since boot) skips reading the tag
 * of processes that started earlier: a run's tags cannot be on processes older than the
 * run, and most of a busy machine's processes are, so a scan then costs a fraction.
 */
export function readProcessTable(tagsSince = 0): ProcessEntry[] {
  return process.platform === 'linux' ? readProc(tagsSince) : readPs();
}

function readProc(tagsSince: number): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const entry = readProcEntry(pid, tagsSince);
    if (entry) entries.push(entry);
  }
  return entries;
}

function readProcEntry(pid: number, tagsSince: number): ProcessEntry | undefined {
  const fields = readStatFields(pid);
  if (fields === undefined) return undefined; // exited while we looked
  const state = fields[0] ?? '?';
  const tag = Number(fields[STARTTIME]) >= tagsSince ? readTag(pid) : undefined;
  return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), state, tag };
}

// /proc/PID/stat from the state (field 3) on: the command name before it may contain spaces
// and parentheses, so the fields resume after its last ')'. Field 22 is the start time.
const STARTTIME = 22 - 3;

function readStatFields(pid: number): string[] | undefined {
  const text = readProcFile(pid, 'stat')?.toString('latin1');
  return text?.slice(text.lastIndexOf(')') + 2).split(' ', STARTTIME + 1);
}

function readTag(pid: number): string | undefined {
  // Unreadable for another user's process, or gone.
  const environ = readProcFile(pid, 'environ');
  if (environ === undefined) return undefined;
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

// One buffer for every read of a scan. `readFileSync` costs about three times as much per
// /proc file (it stats, then grows its buffer); a scan reads two files of every process.
let scratch = Buffer.allocUnsafe(64 * 1024);

/** The file's bytes, valid until the next call; undefined when it cannot be read. */
function readProcFile(pid: number, name: 'stat' | 'environ' | 'cmdline'): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/${name}`, 'r');
  } catch {
    return undefined;
  }
  try {
    let size = 0;
    for (;;) {
      if (size === scratch.length) scratch = Buffer.concat([scratch, Buffer.alloc(size)]);
      const read = readSync(fd, scratch, size, scratch.length - size, null);
      if (read === 0) return scratch.subarray(0, size);
      size += read;
    }
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * When `pid` started, in clock ticks since boot (Linux), to tell a process from a later one
 * that reuses its pid; undefined when it is gone, a zombie, or the system has no /proc.
 */
export function processStartTicks(pid: number): number | undefined {
  const fields = readStatFields(pid);
  const ticks = Number(fields?.[STARTTIME]);
  return fields === undefined || fields[0] === 'Z' || !Number.isFinite(ticks) ? undefined : ticks;
}

/** A process's command line, its arguments joined by spaces; undefined when unreadable. */
export function processCommandLine(pid: number): string | undefined {
  const cmdline = readProcFile(pid, 'cmdline')?.toString('utf8');
  return cmdline?.replace(/\0+$/, '').replaceAll('\0', ' ') || undefined;
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

let ownStart: number | undefined;

/** When this process started (see `processStartTicks`); 0 where that cannot be told. */
export function ownStartTicks(): number {
  ownStart ??= processStartTicks(process.pid) ?? 0;
  return ownStart;
}

// Times are `performance.now()` moments: when the scan began and when it ended.
let cached: { began: number; ended: number; tagsSince: number; table: ProcessEntry[] } | undefined;
const SHARED_FOR_MS = 5;

/**
 * The table, shared by callers within a few milliseconds of each other (counted from the
 * end of the scan): when 200 dynos stop at once, one scan of /proc serves them all. A scan
 * that began before `after` (a `performance.now()` moment) is never reused: it cannot show
 * what was started since, such as the daemon a dyno's shell forked just before it exited.
 */
export function recentProcessTable(tagsSince = 0, after = -Infinity): ProcessEntry[] {
  const now = performance.now();
  if (
    cached &&
    cached.began > after &&
    cached.tagsSince <= tagsSince &&
    now - cached.ended <= SHARED_FOR_MS
  ) {
    return cached.table;
  }
  const table = readProcessTable(tagsSince);
  cached = { began: now, ended: performance.now(), tagsSince, table };
  return table;
}
