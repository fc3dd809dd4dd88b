import { describe, expect, it } from 'vitest';

import { portFor } from '../../src/plan/ports.js';

describe('portFor', () => {
  it.each([
    ['web.1 of DANDI', 5000, 0, 1, 5000],
    ['web.2', 5000, 0, 2, 5001],
    ['worker.1 of DANDI', 5000, 1, 1, 5100],
    ['checksum-worker.1 of DANDI', 5000, 2, 1, 5200],
    ['the last instance of a type', 5000, 1, 100, 5199],
    ['another base', 3000, 1, 3, 3102],
    ['the highest port', 65435, 1, 1, 65535],
  ])('gives %s its port', (_title, base, position, instance, port) => {
    expect(portFor(base, position, instance)).toBe(port);
  });

  const tooHigh = (port: number, dyno: string, base: number) =>
    `port ${port} for ${dyno} is above 65535; choose a lower base port than ${base}`;
  it.each([
    [65535, 0, 2, 'web.2', tooHigh(65536, 'web.2', 65535)],
    [65000, 6, 1, undefined, tooHigh(65600, 'instance 1 of type #7', 65000)],
  ])('rejects base %i, position %i, instance %i', (base, position, index, dyno, message) => {
    const expected = expect.objectContaining({ name: 'FormationError', message });
    expect(() => portFor(base, position, index, dyno)).toThrow(expected);
  });
});
