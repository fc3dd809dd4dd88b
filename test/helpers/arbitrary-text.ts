// Text for the parsers' property tests: anything at all, plus lines built from a file
// format's own syntax so that most runs get past the first check.
import fc from 'fast-check';

/** Lines of `line`, joined by \n or \r\n throughout. */
export function linesOf(line: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'))
    .map(([lines, newline]) => lines.join(newline));
}

// UTF-16 code units, lone surrogates included.
const codeUnit = fc.nat(0xffff).map((code) => String.fromCharCode(code));
const bytesAsText = fc
  .uint8Array({ maxLength: 300 })
  .map((bytes) => new TextDecoder('utf-8').decode(bytes));

/** Random strings, random bytes read as UTF-8, and the format-like texts given. */
export function anyTextWith(...formatLike: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: codeUnit, maxLength: 200 }),
    ...formatLike,
    bytesAsText,
  );
}
