// The typed events the supervisor emits. Every sink (console, JSON, files, control socket)
// reads these and nothing else; none of them reaches into a running dyno.
import type { LineBatch } from './line-batch.js';

export type OutputStream = 'stdout' | 'stderr';

/** Lines that arrived together on one stream of one process, in order. */
export interface OutputEvent {
  kind: 'output';
  dyno: string;
  type: string;
  stream: OutputStream;
  batch: LineBatch;
  time: number;
}

export interface SpawnEvent {
  kind: 'spawn';
  dyno: string;
  type: string;
  pid: number;
  command: string;
}

export interface SpawnErrorEvent {
  kind: 'spawn-error';
  dyno: string;
  type: string;
  message: string;
}

export interface ExitEvent {
  kind: 'exit';
  dyno: string;
  type: string;
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when dynorun asked it to stop. */
  stopped: boolean;
}

export type DynoState = 'starting' | 'up' | 'stopping' | 'down' | 'crashed';

export interface StateEvent {
  kind: 'state';
  dyno: string;
  type: string;
  from: DynoState;
  to: DynoState;
}

export interface RestartEvent {
  kind: 'restart';
  dyno: string;
  type: string;
  /** 1 for the first restart since the dyno last stayed up. */
  attempt: number;
  delayMs: number;
}

export interface GiveUpEvent {
  kind: 'give-up';
  dyno: string;
  type: string;
  reason: 'policy' | 'max-restarts';
  restarts: number;
}

export interface ReleaseEvent {
  kind: 'release';
  ok: boolean;
  /** The release ran past its timeout and was stopped. */
  timedOut: boolean;
  timeoutMs: number;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StoppingEvent {
  kind: 'stopping';
  /**
   * What started the shutdown: a signal name, the dyno whose exit ended the run, no dyno
   * left, or stdout that could not be written (the error's code, `ENOSPC`).
   */
  cause:
    | { signal: NodeJS.Signals }
    | { dyno: string; code: number | null }
    | { done: true }
    | { output: string };
  signal: NodeJS.Signals;
  graceMs: number;
  /** Dynos with processes to stop; 0 when every dyno had ended or was stopped already. */
  running: number;
}

export interface KillEvent {
  kind: 'kill';
  reason: 'grace-expired' | 'interrupted-again';
  graceMs: number;
  processes: { dyno: string; pid: number }[];
}

/** A dyno is being stopped on purpose (shutdown, restart, scale, cycling). */
export interface StopEvent {
  kind: 'stop';
  dyno: string;
  type: string;
  signal: NodeJS.Signals;
  /** `shutdown`: the formation is stopping; `replace`: a fresh process follows. */
  reason: 'shutdown' | 'replace';
}

/** R10: the dyno did not become ready within its boot timeout and is being killed. */
export interface BootTimeoutEvent {
  kind: 'boot-timeout';
  dyno: string;
  type: string;
  timeoutMs: number;
  /** What readiness waited for, e.g. `bind to $PORT (5000)`. */
  waitingFor: string;
}

/** R14 (over the quota) or R15 (over twice the quota: the dyno is killed). */
export interface MemoryEvent {
  kind: 'memory';
  dyno: string;
  type: string;
  code: 'R14' | 'R15';
  usedBytes: number;
  quotaBytes: number;
}

/** Runtime metrics of a dyno's whole process tree, sampled periodically. */
export interface MetricsEvent {
  kind: 'metrics';
  dyno: string;
  type: string;
  memoryBytes: number;
  processes: number;
  load1m: number;
}

/** Daily (or --cycle) restart of a dyno. */
export interface CycleEvent {
  kind: 'cycle';
  dyno: string;
  type: string;
}

/**
 * A request that came over the control socket (`dynorun restart web`, `stop`, `resume`,
 * `scale`), or, at start, a stale control socket that a killed dynorun left behind.
 */
export interface ControlEvent {
  kind: 'control';
  action: 'restart' | 'stop' | 'resume' | 'scale' | 'stale-socket';
  /** What the request named (`web`, `web.1`, `web=3,worker=0`); empty for every dyno. */
  target: string;
}

/**
 * At start: a process that a killed dynorun left running in this app directory (its
 * watchdog died too), about to be stopped.
 */
export interface LeftoverEvent {
  kind: 'leftover';
  pid: number;
  /** The dyno it belonged to in the killed run (`web.1`), not one of this run. */
  leftBy: string;
  command: string;
  /** The killed dynorun's pid. */
  runPid: number;
}

/**
 * The watchdog that stops the dynos should dynorun be killed (see watchdog.ts) exited
 * while dynorun runs: from now on a SIGKILL of dynorun would leave them running.
 */
export interface WatchdogGoneEvent {
  kind: 'watchdog-gone';
  pid: number;
}

export interface FinishedEvent {
  kind: 'finished';
  exitCode: number;
}

export type SupervisorEvent =
  | OutputEvent
  | SpawnEvent
  | SpawnErrorEvent
  | ExitEvent
  | StateEvent
  | RestartEvent
  | GiveUpEvent
  | ReleaseEvent
  | StoppingEvent
  | KillEvent
  | StopEvent
  | BootTimeoutEvent
  | MemoryEvent
  | MetricsEvent
  | CycleEvent
  | ControlEvent
  | LeftoverEvent
  | WatchdogGoneEvent
  | FinishedEvent;

/** A consumer of events. `false` from `write` asks the supervisor to pause process output. */
export interface Sink {
  write(event: SupervisorEvent): boolean;
  /** Called once when a sink that returned `false` can take more. */
  onDrain?(listener: () => void): void;
  /** Finishes the sink's work (flush files, end alert commands); awaited after the run. */
  close?(): Promise<void>;
}
