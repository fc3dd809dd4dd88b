// One dyno: a process type's instance that is started, watched until it is up, restarted
// after exits according to its restart policy, and stopped with its whole process tree.
//
// States: starting → up → (crashed | stopping → down). A crashed dyno that will restart goes
// back to starting; a boot timeout (R10) or a memory kill (R15) is a crash.
import type { LineBatch } from '../logging/line-batch.js';
import type { DynoState, OutputStream, SupervisorEvent } from '../logging/supervisor-event.js';
import type { ProcessSpec, TypeSettings } from '../types.js';
import { treeListensOn } from './port-listeners.js';
import { ReadinessProbe } from './readiness-probe.js';
import { DEFAULT_RESTART, decideRestart, type ExitStatus } from './restart-policy.js';
import { spawnProcess, type DynoChild } from './spawn-process.js';
import { TreeEnder } from './tree-ender.js';
import { TreeRun } from './tree-run.js';
import { sleep } from './wait.js';

export interface DynoOptions {
  spec: ProcessSpec;
  /** Environment tag every process of this dyno inherits (see kill-tree.ts). */
  tag: string;
  emit: (event: SupervisorEvent) => void;
  /** Called once the dyno has exited and will not be restarted. */
  onFinal: (dyno: Dyno, exit: ExitStatus) => void;
  /** Called each time the dyno becomes `up`. */
  onUp?: (dyno: Dyno) => void;
  /** Force a restart policy (the release phase never restarts). */
  restartPolicy?: TypeSettings['restart'];
}

// Heroku spreads daily cycling over up to 216 minutes, 15 % of the 24 h period.
const CYCLE_JITTER = 0.15;

export class Dyno {
  readonly spec: ProcessSpec;
  readonly settings: TypeSettings;
  state: DynoState = 'down';
  restarts = 0;
  lastExit: ExitStatus | undefined;
  /** Set once the dyno has exited and will not be restarted. */
  final = false;
  upSince: number | undefined;
  private readonly options: DynoOptions;
  private readonly ender: TreeEnder;
  private run: TreeRun | undefined;
  private probe: ReadinessProbe | undefined;
  private timers: NodeJS.Timeout[] = [];
  private stopping = false;
  private replacing = false;
  private stopped: Promise<void> | undefined;
  /** The stop of a run under way: a second stop of that run waits for it, never signals. */
  private ending: { run: TreeRun; done: Promise<void> } | undefined;
  private cancelDelay: (() => void) | undefined;
  private paused = false;
  private loop: Promise<void> = Promise.resolve();
  private readonly stateListeners = new Set<(to: DynoState) => void>();

