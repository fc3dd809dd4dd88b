// The set of dynos: runs the release phase, starts the formation, and stops everything.
// Everything people see comes out as events to the sinks; control comes in through these
// methods (signals from the CLI now, the control socket later).
import { randomUUID } from 'node:crypto';
import type { Sink, StoppingEvent, SupervisorEvent } from '../logging/supervisor-event.js';
import type { Formation, ProcessSpec } from '../types.js';
import { Dyno } from './dyno.js';
import { exitCode, signalExitCode } from './exit-code.js';
import { signalTree } from './kill-tree.js';
import { DEFAULT_RESTART, type ExitStatus, type RestartOptions } from './restart-policy.js';

export interface SupervisorOptions {
  formation: Formation;
  sinks: Sink[];
  /** @default 30_000, as on Heroku */
  graceMs?: number;
  restart?: RestartOptions;
  /** Any dyno exit stops the formation and becomes dynorun's exit code (foreman). */
  exitOnCrash?: boolean;
  /** @default 'SIGTERM' */
  stopSignal?: NodeJS.Signals;
}

export class Supervisor {
  readonly runId = randomUUID().slice(0, 8);
  readonly dynos: Dyno[] = [];
  private readonly options: Required<SupervisorOptions>;
  private result: number | undefined;
  private stopping: Promise<number> | undefined;
  private release: Dyno | undefined;
  private finish: (code: number) => void = () => {};
  private readonly finished: Promise<number>;
  private readonly pausedBy = new Set<Sink>();
  private ended = false;

  constructor(options: SupervisorOptions) {
    this.options = {
      graceMs: 30_000,
      restart: DEFAULT_RESTART,
      exitOnCrash: false,
      stopSignal: 'SIGTERM',
      ...options,
    };
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Runs the release phase and the formation; resolves with dynorun's exit code. */
  async run(): Promise<number> {
    const { release, dynos } = this.options.formation;
    const released = release ? await this.runRelease(release) : true;
    if (this.stopping) return this.stopping;
    if (!released) return this.end();

    for (const spec of dynos) this.dynos.push(this.createDyno(spec, this.options.restart));
    for (const dyno of this.dynos) dyno.start();
    if (this.dynos.length === 0) return this.end(0);
    return this.finished;
  }

  /** Graceful stop of everything; the same promise on every call. */
  stop(cause: StoppingEvent['cause'], code?: number): Promise<number> {
    if (this.stopping) return this.stopping;
    this.result ??= code ?? ('signal' in cause ? signalExitCode(cause.signal) : undefined);
    const { stopSignal: signal, graceMs } = this.options;
    this.emit({ kind: 'stopping', cause, signal, graceMs });

    const all = this.release ? [this.release, ...this.dynos] : this.dynos;
    this.stopping = Promise.all(all.map((dyno) => dyno.stop())).then(() => this.end());
    return this.stopping;
  }

  /** SIGKILL to every tree at once: the answer to a second Ctrl-C. */
  kill(): void {
    this.release?.kill();
    for (const dyno of this.dynos) dyno.kill();
  }

  private async runRelease(spec: ProcessSpec): Promise<boolean> {
    const policy: RestartOptions = { ...this.options.restart, policy: 'never' };
    const exit = await new Promise<ExitStatus>((resolve) => {
      this.release = this.createDyno(spec, policy, (_dyno, status) => resolve(status));
      this.release.start();
    });
    if (this.stopping) return false;

    const ok = exit.code === 0 && exit.signal === null;
    this.emit({ kind: 'release', ok, ...exit });
    if (!ok) this.result = exitCode(exit);
    return ok;
  }

  private createDyno(spec: ProcessSpec, restart: RestartOptions, onFinal = this.onFinal) {
    const exitOnCrash = this.options.exitOnCrash && spec.name !== 'release';
    return new Dyno({
      spec,
      tag: `${this.runId}.${spec.name}`,
      restart: exitOnCrash ? { ...restart, policy: 'never' } : restart,
      stopSignal: this.options.stopSignal,
      graceMs: this.options.graceMs,
      emit: (event) => this.emit(event),
      onFinal,
    });
  }

  // A dyno ended for good: with --exit-on-crash that ends the run; otherwise the run ends
  // when no dyno is left running or waiting to restart.
  private readonly onFinal = (dyno: Dyno, exit: ExitStatus): void => {
    if (this.stopping) return;
    if (this.options.exitOnCrash) {
      void this.stop({ dyno: dyno.name, code: exit.code }, exitCode(exit));
      return;
    }
    if (this.dynos.every((other) => other.final)) {
      void this.stop({ done: true }, this.firstFailure());
    }
  };

  private firstFailure(): number {
    const failed = this.dynos.find((dyno) => dyno.lastExit && exitCode(dyno.lastExit) !== 0);
    return failed?.lastExit ? exitCode(failed.lastExit) : 0;
  }

  private end(code?: number): number {
    if (this.ended) return this.result ?? 0;
    this.ended = true;
    this.result ??= code ?? 0;
    // Anything tagged by this run that is still alive (it escaped every tree) goes now.
    signalTree({ pgid: undefined, tag: `${this.runId}.*` }, 'SIGKILL');
    this.emit({ kind: 'finished', exitCode: this.result });
    this.finish(this.result);
    return this.result;
  }

  private emit(event: SupervisorEvent): void {
    for (const sink of this.options.sinks) {
      if (sink.write(event) || this.pausedBy.has(sink) || !sink.onDrain) continue;
      this.pause(sink);
    }
  }

  // A sink that cannot keep up (a slow pipe) pauses every dyno's output until it drains:
  // producers block on their own pipes instead of dynorun buffering without bound.
  private pause(sink: Sink): void {
    this.pausedBy.add(sink);
    this.setPaused(true);
    sink.onDrain?.(() => {
      this.pausedBy.delete(sink);
      if (this.pausedBy.size === 0) this.setPaused(false);
    });
  }

  private setPaused(paused: boolean): void {
    const all = this.release ? [this.release, ...this.dynos] : this.dynos;
    for (const dyno of all) {
      if (paused) dyno.pauseOutput();
      else dyno.resumeOutput();
    }
  }
}
