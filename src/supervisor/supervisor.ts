// The set of dynos: runs the release phase, starts the formation (in `after` order), and
// stops everything. Everything people see comes out as events to the sinks; control comes
// in through these methods (signals from the CLI now, the control socket later).
import { randomUUID } from 'node:crypto';
import type { Sink, StoppingEvent, SupervisorEvent } from '../logging/supervisor-event.js';
import type { Formation, ProcessSpec } from '../types.js';
import { Dyno } from './dyno.js';
import { exitCode, signalExitCode } from './exit-code.js';
import { signalTree } from './kill-tree.js';
import { MemoryWatch } from './memory-watch.js';
import type { ExitStatus } from './restart-policy.js';
import { sleep } from './wait.js';

export interface SupervisorOptions {
  formation: Formation;
  sinks: Sink[];
  /** Any dyno exit stops the formation and becomes dynorun's exit code (foreman). */
  exitOnCrash?: boolean;
  /** How often memory is sampled for quotas and metrics. @default 5_000 */
  sampleIntervalMs?: number;
  /** Emit a `metrics` event per dyno at every sample. @default false */
  metrics?: boolean;
}

export class Supervisor {
  readonly runId = randomUUID().slice(0, 8);
  readonly dynos: Dyno[] = [];
  private readonly options: SupervisorOptions;
  private result: number | undefined;
  private stopping: Promise<number> | undefined;
  private release: Dyno | undefined;
  private finish: (code: number) => void = () => {};
  private readonly finished: Promise<number>;
  private readonly pausedBy = new Set<Sink>();
  private readonly upTypes = new Map<string, () => void>();
  private readonly typeUp = new Map<string, Promise<void>>();
  private memoryWatch: MemoryWatch | undefined;
  private ended = false;
  private sinks: Sink[];
  /** The first error a sink threw, if any (that sink was dropped). */
  sinkError: unknown;

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.sinks = [...options.sinks];
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Runs the release phase and the formation; resolves with dynorun's exit code. */
  async run(): Promise<number> {
    const { release, dynos } = this.options.formation;
    const released = release ? await this.runRelease(release) : true;
    if (this.stopping) return this.stopping;
    if (!released) return this.end();

    for (const spec of dynos) this.dynos.push(this.createDyno(spec));
    this.trackTypesUp();
    for (const dyno of this.dynos) void this.startAfterDependencies(dyno);
    this.memoryWatch = new MemoryWatch(this.dynos, {
      intervalMs: this.options.sampleIntervalMs ?? 5_000,
      metrics: this.options.metrics ?? false,
    });
    if (this.dynos.length === 0) return this.end(0);
    return this.finished;
  }

  /** Graceful stop of everything; the same promise on every call. */
  stop(cause: StoppingEvent['cause'], code?: number): Promise<number> {
    if (this.stopping) return this.stopping;
    this.result ??= code ?? ('signal' in cause ? signalExitCode(cause.signal) : undefined);
    const first = this.release ?? this.dynos[0];
    const signal = first?.settings.stopSignal ?? 'SIGTERM';
    const graceMs = Math.max(0, ...this.all().map((dyno) => dyno.settings.graceMs));
    this.emit({ kind: 'stopping', cause, signal, graceMs });

    this.memoryWatch?.stop();
    this.stopping = Promise.all(this.all().map((dyno) => dyno.stop())).then(() => this.end());
    return this.stopping;
  }

  /** SIGKILL to every tree at once: the answer to a second Ctrl-C. */
  kill(): void {
    for (const dyno of this.all()) dyno.kill();
  }

  private all(): Dyno[] {
    return this.release ? [this.release, ...this.dynos] : this.dynos;
  }

  private async runRelease(spec: ProcessSpec): Promise<boolean> {
    const timeoutMs = this.options.formation.releaseTimeoutMs;
    let resolveExit: (exit: ExitStatus) => void = () => {};
    const exited = new Promise<ExitStatus>((resolve) => (resolveExit = resolve));
    const release = this.createDyno(spec, (_dyno, status) => resolveExit(status));
    this.release = release;
    release.start();

    let timedOut = false;
    const timer = sleep(timeoutMs);
    void timer.promise.then(() => {
      if (release.final || this.stopping) return;
      timedOut = true;
      void release.stop();
    });
    const exit = await exited;
    timer.cancel();
    if (this.stopping) return false;

    const ok = exit.code === 0 && exit.signal === null && !timedOut;
    this.emit({ kind: 'release', ok, timedOut, timeoutMs, ...exit });
    if (!ok) this.result = exitCode(exit) || 1;
    return ok;
  }

  private createDyno(spec: ProcessSpec, onFinal = this.onFinal): Dyno {
    const isRelease = spec.type === 'release';
    const neverRestart = isRelease || this.options.exitOnCrash === true;
    return new Dyno({
      spec,
      tag: `${this.runId}.${spec.name}`,
      restartPolicy: neverRestart ? 'never' : undefined,
      emit: (event) => this.emit(event),
      onFinal,
      onUp: (dyno) => this.onUp(dyno),
    });
  }

  // `after: [web]` holds a type back until every dyno of each named type has been up once.
  private trackTypesUp(): void {
    for (const type of new Set(this.dynos.map((dyno) => dyno.spec.type))) {
      this.typeUp.set(type, new Promise((resolve) => this.upTypes.set(type, resolve)));
    }
  }

  private async startAfterDependencies(dyno: Dyno): Promise<void> {
    const waits = dyno.settings.after.map((type) => this.typeUp.get(type) ?? Promise.resolve());
    await Promise.all(waits);
    if (!this.stopping) dyno.start();
  }

  private onUp(dyno: Dyno): void {
    const type = dyno.spec.type;
    const all = this.dynos.filter((other) => other.spec.type === type);
    if (all.every((other) => other.upSince !== undefined)) this.upTypes.get(type)?.();
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
    this.memoryWatch?.stop();
    // Anything tagged by this run that is still alive (it escaped every tree) goes now.
    signalTree({ pgid: undefined, tag: `${this.runId}.*` }, 'SIGKILL');
    this.emit({ kind: 'finished', exitCode: this.result });
    this.finish(this.result);
    return this.result;
  }

  // A sink that throws is a bug in that sink; it is dropped so that supervision, and every
  // other sink, go on. The first such error is kept in `sinkError` for the caller to report.
  private emit(event: SupervisorEvent): void {
    for (const sink of this.sinks) {
      let ok: boolean;
      try {
        ok = sink.write(event);
      } catch (error) {
        this.sinkError ??= error;
        this.sinks = this.sinks.filter((other) => other !== sink);
        continue;
      }
      if (ok || this.pausedBy.has(sink) || !sink.onDrain) continue;
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
    for (const dyno of this.all()) {
      if (paused) dyno.pauseOutput();
      else dyno.resumeOutput();
    }
  }
}
