// The settings of a process type that neither the settings file nor a flag sets. They are
// Heroku's, so that an app behaves here as it does on a dyno.

import type { TypeSettings } from '../types.js';

/** The settings of every type but `web` (see `defaultSettings`). */
export const DEFAULT_SETTINGS: Readonly<TypeSettings> = Object.freeze<TypeSettings>({
  /** A dyno that exits is restarted whatever its exit code, as on Heroku. */
  restart: 'always',
  /** Heroku never gives up on a crashing dyno; it only backs off. */
  maxRestarts: Infinity,
  /** What Heroku sends to every process of a dyno that is stopped. */
  stopSignal: 'SIGTERM',
  /** Heroku waits 30 s after SIGTERM before it sends SIGKILL. */
  graceMs: 30_000,
  /** A type other than `web` is up as soon as its process has started. */
  readiness: { kind: 'started' },
  /** Heroku's boot timeout (R10): 60 s to become ready. */
  bootTimeoutMs: 60_000,
  /** No memory quota: R14 and R15 only when one is set. */
  memoryQuotaBytes: undefined,
  /** Any number of dynos. */
  maxInstances: undefined,
  /** Every type starts at once, right after the release. */
  after: [],
  /** No cycling: Heroku cycles daily, which is rarely wanted off Heroku. */
  cycleMs: undefined,
});

/** `web` is up once something in its tree listens on its PORT, as Heroku decides. */
export const WEB_READINESS = Object.freeze({ kind: 'port' } as const);

/** Heroku's release phase may run for one hour. */
export const DEFAULT_RELEASE_TIMEOUT_MS = 3_600_000;

// The defaults of one process type: `web` differs in its readiness only.
export function defaultSettings(type: string): TypeSettings {
  const readiness = type === 'web' ? WEB_READINESS : DEFAULT_SETTINGS.readiness;
  return { ...DEFAULT_SETTINGS, readiness, after: [] };
}
