import { describe, expect, it } from 'vitest';

import { formatDuration, parseDuration } from '../../src/settings/parse-duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['24h', 86_400_000],
    ['1.5h', 5_400_000],
    ['.5s', 500],
    ['30', 30_000],
    ['0.25', 250],
    ['0', 0],
    [' 30s ', 30_000],
    ['1.0004s', 1_000],
  ])('reads %j as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  const invalid = ['', 's', '30 s', '-5s', '+5s', '30S', '1h30m', '30sec', '5d', '1e3'];
  it.each(invalid)('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1_500, '1500ms'],
    [30_000, '30s'],
    [90_000, '90s'],
    [300_000, '5m'],
    [5_400_000, '90m'],
    [86_400_000, '24h'],
  ])('writes %i ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [0, 1, 999, 61_000, 3_600_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
