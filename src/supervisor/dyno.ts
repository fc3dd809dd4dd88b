// One dyno: a process type's instance that is started, watched, restarted after exits
// according to its restart policy, and stopped with its whole process tree.
import type { DynoState, OutputStream, SupervisorEvent } from '../logging/supervisor-event.js';
import type { ProcessSpec } from '../types.js';
import { findTree, signalTree } from './kill-tree.js';
import { decideRestart, type ExitStatus, type RestartOptions } from './restart-policy.js';
import { spawnProcess } from './spawn-process.js';
import { TreeRun } from './tree-run.js';
import { sleep, waitUntilGone } from './wait.js';

export interface DynoOptions {
  spec: ProcessSpec;
  /** Environment tag every process of this dyno inherits (see kill-tree.ts). */
  tag: string;
  restart: RestartOptions;
  stopSignal: NodeJS.Signals;
  graceMs: number;
  emit: (event: SupervisorEvent) => void;
  /** Called once the dyno has exited and will not be restarted. */
  onFinal: (dyno: Dyno, exit: ExitStatus) => void;
}

export class Dyno {
  readonly spec: ProcessSpec;
  state: DynoState = 'down';
  restarts = 0;
  lastExit: ExitStatus | undefined;
  /** Set once the dyno has exited and will not be restarted. */
  final = false;
  private readonly options: DynoOptions;
  private run: TreeRun | undefined;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private cancelDelay: (() => void) | undefined;
  private paused = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(options: DynoOptions) {
    this.options = options;
    this.spec = options.spec;
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.run?.pid;
  }

  start(): void {
    this.loop = this.superviseLoop();
  }

  /** Stop signal to the whole tree, the grace period, then SIGKILL. Same promise each call. */
  stop(): Promise<void> {
    this.stopped ??= this.terminate();
    return this.stopped;
  }

  /** SIGKILL to the whole tree now (a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    this.cancelDelay?.();
    const run = this.run;
    if (!run?.pid) return;
    const pids = findTree(this.selector(run.pid));
    if (pids.length === 0) return;
    this.emitKill('interrupted-again', pids);
    signalTree(this.selector(run.pid), 'SIGKILL');
  }

  pauseOutput(): void {
    this.paused = true;
    this.run?.pause();
  }

  resumeOutput(): void {
    this.paused = false;
    this.run?.resume();
  }

  private async superviseLoop(): Promise<void> {
    let exit: ExitStatus = { code: null, signal: null };
    let attempts = 0;

    while (!this.stopping) {
      const started = Date.now();
      exit = await this.runOnce();
      if (this.stopping) break;

      const decision = decideRestart(this.options.restart, exit, attempts, Date.now() - started);
      if (!decision.restart) {
        // The release phase never restarts; saying so after every release would be noise.
        if (this.spec.type !== 'release') {
          this.emit({ kind: 'give-up', reason: decision.reason, restarts: attempts });
        }
        break;
      }
      attempts = decision.attempt;
      this.restarts += 1;
      this.emit({ kind: 'restart', attempt: decision.attempt, delayMs: decision.delayMs });
      await this.delay(decision.delayMs);
    }

    this.final = true;
    this.options.onFinal(this, exit);
  }

  private async runOnce(): Promise<ExitStatus> {
    const child = spawnProcess(this.spec, this.options.tag);
    const run = new TreeRun(child, (stream, lines) => this.emitLines(stream, lines), Date.now());
    this.run = run;
    if (this.paused) run.pause();
    this.setState('starting');

    child.once('spawn', () => {
      this.emit({ kind: 'spawn', pid: child.pid ?? 0, command: this.spec.command });
      if (this.state === 'starting') this.setState('up');
    });
    child.once('error', (error) => this.emit({ kind: 'spawn-error', message: error.message }));

    const exit = await run.exited;
    // The command is gone; as on Heroku, whatever it left running in the dyno goes too.
    if (!this.stopping && child.pid) await this.reapLeftovers(child.pid);
    const closed = await run.closed;
    this.lastExit = closed;
    this.emit({ kind: 'exit', pid: child.pid ?? 0, ...exit, stopped: this.stopping });
    this.setState(this.stopping ? 'down' : 'crashed');
    return exit;
  }

  private async reapLeftovers(pid: number): Promise<void> {
    if (findTree(this.selector(pid)).length === 0) return;
    signalTree(this.selector(pid), this.options.stopSignal);
    await this.killAfterGrace(pid, Promise.resolve());
  }

  private async terminate(): Promise<void> {
    this.stopping = true;
    this.cancelDelay?.();
    const run = this.run;
    if (run?.pid !== undefined && this.state !== 'crashed' && this.state !== 'down') {
      this.setState('stopping');
      signalTree(this.selector(run.pid), this.options.stopSignal);
      await this.killAfterGrace(run.pid, run.exited);
    }
    await this.loop;
  }

  // Waits for the shell's exit event first: most trees end with it, and no scan is needed.
  private async killAfterGrace(pid: number, exited: Promise<unknown>): Promise<void> {
    const selector = this.selector(pid);
    const deadline = Date.now() + this.options.graceMs;
    const grace = sleep(this.options.graceMs);
    await Promise.race([exited, grace.promise]);
    grace.cancel();

    const left = Math.max(0, deadline - Date.now());
    if (await waitUntilGone(() => findTree(selector).length, left)) return;

    const pids = findTree(selector);
    if (pids.length === 0) return;
    this.emitKill('grace-expired', pids);
    signalTree(selector, 'SIGKILL');
  }

  private emitKill(reason: 'grace-expired' | 'interrupted-again', pids: number[]): void {
    const processes = pids.map((pid) => ({ dyno: this.name, pid }));
    this.options.emit({ kind: 'kill', reason, graceMs: this.options.graceMs, processes });
  }

  private selector(pid: number) {
    return { pgid: pid, tag: this.options.tag };
  }

  private delay(ms: number): Promise<void> {
    const { promise, cancel } = sleep(ms);
    this.cancelDelay = cancel;
    return promise;
  }

  private setState(to: DynoState): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.emit({ kind: 'state', from, to });
  }

  private emitLines(stream: OutputStream, lines: Buffer[]): void {
    this.emit({ kind: 'output', stream, lines, time: Date.now() });
  }

  private emit(event: DistributiveOmit<SupervisorEvent, 'dyno' | 'type'>): void {
    this.options.emit({ ...event, dyno: this.name, type: this.spec.type } as SupervisorEvent);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
