import { describe, expect, it } from 'vitest';

import { formatSize, parseSize } from '../../src/settings/parse-size.js';

const MiB = 1024 ** 2;

describe('parseSize', () => {
  it.each([
    ['512M', 512 * MiB],
    ['512MB', 512 * MiB],
    ['512MiB', 512 * MiB],
    ['512m', 512 * MiB],
    ['1G', 1024 * MiB],
    ['1.5G', 1536 * MiB],
    ['256K', 256 * 1024],
    ['2T', 2 * 1024 ** 4],
    ['1000', 1000],
    ['1000B', 1000],
    ['0.5K', 512],
  ])('reads %j as %i bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['', 'M', '512 M', '-1M', '512X', '512iB', '1.5.0G', 'lots', '512Mb/s'])(
    'rejects %j',
    (text) => {
      expect(parseSize(text)).toBeUndefined();
    },
  );
});

describe('formatSize', () => {
  it.each([
    [512 * MiB, '512M'],
    [1536 * MiB, '1536M'],
    [1024 * MiB, '1G'],
    [256 * 1024, '256K'],
    [1000, '1000'],
  ])('writes %i bytes as %j', (bytes, text) => {
    expect(formatSize(bytes)).toBe(text);
  });
});
