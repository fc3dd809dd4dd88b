// The one place that words the dyno manager's lines of `--format heroku`, in Heroku's
// words. Each event becomes zero or more lines for `heroku[<dyno>]: <text>`; the writer
// adds the timestamp and the `heroku[…]` source.
//
// Heroku's dyno states are not ours, so state lines are worded from what the log last
// showed of the dyno (`HerokuContext.shownState`), not from our event alone:
//
// - Heroku has no `stopping`: it changes the state as it starts stopping a dyno, then
//   logs `Stopping all processes with SIGTERM`. So our `stop` event prints both lines:
//   to `down` for a shutdown, to `starting` for a replacement (cycling, restart), as
//   Heroku does. `→ stopping`, `stopping → down` and a replacement's `down → starting`
//   print nothing.
// - The release runs like a one-off dyno, named `release.` and four random digits, and
//   ends `complete` (never `crashed` or `down`): after its exit line when it exits,
//   before `Stopping all processes` when it is stopped. A failed release adds `Release
//   command failed with status N; nothing else will start` (or `timed out after N
//   seconds`).
// - A one-off dyno (`run.N`, `dynorun run` beside the formation) is logged as Heroku
//   logs `heroku run`: its command, `State changed from starting to up`, its exit, and
//   `State changed from up to complete`. Its output goes to its terminal, not here.
// - A restart's back-off delay has no line: Heroku is silent between `State changed
//   from up to crashed` and `State changed from crashed to starting`, and so are we.
// - Lines that belong to no dyno (the run stopping, the run finished) go under the
//   pseudo-dyno `dynorun` (`heroku[dynorun]: …`), in the `<time> <source>[<dyno>]:
//   <text>` shape of Heroku's `heroku[router]` and `heroku[api]`, so tooling that reads
//   Heroku's lines reads them too. `api` is left alone: tools take it for platform API
//   activity.
// - A dyno given up (restart policy, --max-restarts) or one that could not be spawned
//   gets a line of ours under its own name; Heroku restarts forever and always has a
//   shell to run.
import { constants } from 'node:os';
import { isOneShot } from './lifecycle-message.js';
import { plural } from './plural.js';
import type {
  BootTimeoutEvent,
  ControlEvent,
  DynoState,
  GiveUpEvent,
  KillEvent,
  MemoryEvent,
  MetricsEvent,
  ReleaseEvent,
  StateEvent,
  StopEvent,
  StoppingEvent,
  SupervisorEvent,
} from './supervisor-event.js';

/** The pseudo-dyno of lines that belong to the whole run. */
export const HEROKU_SYSTEM_DYNO = 'dynorun';

/** A dyno's state as Heroku's log shows it. */
export type HerokuState = Exclude<DynoState, 'stopping'> | 'complete';

/** One line of the dyno manager: `heroku[<dyno>]: <text>`. */
export interface HerokuLine {
  dyno: string;
  text: string;
  /** Set on `State changed` lines: the state the log shows from now on. */
  state?: HerokuState;
}

type Said = Omit<HerokuLine, 'dyno'>;

/** What the wording needs beyond the event itself. */
export interface HerokuContext {
  /** The release dyno's Heroku name, e.g. `release.4821`. */
  releaseDyno: string;
  /** Goes into the metrics' `dyno=heroku.<runId>.<dyno>`. */
  runId: string;
  /** The signal a dyno was last asked to stop with, for R12's wording. */
  stopSignal(dyno: string): NodeJS.Signals;
  /** The `state` of the last `State changed` line of a dyno (by our name), if any. */
  shownState(dyno: string): HerokuState | undefined;
}

const MIB = 1024 * 1024;

export function herokuMessage(event: SupervisorEvent, context: HerokuContext): HerokuLine[] {
  if (event.kind === 'output') return [];
  if ('dyno' in event) {
    const dyno = event.type === 'release' ? context.releaseDyno : event.dyno;
    return dynoMessages(event, dyno, context).map((said) => ({ dyno, ...said }));
  }

  switch (event.kind) {
    case 'release':
      return event.ok ? [] : [{ dyno: context.releaseDyno, text: releaseFailed(event) }];
    case 'stopping':
      return runLine(describeStopping(event));
    case 'kill':
      return killLines(event, context);
    case 'finished':
      return runLine(`All dynos stopped; exit status ${event.exitCode}`);
    case 'control':
      return runLine(describeControl(event));
    case 'watchdog-gone':
      return runLine(
        `Watchdog (pid ${event.pid}) is gone: dynos will outlive a SIGKILL of dynorun`,
      );
    case 'leftover':
      return runLine(
        `Stopping process ${event.pid} of ${event.leftBy}, left running by a killed ` +
          `dynorun (pid ${event.runPid}): ${event.command}`,
      );
  }
}

// A request over the control socket, or a stale socket removed, in Heroku's voice.
function describeControl(event: ControlEvent): string {
  const target = event.target || 'all dynos';
  switch (event.action) {
    case 'restart':
      return `Restarting ${target} on request`;
    case 'stop':
      return `Stopping ${target} on request`;
    case 'resume':
      return `Starting ${target} again on request`;
    case 'scale':
      return `Scaling to ${target} on request`;
    case 'stale-socket':
      return 'Removed a stale control socket left by a dynorun that was killed';
  }
}

function runLine(text: string): HerokuLine[] {
  return [{ dyno: HEROKU_SYSTEM_DYNO, text }];
}

type DynoEvent = Exclude<Extract<SupervisorEvent, { dyno: string }>, { kind: 'output' }>;

