import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/logging/line-splitter.js';

function split(chunks: Buffer[], max?: number): string[] {
  const splitter = new LineSplitter(max);
  const batches = [...chunks.map((chunk) => splitter.push(chunk)), splitter.flush()];
  return batches.flatMap((batch) => batch?.lines() ?? []).map((line) => line.toString('latin1'));
}

describe('LineSplitter', () => {
  it.each([
    ['one line', ['a\n'], ['a']],
    ['no trailing newline', ['a\nb'], ['a', 'b']],
    ['a line across chunks', ['ab', 'c', 'd\ne'], ['abcd', 'e']],
    ['empty lines', ['\n\n'], ['', '']],
    ['carriage returns kept', ['50%\r100%\r\n'], ['50%\r100%\r']],
    ['nothing', [], []],
  ])('%s', (_name, chunks, want) => {
    expect(split(chunks.map((chunk) => Buffer.from(chunk, 'latin1')))).toEqual(want);
  });

  it('cuts a line longer than the limit into pieces of the limit', () => {
    expect(split([Buffer.from('abcdefg'), Buffer.from('h\n')], 3)).toEqual(['abc', 'def', 'gh']);
    expect(split([Buffer.from('abcdef'), Buffer.from('\n')], 3)).toEqual(['abc', 'def']);
    expect(split([Buffer.from('abcdefgh\n')], 3)).toEqual(['abc', 'def', 'gh']);
    expect(split([Buffer.from('\nabcdefgh')], 3)).toEqual(['', 'abc', 'def', 'gh']);
  });

  it('keeps bytes that are not valid UTF-8 as they are', () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x0a]);
    const splitter = new LineSplitter();
    expect(splitter.push(bytes)?.lines()).toEqual([Buffer.from([0xff, 0xfe])]);
  });

  it('gives the same lines however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(400)), (bytes, cuts) => {
        const data = Buffer.from(bytes);
        const points = [...new Set(cuts.map((cut) => cut % (data.length + 1)))].sort(
          (a, b) => a - b,
        );
        const chunks = [0, ...points, data.length]
          .slice(1)
          .map((end, i, ends) => data.subarray(i === 0 ? 0 : (ends[i - 1] as number), end));
        expect(split(chunks)).toEqual(split([data]));
        expect(split(chunks, 7)).toEqual(split([data], 7));
      }),
      { numRuns: 1000 },
    );
  });
});
