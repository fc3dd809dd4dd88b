// Which events deserve an alert, and how often. Pure: the caller passes the time, so
// the whole policy is table-tested without waiting.
//
// - crash: a dyno exited on its own with a non-zero code or a signal. The exit that
//   follows an R10 or R15 kill is not a second alert: the boot-timeout or memory alert
//   said it.
// - Nothing about one-off dynos (`dynorun run`, type `run`): they end, often non-zero, in
//   front of the person who ran them.
// - restart-loop: a dyno restarted `loopRestarts` times within `loopWindowMs`; once per
//   loop. While the loop lasts, its crashes and restarts are counted, not sent. It ends
//   when a run of the dyno lasts `loopWindowMs` (the supervisor's back-off starts over
//   after a minute up, too) or a restart numbered 1 says the back-off started over.
//   Giving a dyno up after --max-restarts always sends one more restart-loop alert.
// - boot-timeout: R10. memory: R14 and R15 (each its own limit, so an R14 never hides
//   the R15 kill that follows it). release-failed: the release phase failed.
//
// On top of that, at most one alert per (kind, dyno) per `intervalMs`. Every alert says
// how many of its kind for that dyno were held back since the previous one
// (`suppressed`).
import { lifecycleMessage, ONE_OFF_TYPE } from './lifecycle-message.js';
import type { ExitEvent, SupervisorEvent } from './supervisor-event.js';

export type AlertKind = 'crash' | 'restart-loop' | 'boot-timeout' | 'memory' | 'release-failed';

export interface Alert {
  kind: AlertKind;
  dyno: string;
  type: string;
  /** The lifecycle line of the event, as the console shows it. */
  message: string;
  /** The dyno's last exit, when it has exited. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** Alerts of this kind for this dyno held back since the previous one was sent. */
  suppressed: number;
}

export interface AlertPolicyOptions {
  /** At most one alert per (kind, dyno) in this period. @default 60_000 */
  intervalMs?: number;
  /** Restarts within `loopWindowMs` that make a restart loop. @default 3 */
  loopRestarts?: number;
  /** @default 60_000 */
  loopWindowMs?: number;
}

export const DEFAULT_ALERT_INTERVAL_MS = 60_000;

export class AlertPolicy {
  private readonly intervalMs: number;
  private readonly loopRestarts: number;
  private readonly loopWindowMs: number;
  private readonly sent = new Map<string, { at: number; suppressed: number }>();
  private readonly restartTimes = new Map<string, number[]>();
  private readonly looping = new Set<string>();
  private readonly killed = new Set<string>();
  private readonly exits = new Map<string, ExitEvent>();
  private readonly spawned = new Map<string, number>();

  constructor(options: AlertPolicyOptions = {}) {
    this.intervalMs = options.intervalMs ?? DEFAULT_ALERT_INTERVAL_MS;
    this.loopRestarts = options.loopRestarts ?? 3;
    this.loopWindowMs = options.loopWindowMs ?? 60_000;
  }

  /** The alert `event` raises at time `now` (ms), if any. */
  decide(event: SupervisorEvent, now: number): Alert | undefined {
    // A one-off is someone's console session: its exit code is theirs to read, not news.
    if ('type' in event && event.type === ONE_OFF_TYPE) return undefined;
    switch (event.kind) {
      case 'spawn':
        this.spawned.set(event.dyno, now);
        return undefined;
      case 'exit':
        return this.onExit(event, now);
      case 'restart':
        return this.onRestart(event.dyno, event.attempt, now, event);
      case 'give-up':
        if (event.reason !== 'max-restarts') return undefined;
        this.looping.delete(event.dyno);
        return this.raise('restart-loop', event, now, true);
      case 'boot-timeout':
        this.killed.add(event.dyno);
        return this.raise('boot-timeout', event, now);
      case 'memory':
        if (event.code === 'R15') this.killed.add(event.dyno);
        return this.raise('memory', event, now, false, event.code);
      case 'release':
        return event.ok ? undefined : this.raise('release-failed', event, now);
      default:
        return undefined;
    }
  }

  private onExit(event: ExitEvent, now: number): Alert | undefined {
    this.exits.set(event.dyno, event);
    const ranFor = now - (this.spawned.get(event.dyno) ?? now);
    if (ranFor >= this.loopWindowMs) this.looping.delete(event.dyno);
    const wasKilled = this.killed.delete(event.dyno);
    const failed = event.code !== 0 || event.signal !== null;
    if (event.stopped || wasKilled || !failed || event.type === 'release') return undefined;
    if (this.looping.has(event.dyno)) return this.holdBack('crash', event.dyno);
    return this.raise('crash', event, now);
  }

  private onRestart(dyno: string, attempt: number, now: number, event: SupervisorEvent) {
    // Restart 1 follows a dyno that stayed up (or a first crash): any loop is over.
    if (attempt === 1) this.looping.delete(dyno);
    const recent = (this.restartTimes.get(dyno) ?? []).filter((at) => now - at < this.loopWindowMs);
    recent.push(now);
    this.restartTimes.set(dyno, recent.slice(-this.loopRestarts));

    if (this.looping.has(dyno)) return this.holdBack('restart-loop', dyno);
    if (recent.length < this.loopRestarts) return undefined;
    this.looping.add(dyno);
    return this.raise('restart-loop', event, now);
  }

  // `always`: past the interval limit too (giving up happens once per dyno).
  private raise(
    kind: AlertKind,
    event: SupervisorEvent,
    now: number,
    always = false,
    variant = '',
  ): Alert | undefined {
    const dyno = 'dyno' in event && typeof event.dyno === 'string' ? event.dyno : 'release';
    const key = `${kind}:${variant}:${dyno}`;
    const last = this.sent.get(key);
    if (!always && last && now - last.at < this.intervalMs) {
      last.suppressed += 1;
      return undefined;
    }
    this.sent.set(key, { at: now, suppressed: 0 });
    const type = 'type' in event ? event.type : 'release';
    const exit = event.kind === 'release' ? event : this.exits.get(dyno);
    const message = lifecycleMessage(event) ?? kind;
    const { code, signal } = exit ?? { code: null, signal: null };
    const suppressed = last?.suppressed ?? 0;
    return { kind, dyno, type, message, exit: exit && { code, signal }, suppressed };
  }

  private holdBack(kind: AlertKind, dyno: string): undefined {
    const key = `${kind}::${dyno}`;
    const last = this.sent.get(key) ?? { at: -Infinity, suppressed: 0 };
    last.suppressed += 1;
    this.sent.set(key, last);
    return undefined;
  }
}
