import { describe, expect, it } from 'vitest';
import { randomHex } from '../src/random-hex.js';

describe('randomHex', () => {
  it('gives the asked number of hexadecimal digits, different each time', () => {
    const names = Array.from({ length: 200 }, () => randomHex(8));
    for (const name of names) expect(name).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set(names).size).toBe(200);
  });
});
