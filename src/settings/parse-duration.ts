// Durations as the settings file and the flags write them: `500ms`, `30s`, `5m`, `24h`,
// a decimal such as `1.5h`, or a bare number of seconds (`30`, as `-t 30` always meant).
// No spaces, no compound forms (`1h30m`): one number, one unit.

/** The phrase error messages use for what a duration looks like. */
export const DURATION_EXAMPLE = 'a duration like 30s or 500ms';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)?$/;

/** Milliseconds (rounded to a whole number); undefined when `text` is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null) return undefined;

  const unit = (match[2] ?? 's') as Unit;
  const ms = Math.round(Number(match[1]) * UNIT_MS[unit]);
  return Number.isSafeInteger(ms) ? ms : undefined;
}

// The shortest exact form in the same syntax: 30000 → `30s`, 1500 → `1500ms`.
export function formatDuration(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms !== 0 && ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return ms === 0 ? '0s' : `${ms}ms`;
}
