// The set of dynos: runs the release phase, starts the formation (in `after` order), and
// stops everything. Everything people see comes out as events to the sinks; control comes
// in through these methods, from signals and from the control socket (`dynorun ps`,
// `restart`, `stop`, `resume`, `scale`).
//
// A dyno stopped on request stays in the formation, `down`, until `resume` or `restart`
// starts it again; such a dyno keeps the run alive, so a formation whose every dyno was
// stopped on request runs on until Ctrl-C. Dynos removed by `scale` leave the formation at
// once and finish stopping in `leaving`, where a shutdown still waits for them.
import { randomHex } from '../random-hex.js';
import { ControlError } from '../errors.js';
import type {
  ControlEvent,
  LeftoverEvent,
  Sink,
  StoppingEvent,
  SupervisorEvent,
  WatchdogGoneEvent,
} from '../logging/supervisor-event.js';
import { specFor } from '../plan/dyno-spec.js';
import { formatFormation } from '../plan/formation.js';
import { scaleFormation } from '../plan/scale-formation.js';
import type { Formation, ProcessSpec } from '../types.js';
import { Dyno } from './dyno.js';
import { dynoStatus, type DynoStatus } from './dyno-status.js';
import { exitCode, signalExitCode } from './exit-code.js';
import { signalTree } from './kill-tree.js';
import { ownStartTicks } from './process-table.js';
import { MemoryWatch } from './memory-watch.js';
import { SinkFanout } from './sink-fanout.js';
import { nextUp } from './next-up.js';
import { OneOffRegistry } from './one-off-registry.js';
import type { ExitStatus } from './restart-policy.js';
import { rollingRestart, type RestartResult } from './rolling-restart.js';
import { countByType, scalePlan, type ScaleResult } from './scale-plan.js';
import { selectDynos } from './select-dynos.js';
import { TypesUp } from './types-up.js';
import { sleep } from './wait.js';

/** What `stop` and `resume` did: the dynos changed, and those already as asked. */
export interface TargetResult {
  changed: string[];
  unchanged: string[];
}

export interface SupervisorOptions {
  /** Names this run in every process's DYNORUN_TAG (`<runId>.<dyno>`). @default random */
  runId?: string;
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
  readonly runId: string;
  readonly dynos: Dyno[] = [];
  private readonly options: SupervisorOptions;
  private result: number | undefined;
  private stopping: Promise<number> | undefined;
  private release: Dyno | undefined;
  private finish: (code: number) => void = () => {};
  private readonly finished: Promise<number>;
  private typesUp = new TypesUp([]);
  private memoryWatch: MemoryWatch | undefined;
  private ended = false;
  private formationStarted = false;
  /** Dynos stopped on request (`dynorun stop`): kept, `down`, until started again. */
  private readonly held = new Set<Dyno>();
  /** Dynos removed by `scale`, by name, until their trees are gone. */
  private readonly leaving = new Map<string, { dyno: Dyno; gone: Promise<void> }>();
  /** Waits of control requests that a shutdown ends. */
  private readonly waits = new Set<() => void>();
  private readonly fanout: SinkFanout;
  /** The first error a sink threw, if any (that sink was dropped). */
  get sinkError(): unknown {
    return this.fanout.error;
  }
  /** One-off dynos of `dynorun run` beside the formation (see one-off-registry.ts). */
  readonly oneOffs = new OneOffRegistry(
    (event) => this.emit(event),
    (name) => this.all().some((dyno) => dyno.name === name),
  );

