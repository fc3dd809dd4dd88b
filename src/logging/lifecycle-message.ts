// The one place that words dynorun's own lines. Each returns plain text; formats add the
// `dynorun |` or `heroku[web.1]:` prefix. Events without a human line return undefined.
import type {
  BootTimeoutEvent,
  ControlEvent,
  KillEvent,
  LeftoverEvent,
  MemoryEvent,
  MetricsEvent,
  OutputEvent,
  ReleaseEvent,
  StoppingEvent,
  SupervisorEvent,
} from './supervisor-event.js';
import { plural } from './plural.js';

/** The process type of one-off dynos (`dynorun run` beside a running formation). */
export const ONE_OFF_TYPE = 'run';

export function lifecycleMessage(event: SupervisorEvent): string | undefined {
  switch (event.kind) {
    case 'spawn':
      // A one-off's command is the user's, typed a moment ago: the log says which it was.
      return event.type === ONE_OFF_TYPE
        ? `${event.dyno} started with pid ${event.pid}: ${event.command}`
        : `${event.dyno} started with pid ${event.pid}`;
    case 'spawn-error':
      return `${event.dyno} could not start: ${event.message}`;
    case 'exit':
      return `${event.dyno} ${describeExit(event.code, event.signal)}`;
    case 'restart':
      return `${event.dyno} restarting ${describeDelay(event.delayMs)} (restart ${event.attempt})`;
    case 'give-up':
      return event.reason === 'policy'
        ? `${event.dyno} will not be restarted (restart policy)`
        : `${event.dyno} will not be restarted: ${restartsUsedUp(event.restarts)}`;
    case 'release':
      return describeRelease(event);
    case 'stopping':
      return describeStopping(event);
    case 'kill':
      return describeKill(event);
    case 'finished':
      return `all processes stopped; exit code ${event.exitCode}`;
    case 'state':
      // The release and one-offs are one-shot: "up" says nothing about them.
      return event.to === 'up' && !isOneShot(event.type) ? `${event.dyno} is up` : undefined;
    case 'stop':
      return event.reason === 'replace' ? `sending ${event.signal} to ${event.dyno}` : undefined;
    case 'cycle':
      return `${event.dyno} cycling: replacing it with a fresh process`;
    case 'boot-timeout':
      return describeBootTimeout(event);
    case 'memory':
      return describeMemory(event);
    case 'control':
      return describeControl(event);
    case 'leftover':
      return describeLeftover(event);
    case 'watchdog-gone':
      return watchdogGone(event.pid);
    case 'metrics':
      return describeMetrics(event);
    default:
      return undefined;
  }
}

/**
 * A line for every lifecycle event, for JSON's `msg`: the console's line, or for the
 * events the console leaves out (most state changes, a stop for shutdown) a plain one.
 */
export function eventText(event: Exclude<SupervisorEvent, OutputEvent>): string {
  const line = lifecycleMessage(event);
  if (line !== undefined) return line;
  if (event.kind === 'state')
    return `${event.dyno} state changed from ${event.from} to ${event.to}`;
  if (event.kind === 'stop') return `sending ${event.signal} to ${event.dyno}`;
  return event.kind;
}

// Neither code nor signal: a one-off whose end nobody reported (its `dynorun run` was
// killed), found gone later.
export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `exited on ${signal}`;
  if (code === null) return 'ended; its exit status is unknown';
  const meaning = SHELL_EXIT_MEANINGS[code];
  return `exited with code ${code}${meaning === undefined ? '' : ` (${meaning})`}`;
}

// The codes /bin/sh itself exits with when it cannot run a dyno's command: said in words
// on the exit line, since they are not the program's own.
const SHELL_EXIT_MEANINGS: Partial<Record<number, string>> = {
  126: 'command not executable',
  127: 'command not found',
};

/** The release phase and one-off dynos: they run once and are never restarted. */
export function isOneShot(type: string): boolean {
  return type === 'release' || type === ONE_OFF_TYPE;
}

