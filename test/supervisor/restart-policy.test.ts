import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESTART,
  decideRestart,
  restartDelayMs,
  type RestartOptions,
} from '../../src/supervisor/restart-policy.js';

const options = (overrides: Partial<RestartOptions> = {}) => ({ ...DEFAULT_RESTART, ...overrides });
const code = (n: number) => ({ code: n, signal: null });
const killed = { code: null, signal: 'SIGKILL' as const };

describe('restartDelayMs', () => {
  it.each([
    [1, 0],
    [2, 1_000],
    [3, 2_000],
    [4, 4_000],
    [7, 32_000],
    [8, 60_000],
    [30, 60_000],
  ])('restart %i waits %i ms', (attempt, delay) => {
    expect(restartDelayMs(DEFAULT_RESTART, attempt)).toBe(delay);
  });
});

describe('decideRestart', () => {
  it.each([
    ['always', code(0), 0, 10, { restart: true, attempt: 1, delayMs: 0 }],
    ['always', code(1), 1, 10, { restart: true, attempt: 2, delayMs: 1_000 }],
    ['always', killed, 3, 10, { restart: true, attempt: 4, delayMs: 4_000 }],
    ['always', code(1), 5, 60_000, { restart: true, attempt: 1, delayMs: 0 }],
    ['on-failure', code(0), 0, 10, { restart: false, reason: 'policy' }],
    ['on-failure', code(2), 0, 10, { restart: true, attempt: 1, delayMs: 0 }],
    ['on-failure', killed, 1, 10, { restart: true, attempt: 2, delayMs: 1_000 }],
    ['never', code(1), 0, 10, { restart: false, reason: 'policy' }],
    ['never', code(0), 0, 10, { restart: false, reason: 'policy' }],
  ] as const)('%s after %o with %i restarts and %i ms up', (policy, exit, before, up, want) => {
    expect(decideRestart(options({ policy }), exit, before, up)).toEqual(want);
  });

  it.each([
    [3, 2, { restart: true, attempt: 3, delayMs: 2_000 }],
    [3, 3, { restart: false, reason: 'max-restarts' }],
    [0, 0, { restart: false, reason: 'max-restarts' }],
  ] as const)('with at most %i restarts, after %i of them: %o', (max, before, want) => {
    expect(decideRestart(options({ maxRestarts: max }), code(1), before, 10)).toEqual(want);
  });
});