  constructor(options: SupervisorOptions) {
    this.options = options;
    this.runId = options.runId ?? randomHex(8);
    this.fanout = new SinkFanout(options.sinks, (paused) => this.setPaused(paused));
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  /** Runs the release phase and the formation; resolves with dynorun's exit code. */
  async run(): Promise<number> {
    const { release, dynos } = this.options.formation;
    const released = release ? await this.runRelease(release) : true;
    if (this.stopping) return this.stopping;
    if (!released) return this.end();

    for (const spec of dynos) this.dynos.push(this.createDyno(spec));
    this.formationStarted = true;
    this.typesUp = new TypesUp(this.dynos);
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
    const running = this.all().filter((dyno) => dyno.state === 'starting' || dyno.state === 'up');
    this.emit({ kind: 'stopping', cause, signal, graceMs, running: running.length });

    this.memoryWatch?.stop();
    this.stopping = Promise.all(this.all().map((dyno) => dyno.stop())).then(() => this.end());
    for (const cancel of this.waits) cancel();
    return this.stopping;
  }

  /** SIGKILL to every tree at once: the answer to a second Ctrl-C. */
  kill(): void {
    for (const dyno of this.all()) dyno.kill();
  }

  /** Every dyno's state, pid, uptime, restarts, port, CPU and memory (`dynorun ps`). */
  async status(): Promise<DynoStatus[]> {
    const release = this.release && !this.release.final ? [this.release] : [];
    const leaving = [...this.leaving.values()].map((entry) => entry.dyno);
    const dynos = [...release, ...selectDynos(this.dynos, undefined, this.types()), ...leaving];
    const held = (dyno: Dyno) => this.held.has(dyno);
    const [rows, oneOffs] = await Promise.all([dynoStatus(dynos, held), this.oneOffs.status()]);
    return [...rows, ...oneOffs];
  }

  /** Fresh processes for a type, a dyno or every dyno (see rolling-restart.ts). */
  async restart(
    target?: string,
    progress: (result: RestartResult) => void = () => {},
  ): Promise<RestartResult[]> {
    const dynos = this.target(target, ['restart', target]);
    this.announce('restart', target);
    return rollingRestart(dynos, {
      needsRevival: (dyno) => this.held.has(dyno) || dyno.final,
      revive: (dyno) => this.revive(dyno),
      track: (cancel) => this.track(cancel),
      stopping: () => this.stopping !== undefined,
      progress,
    });
  }

  /** Stops dynos gracefully and keeps them in the formation, `down` (`dynorun stop`). */
  async stopDynos(target: string): Promise<TargetResult> {
    const dynos = this.target(target, ['stop', target]);
    const changed = dynos.filter((dyno) => !this.held.has(dyno) && !dyno.final);
    this.announce('stop', target);
    for (const dyno of dynos) this.held.add(dyno);
    await Promise.all(changed.map((dyno) => dyno.stop()));
    return targetResult(dynos, changed);
  }

  /** Starts dynos stopped on request or given up again; resolves once they are up. */
  async resumeDynos(target: string): Promise<TargetResult> {
    const dynos = this.target(target, ['resume', target]);
    const changed = dynos.filter((dyno) => this.held.has(dyno) || dyno.final);
    this.announce('resume', target);
    const failures = await Promise.all(changed.map((dyno) => this.startAgain(dyno)));
    const failed = failures.filter((failure) => failure !== undefined);
    if (failed.length > 0) throw new ControlError(failed.join('; '));
    return targetResult(dynos, changed);
  }

  /**
   * Live scaling (`web=3,worker=0`, see scale-formation.ts): new dynos get the next instance
   * numbers and their ports; removed ones, highest number first, stop gracefully. Resolves
   * once the removed dynos' trees are gone; new dynos are started, not yet up.
   */
  async scale(request: string): Promise<ScaleResult> {
    this.target(undefined, ['scale', request]);
    const { formation } = this.options;
    const counts = scaleFormation(formation, countByType(this.dynos), request);
    const sorted = selectDynos(this.dynos, undefined, this.types());
    const create = (type: string, index: number) =>
      this.createDyno(specFor(formation, type, index));
    const { added, removed } = scalePlan(sorted, counts, create);
    this.announce('scale', formatFormation(counts));

    for (const dyno of removed) this.remove(dyno);
    this.dynos.push(...added);
    for (const dyno of added) void this.startAdded(dyno);
    await Promise.all(removed.map((dyno) => this.leaving.get(dyno.name)?.gone));
    return {
      counts: Object.fromEntries(counts),
      added: added.map((dyno) => ({ dyno: dyno.name, port: dyno.spec.port ?? null })),
      removed: removed.map((dyno) => dyno.name),
    };
  }

  /** A line about a control request (or a stale socket removed) for every sink. */
  announce(action: ControlEvent['action'], target = ''): void {
    this.emit({ kind: 'control', action, target });
  }

  /**
   * Says what concerns the run but comes from outside it: a process a killed run left
   * behind, being stopped before this run starts; the watchdog gone.
   */
  report(event: LeftoverEvent | WatchdogGoneEvent): void {
    this.emit(event);
  }

  /** True once the formation has begun to stop: requests that change it are refused. */
  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  // The dynos a request (`['stop', 'web']`) names; refused while the release runs or the
  // formation stops.
  private target(target: string | undefined, request: (string | undefined)[]): Dyno[] {
    if (this.stopping) {
      const what = request.filter((word) => word !== undefined).join(' ');
      throw new ControlError(`${what} refused: the formation is stopping`);
    }
    if (!this.formationStarted) {
      throw new ControlError('the release phase is still running; dynos start after it');
    }
    return selectDynos(this.dynos, target, this.types());
  }

  private types(): string[] {
    return this.options.formation.settings.types.map((entry) => entry.type);
  }

  private remove(dyno: Dyno): void {
    this.dynos.splice(this.dynos.indexOf(dyno), 1);
    this.held.delete(dyno);
    const gone = dyno.stop().then(() => {
      if (this.leaving.get(dyno.name)?.dyno === dyno) this.leaving.delete(dyno.name);
    });
    this.leaving.set(dyno.name, { dyno, gone });
  }

  // A dyno scaled back in waits for its namesake's tree to go: the port must be free.
  private async startAdded(dyno: Dyno): Promise<void> {
    await this.leaving.get(dyno.name)?.gone;
    if (this.dynos.includes(dyno)) await this.startAfterDependencies(dyno);
  }

  // Starts a fresh Dyno in place of one stopped on request or given up; undefined once it
  // is up, else why not.
  private async startAgain(dyno: Dyno): Promise<string | undefined> {
    const fresh = await this.revive(dyno);
    const wait = nextUp(fresh);
    const forget = this.track(wait.cancel);
    fresh.start();
    const outcome = await wait.outcome;
    forget();
    if (outcome === 'up') return undefined;
    return `${dyno.name} ${outcome === 'crashed' ? 'crashed' : 'was stopped'} before it was up`;
  }

  private async revive(dyno: Dyno): Promise<Dyno> {
    await dyno.stop();
    const index = this.dynos.indexOf(dyno);
    if (index === -1 || this.stopping) {
      throw new ControlError(`${dyno.name} changed while it was being started again`);
    }
    const fresh = this.createDyno(dyno.spec);
    fresh.restarts = dyno.restarts;
    this.dynos[index] = fresh;
    this.held.delete(dyno);
    return fresh;
  }

  private track(cancel: () => void): () => void {
    this.waits.add(cancel);
    return () => this.waits.delete(cancel);
  }

  private all(): Dyno[] {
    const leaving = [...this.leaving.values()].map((entry) => entry.dyno);
    return [...(this.release ? [this.release] : []), ...this.dynos, ...leaving];
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
      onUp: (dyno) => this.typesUp.up(dyno, this.dynos),
    });
  }

  // `after: [web]` holds a type back until every dyno of each named type has been up once.
  private async startAfterDependencies(dyno: Dyno): Promise<void> {
    await this.typesUp.waitFor(dyno.settings.after);
    if (!this.stopping) dyno.start();
  }

  // A dyno ended for good: with --exit-on-crash that ends the run; otherwise the run ends
  // when no dyno is left running or waiting to restart.
  private readonly onFinal = (dyno: Dyno, exit: ExitStatus): void => {
    // Dynos stopped, replaced or removed on request never end the run.
    if (this.stopping || this.held.has(dyno) || !this.dynos.includes(dyno)) return;
    if (this.options.exitOnCrash) {
      void this.stop({ dyno: dyno.name, code: exit.code }, exitCode(exit));
      return;
    }
    if (this.dynos.every((other) => other.final && !this.held.has(other))) {
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
    signalTree({ pgid: undefined, tag: `${this.runId}.*`, since: ownStartTicks() }, 'SIGKILL');
    this.emit({ kind: 'finished', exitCode: this.result });
    this.finish(this.result);
    return this.result;
  }

  private emit(event: SupervisorEvent): void {
    this.fanout.emit(event);
  }

  private setPaused(paused: boolean): void {
    for (const dyno of this.all()) {
      if (paused) dyno.pauseOutput();
      else dyno.resumeOutput();
    }
  }
}

function targetResult(dynos: Dyno[], changed: Dyno[]): TargetResult {
  const unchanged = dynos.filter((dyno) => !changed.includes(dyno));
  return { changed: changed.map((dyno) => dyno.name), unchanged: unchanged.map((d) => d.name) };
}
