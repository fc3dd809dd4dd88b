// The record a running `dynorun start` keeps beside its control socket
// (`<app dir>/.dynorun/run.json`): which run owns the app directory (its DYNORUN_TAG
// prefix) and which process runs it. A clean end removes it, so a record found by the next
// `start` means a dynorun that was killed, whose leftovers that start then looks for.
//
// A pid alone does not say the process is still the same: after dynorun died the pid may
// be reused by anything. The record also holds the process's start time (clock ticks since
// boot, from /proc) and the boot's id, and a process counts as the recorded one only when
// both match.
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processStartTicks } from './process-table.js';

export interface RunRecord {
  /** Prefix of every DYNORUN_TAG of the run: `<runId>.<dyno>`, `<runId>-alert`. */
  runId: string;
  pid: number;
  /** When that process started, in clock ticks since boot; undefined without /proc. */
  startTicks: number | undefined;
  bootId: string | undefined;
  /** ISO 8601, for people reading the file. */
  startedAt: string;
}

/** Where the record of the run listening on `socketPath` goes: beside the socket. */
export function runRecordPath(socketPath: string): string {
  const name = basename(socketPath, '.sock');
  return join(dirname(socketPath), name === 'control' ? 'run.json' : `${name}.run.json`);
}

/** The record of this process running `runId`. */
export function currentRunRecord(runId: string): RunRecord {
  const pid = process.pid;
  const startedAt = new Date().toISOString();
  return { runId, pid, startTicks: processStartTicks(pid), bootId: readBootId(), startedAt };
}

/** The record at `path`; undefined when there is none or it cannot be read as one. */
export function readRunRecord(path: string): RunRecord | undefined {
  let data: Partial<RunRecord>;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as Partial<RunRecord>;
  } catch {
    return undefined;
  }
  const { runId, pid, startTicks, bootId, startedAt } = data;
  if (typeof runId !== 'string' || !/^[\w-]+$/.test(runId)) return undefined;
  if (typeof pid !== 'number' || !Number.isInteger(pid)) return undefined;
  return {
    runId,
    pid,
    startTicks: typeof startTicks === 'number' ? startTicks : undefined,
    bootId: typeof bootId === 'string' ? bootId : undefined,
    startedAt: String(startedAt),
  };
}

export function writeRunRecord(path: string, record: RunRecord): void {
  writeFileSync(path, `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

export function removeRunRecord(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/**
 * True when the recorded process still runs: same pid, same start time, same boot. A
 * record without a start time (no /proc) never counts as running: the control socket
 * alone then tells a live dynorun.
 */
export function isRecordedRunAlive(record: RunRecord): boolean {
  if (record.startTicks === undefined) return false;
  return processStartTicks(record.pid) === record.startTicks && readBootId() === record.bootId;
}

function readBootId(): string | undefined {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}