function dynoMessages(event: DynoEvent, dyno: string, context: HerokuContext): Said[] {
  const said = (...texts: string[]) => texts.map((text) => ({ text }));

  switch (event.kind) {
    case 'spawn':
      return said(`Starting process with command \`${event.command}\``);
    case 'spawn-error':
      return said(`Process failed to start: ${event.message}`);
    case 'state':
      return stateLines(event, context.shownState(event.dyno));
    case 'stop':
      return stopLines(event, context.shownState(event.dyno));
    case 'exit':
      if (event.code === null && event.signal === null)
        return said('Process exited; status unknown');
      return said(`Process exited with status ${exitStatus(event.code, event.signal)}`);
    case 'restart':
      return [];
    case 'give-up':
      return said(giveUp(event));
    case 'cycle':
      return said('Cycling');
    case 'boot-timeout':
      return said(bootTimeout(event), 'Stopping process with SIGKILL');
    case 'memory':
      return said(...memoryLines(event));
    case 'metrics':
      return said(metricsLine(event, dyno, context.runId));
  }
}

function giveUp(event: GiveUpEvent): string {
  if (event.reason === 'policy') return 'Process will not be restarted (restart policy)';
  if (event.restarts === 0) return 'Process will not be restarted: restarts are off';
  return `Process will not be restarted after ${plural(event.restarts, 'restart')} in a row`;
}

/** Heroku's status: the exit code, or 128 + the signal's number (143 for SIGTERM). */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal !== null) return 128 + (constants.signals[signal] ?? 0);
  return code ?? 0;
}

function stateLines(event: StateEvent, shown: HerokuState | undefined): Said[] {
  if (event.to === 'stopping' || event.from === 'stopping') return [];
  const from = shown ?? event.from;

  if (isOneShot(event.type) && (event.to === 'crashed' || event.to === 'down')) {
    return shown === 'complete' ? [] : [changed(from, 'complete')];
  }
  // A replacement already said `starting` when it began stopping the old process.
  if (event.to === 'starting' && shown === 'starting') return [];
  return [changed(from, event.to)];
}

function stopLines(event: StopEvent, shown: HerokuState | undefined): Said[] {
  const stopping = { text: `Stopping all processes with ${event.signal}` };
  const ended: HerokuState = event.reason === 'replace' ? 'starting' : 'down';
  const to = event.type === 'release' ? 'complete' : ended;
  return [changed(shown ?? 'up', to), stopping];
}

function changed(from: HerokuState, to: HerokuState): Said {
  return { text: `State changed from ${from} to ${to}`, state: to };
}

function releaseFailed(event: ReleaseEvent): string {
  const how = event.timedOut
    ? `timed out after ${seconds(event.timeoutMs)}`
    : `failed with status ${exitStatus(event.code, event.signal)}`;
  return `Release command ${how}; nothing else will start`;
}

function describeStopping(event: StoppingEvent): string {
  const cause = event.cause;
  if ('signal' in cause) return `Received ${cause.signal}; stopping all dynos`;
  if ('dyno' in cause) {
    const how = cause.code === null ? 'ended' : `exited with status ${cause.code}`;
    return `${cause.dyno} ${how}; stopping all dynos`;
  }
  if ('output' in cause) return `Cannot write the log to stdout (${cause.output}); stopping`;
  return 'No dyno left running or waiting to restart; stopping';
}

// One group of lines per dyno named in the event, in the order they first appear.
function killLines(event: KillEvent, context: HerokuContext): HerokuLine[] {
  const dynos = [...new Set(event.processes.map((process) => process.dyno))];
  const last = 'Stopping remaining processes with SIGKILL';

  return dynos.flatMap((name) => {
    const dyno = name === 'release' ? context.releaseDyno : name;
    if (event.reason === 'interrupted-again') return [{ dyno, text: last }];

    const signal = context.stopSignal(name);
    const failed = `failed to exit within ${seconds(event.graceMs)} of ${signal}`;
    const r12 = `Error R12 (Exit timeout) -> At least one process ${failed}`;
    return [
      { dyno, text: r12 },
      { dyno, text: last },
    ];
  });
}

// Heroku's R10 names the process type (`Web process`) and what it waited for.
function bootTimeout(event: BootTimeoutEvent): string {
  const type = event.type.charAt(0).toUpperCase() + event.type.slice(1);
  const failed = event.waitingFor.startsWith('bind to $PORT')
    ? 'failed to bind to $PORT'
    : `failed to become ready (${event.waitingFor})`;
  const within = `within ${seconds(event.timeoutMs)} of launch`;
  return `Error R10 (Boot timeout) -> ${type} process ${failed} ${within}`;
}

function memoryLines(event: MemoryEvent): string[] {
  const used = Math.round(event.usedBytes / MIB);
  const percent = ((event.usedBytes / event.quotaBytes) * 100).toFixed(1);
  const running = `Process running mem=${used}M(${percent}%)`;

  if (event.code === 'R14') return [running, 'Error R14 (Memory quota exceeded)'];
  const r15 = 'Error R15 (Memory quota vastly exceeded)';
  return [running, r15, 'Stopping process with SIGKILL'];
}

// Heroku's runtime-metrics shape, reduced to what we sample. Sizes in MiB, written `MB`
// as Heroku does.
function metricsLine(event: MetricsEvent, dyno: string, runId: string): string {
  const memory = `sample#memory_total=${(event.memoryBytes / MIB).toFixed(2)}MB`;
  const load = `sample#load_avg_1m=${event.load1m.toFixed(2)}`;
  return `source=${dyno} dyno=heroku.${runId}.${dyno} ${memory} ${load}`;
}

function seconds(ms: number): string {
  const value = Math.round(ms) / 1000;
  return `${value} ${value === 1 ? 'second' : 'seconds'}`;
}