  constructor(options: DynoOptions) {
    this.options = options;
    this.spec = options.spec;
    this.settings = options.spec.settings;
    this.ender = new TreeEnder({
      dyno: this.spec.name,
      tag: options.tag,
      settings: this.settings,
      emitKill: options.emit,
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.run?.pid;
  }

  /** When the current process was spawned (ms since the epoch); undefined before the first. */
  get startedAt(): number | undefined {
    return this.run?.startedAt;
  }

  /** Every live process of the dyno's tree now. */
  pids(): number[] {
    return this.run ? this.ender.members(this.run) : [];
  }

  start(): void {
    this.loop = this.superviseLoop();
  }

  /** Stop signal to the whole tree, the grace period, then SIGKILL. Same promise each call. */
  stop(): Promise<void> {
    this.stopped ??= this.terminate();
    return this.stopped;
  }

  /** Replaces the running process with a fresh one (cycling, `dynorun restart`). */
  async replace(): Promise<void> {
    const run = this.run;
    if (this.stopping || !run?.pid || this.state === 'crashed') return;
    this.replacing = true;
    await this.stopTree(run, 'replace');
  }

  /** SIGKILL to the whole tree now (a second Ctrl-C). */
  kill(): void {
    this.stopping = true;
    this.cancelDelay?.();
    if (!this.run) return;
    this.ender.killNow(this.run);
    // Output held back for a reader that does not read would hold the exit back with it.
    if (this.paused) this.run.abandonOutput();
  }

  /** Ends the back-off wait of a crashed dyno that will restart: it restarts now. */
  restartNow(): void {
    if (this.state === 'crashed' && !this.final) this.cancelDelay?.();
  }

  /** Calls `listener` with every state the dyno enters from now on; returns the unsubscribe. */
  watchState(listener: (to: DynoState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Kills the tree as a crash: the restart policy decides what follows. */
  crash(): void {
    this.probe?.cancel();
    if (this.run) this.ender.killTree(this.run);
  }

  pauseOutput(): void {
    this.paused = true;
    this.run?.pause();
  }

  resumeOutput(): void {
    this.paused = false;
    this.run?.resume();
  }

  emit(event: DistributiveOmit<SupervisorEvent, 'dyno' | 'type'>): void {
    this.options.emit({ ...event, dyno: this.name, type: this.spec.type } as SupervisorEvent);
  }

  private async superviseLoop(): Promise<void> {
    const restart = {
      ...DEFAULT_RESTART,
      policy: this.options.restartPolicy ?? this.settings.restart,
      maxRestarts: this.settings.maxRestarts,
    };
    let exit: ExitStatus = { code: null, signal: null };
    let attempts = 0;

    while (!this.stopping) {
      const started = Date.now();
      exit = await this.runOnce();
      if (this.stopping) break;
      if (this.replacing) {
        // The old tree goes first: it may still hold the PORT, and it carries the same tag.
        await this.ending?.done;
        this.replacing = false;
        attempts = 0;
        continue;
      }

      const decision = decideRestart(restart, exit, attempts, Date.now() - started);
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
    let child: DynoChild;
    try {
      child = spawnProcess(this.spec, this.options.tag);
    } catch (error) {
      // Node refuses some commands and environments before any process exists.
      this.setState('starting');
      this.emit({ kind: 'spawn-error', message: (error as Error).message });
      this.setState('crashed');
      this.lastExit = { code: 127, signal: null };
      return this.lastExit;
    }
    const run = new TreeRun(child, (stream, batch) => this.onLines(stream, batch), Date.now());
    this.run = run;
    if (this.paused) run.pause();
    this.setState('starting');

    child.once('spawn', () => {
      this.emit({ kind: 'spawn', pid: child.pid ?? 0, command: this.spec.command });
      this.watchBoot(run);
    });
    child.once('error', (error) => this.emit({ kind: 'spawn-error', message: error.message }));

    const exit = await run.exited;
    this.clearRunTimers();
    // The command is gone; as on Heroku, whatever it left running in the dyno goes too.
    if (!this.stopping && !this.replacing) {
      // A stop that comes meanwhile waits for this one instead of signalling again.
      this.ending = { run, done: this.ender.reapLeftovers(run) };
      await this.ending.done;
    }
    await this.ender.drainOutput(run);
    this.lastExit = await run.closed;
    this.upSince = undefined;
    const stopped = this.stopping || this.replacing;
    this.emit({ kind: 'exit', pid: child.pid ?? 0, ...exit, stopped });
    this.setState(stopped ? 'down' : 'crashed');
    return exit;
  }

  // Starting → up once the readiness check passes; R10 and a kill if the boot timeout
  // passes first. Heroku's cycling timer starts once the dyno is up.
  private watchBoot(run: TreeRun): void {
    const probe = new ReadinessProbe(this.settings.readiness, {
      port: this.spec.port,
      env: this.spec.env,
      cwd: this.spec.cwd,
      pids: () => this.pids(),
      listensOn: treeListensOn,
    });
    this.probe = probe;
    const { bootTimeoutMs } = this.settings;
    const boot = setTimeout(() => this.bootTimedOut(probe, bootTimeoutMs), bootTimeoutMs);
    this.timers.push(boot);

    void probe.ready.then(() => {
      clearTimeout(boot);
      if (this.run !== run || this.state !== 'starting') return;
      this.upSince = Date.now();
      this.setState('up');
      this.options.onUp?.(this);
      this.scheduleCycle();
    });
  }

  private bootTimedOut(probe: ReadinessProbe, timeoutMs: number): void {
    if (this.state !== 'starting') return;
    this.emit({ kind: 'boot-timeout', timeoutMs, waitingFor: probe.describe() });
    this.crash();
  }

  private scheduleCycle(): void {
    const period = this.settings.cycleMs;
    if (period === undefined) return;
    const delay = period + Math.random() * CYCLE_JITTER * period;
    this.timers.push(
      setTimeout(() => {
        this.emit({ kind: 'cycle' });
        void this.replace();
      }, delay),
    );
  }

  private clearRunTimers(): void {
    this.probe?.cancel();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  private onLines(stream: OutputStream, batch: LineBatch): void {
    this.emit({ kind: 'output', stream, batch, time: Date.now() });
    if (this.state === 'starting') this.probe?.check(batch.lines());
  }

  private async terminate(): Promise<void> {
    this.stopping = true;
    this.cancelDelay?.();
    const run = this.run;
    if (run?.pid !== undefined && this.state !== 'crashed' && this.state !== 'down') {
      await this.stopTree(run, 'shutdown');
    }
    await this.loop;
  }

  // One stop per run: a shutdown during a restart waits for the restart's stop (its grace
  // period, then SIGKILL) instead of sending the stop signal again.
  private stopTree(run: TreeRun, reason: 'shutdown' | 'replace'): Promise<void> {
    if (this.ending?.run === run) return this.ending.done;
    this.clearRunTimers();
    this.setState('stopping');
    this.emit({ kind: 'stop', signal: this.settings.stopSignal, reason });
    this.ending = { run, done: this.ender.stop(run) };
    return this.ending.done;
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
    for (const listener of this.stateListeners) listener(to);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
