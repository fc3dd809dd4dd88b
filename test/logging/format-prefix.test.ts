import { describe, expect, it } from 'vitest';
import { colorFor, formatPrefix, shouldColor } from '../../src/logging/format-prefix.js';

const noon = new Date(2026, 11, 4, 12, 3, 9);

describe('formatPrefix', () => {
  it.each([
    [{ width: 7, timestamp: true, color: false }, '12:03:09 web.1   | '],
    [{ width: 5, timestamp: false, color: false }, 'web.1 | '],
    [{ width: 5, timestamp: false, color: true }, '\x1b[36mweb.1 |\x1b[0m '],
  ])('%o', (style, want) => {
    expect(formatPrefix('web.1', '36', noon, style)).toBe(want);
  });

  it('gives each type its own colour, stable by Procfile order, and dynorun bold', () => {
    const types = ['web', 'worker'];
    expect(colorFor('web', types)).not.toBe(colorFor('worker', types));
    expect(colorFor('dynorun', types)).toBe('1');
  });
});

describe('shouldColor', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, false, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
  ])('%o on a terminal: %s → %s', (env, isTTY, want) => {
    expect(shouldColor(env, isTTY)).toBe(want);
  });
});