// `--max-restarts 0` (or `max_restarts: 0`) means no restart at all, not none left.
function restartsUsedUp(restarts: number): string {
  if (restarts === 0) return 'restarts are off (max restarts 0)';
  return `${plural(restarts, 'restart')} used up`;
}

function describeDelay(delayMs: number): string {
  if (delayMs === 0) return 'now';
  return `in ${formatSeconds(delayMs)}`;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

// What stops the run, then what dynorun does about it, or that nothing runs to be stopped.
function describeStopping(event: StoppingEvent): string {
  const grace = formatSeconds(event.graceMs);
  const action = `sending ${event.signal} to all processes (grace ${grace})`;
  const cause = event.cause;
  if ('done' in cause) {
    const nothing = 'no dyno is left running or waiting to restart';
    return event.running === 0 ? `${nothing}; nothing to stop` : `${nothing}; ${action}`;
  }
  if (event.running === 0) return `${describeCause(cause)}; no dyno is running, nothing to stop`;
  return `${describeCause(cause)}; ${action}`;
}

function describeCause(cause: Exclude<StoppingEvent['cause'], { done: true }>): string {
  if ('signal' in cause) return `received ${cause.signal}`;
  if ('dyno' in cause) return `${cause.dyno} ended the run`;
  return `cannot write the log to stdout (${cause.output})`;
}

function describeKill(event: KillEvent): string {
  const list = event.processes.map((p) => `${p.dyno} (pid ${p.pid})`).join(', ');
  const what = plural(event.processes.length, 'process', 'processes');
  return event.reason === 'interrupted-again'
    ? `interrupted again; sending SIGKILL to ${what}: ${list}`
    : `sending SIGKILL to ${what} still running after ${formatSeconds(event.graceMs)}: ${list}`;
}

function describeRelease(event: ReleaseEvent): string {
  if (event.ok) return 'release succeeded; starting the formation';
  const after = 'nothing else will start';
  if (event.timedOut) {
    return `release failed (timed out after ${formatSeconds(event.timeoutMs)}); ${after}`;
  }
  // `exited with code 127: command not found`, not parentheses in parentheses.
  const how = describeExit(event.code, event.signal).replace(/ \((.*)\)$/, ': $1');
  return `release failed (${how}); ${after}`;
}

function describeControl(event: ControlEvent): string {
  const target = event.target || 'every dyno';
  switch (event.action) {
    case 'restart':
      return `restarting ${target} on request, one dyno of a type at a time`;
    case 'stop':
      return `stopping ${target} on request`;
    case 'resume':
      return `starting ${target} again on request`;
    case 'scale':
      return `scaling to ${target} on request`;
    case 'stale-socket':
      return 'removed a stale control socket left by a dynorun that was killed';
  }
}

function describeLeftover(event: LeftoverEvent): string {
  const left = `${event.leftBy} left pid ${event.pid} running`;
  return `${left} when its dynorun (pid ${event.runPid}) was killed: ${event.command}; stopping it`;
}

/** The warning when the watchdog exits before dynorun does (see watchdog.ts). */
export function watchdogGone(pid: number): string {
  return `the watchdog (pid ${pid}) is gone: processes will outlive a SIGKILL of dynorun`;
}

function describeBootTimeout(event: BootTimeoutEvent): string {
  const within = formatSeconds(event.timeoutMs);
  const what = `${event.dyno} did not ${event.waitingFor} within ${within}`;
  return `${what} (R10 boot timeout); killing it`;
}

function describeMemory(event: MemoryEvent): string {
  const used = mebibytes(event.usedBytes);
  const quota = mebibytes(event.quotaBytes);
  return event.code === 'R14'
    ? `${event.dyno} uses ${used}, over its ${quota} quota (R14 memory quota exceeded)`
    : `${event.dyno} uses ${used}, over twice its ${quota} quota (R15); killing it`;
}

function describeMetrics(event: MetricsEvent): string {
  const processes = plural(event.processes, 'process', 'processes');
  const memory = `${mebibytes(event.memoryBytes)} in ${processes}`;
  return `${event.dyno} memory ${memory}, load ${event.load1m.toFixed(2)}`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
