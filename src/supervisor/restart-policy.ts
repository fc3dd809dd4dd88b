// When a dyno that exited on its own comes back, and after how long. Pure, so the whole
// schedule is one table test.
//
// The schedule (documented in the README): the first exit restarts at once; each further
// exit without the dyno having stayed up for `stableAfterMs` waits twice as long as the
// one before, starting at `initialDelayMs` and capped at `maxDelayMs`. A dyno that stays up
// for `stableAfterMs` starts again from an immediate restart.
import type { RestartPolicy } from '../types.js';

export interface RestartOptions {
  policy: RestartPolicy;
  /** Restarts allowed in a row before giving up; `Infinity` for no limit. */
  maxRestarts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
}

export const DEFAULT_RESTART: RestartOptions = {
  policy: 'always',
  maxRestarts: Infinity,
  initialDelayMs: 1_000,
  maxDelayMs: 60_000,
  stableAfterMs: 60_000,
};

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type RestartDecision =
  | { restart: true; attempt: number; delayMs: number }
  | { restart: false; reason: 'policy' | 'max-restarts' };

/**
 * Decides what follows an exit nobody asked for. `previousAttempts` counts the restarts
 * since the dyno last stayed up; `uptimeMs` is how long the run that just ended lasted.
 */
export function decideRestart(
  options: RestartOptions,
  exit: ExitStatus,
  previousAttempts: number,
  uptimeMs: number,
): RestartDecision {
  if (!wantsRestart(options.policy, exit)) return { restart: false, reason: 'policy' };

  const attempt = uptimeMs >= options.stableAfterMs ? 1 : previousAttempts + 1;
  if (attempt > options.maxRestarts) return { restart: false, reason: 'max-restarts' };

  return { restart: true, attempt, delayMs: restartDelayMs(options, attempt) };
}

/** 0 for the first restart, then initial × 2^(n−2), capped. */
export function restartDelayMs(options: RestartOptions, attempt: number): number {
  if (attempt <= 1) return 0;
  const delay = options.initialDelayMs * 2 ** (attempt - 2);
  return Math.min(delay, options.maxDelayMs);
}

function wantsRestart(policy: RestartPolicy, exit: ExitStatus): boolean {
  if (policy === 'always') return true;
  if (policy === 'never') return false;
  return exit.signal !== null || exit.code !== 0;
}
