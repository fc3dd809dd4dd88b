// One-off dynos beside a running formation: a `dynorun run` for the same app registers
// here (see cli/one-off-registration.ts), gets the next name, `run.1`, `run.2`, … (never
// reused while this run lives), and is listed by `dynorun ps` until it ends. The one-off
// is not ours: it runs in its user's terminal, attached, and dynorun never signals it; it
// only reads the process table to show it and to know when it is gone.
//
// Its end is normally reported (`run-exited`). When it is not (its `dynorun run` was
// SIGKILLed), the entry goes once its command's process is gone, seen when `ps` or the
// next registration looks: no timer polls for it. Gone means the pid is free, a zombie,
// or taken by a process started later (compared by start time on Linux, so a reused pid
// does not keep the entry). Before the command has a pid, the entry lives as long as the
// `dynorun run` process does. Its CPU and memory are those of every live process that
// descends from the command or carries the one-off's DYNORUN_TAG.
import { ControlError } from '../errors.js';
import { ONE_OFF_TYPE } from '../logging/lifecycle-message.js';
import type { SupervisorEvent } from '../logging/supervisor-event.js';
import { escapeControlCharacters } from '../quote-text.js';
import { CPU_SAMPLE_MS, type DynoStatus } from './dyno-status.js';
import { findTree } from './kill-tree.js';
import { processExists, processStartTicks } from './process-table.js';
import type { ExitStatus } from './restart-policy.js';
import { sampleTreeUsage } from './tree-usage.js';

interface OneOff {
  name: string;
  tag: string;
  command: string;
  /** The pid of `dynorun run` itself. */
  runnerPid: number;
  /** The command's pid, once it has started. */
  pid?: number;
  startTicks?: number;
  startedAt?: number;
}

export class OneOffRegistry {
  private next = 1;
  private readonly entries = new Map<string, OneOff>();

  /** `taken`: whether a dyno of the formation has that name (a Procfile type `run`). */
  constructor(
    private readonly emit: (event: SupervisorEvent) => void,
    private readonly taken: (name: string) => boolean = () => false,
  ) {}

  /** A new one-off of `dynorun run` (pid `runnerPid`); returns its name. */
  register(runnerPid: number, tag: string, line: string): string {
    this.sweep();
    let name: string;
    do name = `${ONE_OFF_TYPE}.${this.next++}`;
    while (this.taken(name));

    const command = escapeControlCharacters(line);
    this.entries.set(name, { name, tag, command, runnerPid });
    return name;
  }

  /** The one-off's command runs as `pid`. */
  started(name: string, pid: number): void {
    const entry = this.entries.get(name);
    if (!entry || entry.pid !== undefined) {
      throw new ControlError(`no one-off ${name} is waiting to start`);
    }
    entry.pid = pid;
    entry.startTicks = processStartTicks(pid);
    entry.startedAt = Date.now();
    const fields = { dyno: name, type: ONE_OFF_TYPE };
    this.emit({ kind: 'spawn', ...fields, pid, command: entry.command });
    this.emit({ kind: 'state', ...fields, from: 'starting', to: 'up' });
  }

  /** The one-off ended; `error` says why a command that never started did not. */
  exited(name: string, exit: ExitStatus, error?: string): void {
    const entry = this.entries.get(name);
    // Unknown: it was swept as gone before its report arrived, or it is not ours.
    if (!entry) return;
    this.entries.delete(name);
    this.announceEnd(entry, exit, error);
  }

  /** `ps` rows of the one-offs still running. */
  async status(sampleMs = CPU_SAMPLE_MS): Promise<DynoStatus[]> {
    this.sweep();
    const entries = [...this.entries.values()];
    const trees = () => entries.map((entry) => this.pids(entry));
    const usage = await sampleTreeUsage(trees, sampleMs);
    const now = Date.now();

    return entries.map((entry, i) => {
      const { cpuPercent = 0, memoryBytes = 0, processes = 0 } = usage[i] ?? {};
      return {
        name: entry.name,
        type: ONE_OFF_TYPE,
        state: entry.pid === undefined ? 'starting' : 'up',
        givenUp: false,
        pid: entry.pid ?? null,
        uptimeMs: entry.startedAt === undefined ? null : now - entry.startedAt,
        restarts: 0,
        port: null,
        cpuPercent: Math.round(cpuPercent * 10) / 10,
        memoryBytes,
        processes,
        command: entry.command,
      };
    });
  }

  // Drops the one-offs whose processes are gone without a report; their exit is unknown.
  private sweep(): void {
    for (const entry of this.entries.values()) {
      if (this.alive(entry)) continue;
      this.entries.delete(entry.name);
      this.announceEnd(entry, { code: null, signal: null });
    }
  }

  private alive(entry: OneOff): boolean {
    if (entry.pid === undefined) return processExists(entry.runnerPid);
    return this.leaderAlive(entry);
  }

  // The command's own process, told from a later one with its pid by its start time.
  private leaderAlive(entry: OneOff): boolean {
    if (entry.pid === undefined) return false;
    if (entry.startTicks === undefined) return processExists(entry.pid);
    return processStartTicks(entry.pid) === entry.startTicks;
  }

  private pids(entry: OneOff): number[] {
    const root = this.leaderAlive(entry) ? entry.pid : undefined;
    const tree = findTree({ pgid: undefined, tag: entry.tag, root });
    // Without /proc (macOS) tags cannot be read: the command alone stands for its tree.
    return tree.length === 0 && root !== undefined ? [root] : tree;
  }

  private announceEnd(entry: OneOff, exit: ExitStatus, error?: string): void {
    const fields = { dyno: entry.name, type: ONE_OFF_TYPE };
    if (entry.pid === undefined) {
      const message = error === undefined ? undefined : escapeControlCharacters(error);
      if (message !== undefined) this.emit({ kind: 'spawn-error', ...fields, message });
      return;
    }
    this.emit({ kind: 'exit', ...fields, pid: entry.pid, ...exit, stopped: false });
    this.emit({ kind: 'state', ...fields, from: 'up', to: 'down' });
  }
}
