// parseProcfile on any text either returns entries that obey the Procfile rules or throws
// a ProcfileError with a one-line message naming the file: never another error, whatever
// the input (random Unicode, pieces of Procfile syntax, random bytes read as UTF-8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProcfileError } from '../../src/errors.js';
import { MAX_COMMAND_BYTES, parseProcfile } from '../../src/procfile/parse.js';
import { anyTextWith, linesOf } from '../helpers/arbitrary-text.js';

// Text made of the pieces the parser looks at, so that most runs reach its deeper rules.
const PIECES = ['web', 'worker', 'a-b_1', ':', ': ', ' ', '\t', '#', '\n', '\r\n', '\r'];
const SYNTAX = [...PIECES, '.', 'echo $PORT', '\0', '\x1b', '\uFEFF', '\u2028', 'é'];
const procfileLike = fc
  .array(fc.constantFrom(...SYNTAX), { maxLength: 30 })
  .map((pieces) => pieces.join(''));
// Mostly well-formed lines, so that many runs parse and the entries can be checked.
const indent = fc.constantFrom('', ' ', '\t');
const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,6}$/);
const entryLine = fc
  .tuple(indent, name, fc.constantFrom(':', ': ', ':\t'), procfileLike)
  .map((parts) => parts.join(''));
const other = fc.constantFrom('', '# web: x', '  #');
const line = fc.oneof(entryLine, entryLine, other, procfileLike);
const anyText = anyTextWith(procfileLike, linesOf(line));

// What a command may not hold: a control character other than a tab.
const isForbiddenControl = (char: string) => (char < ' ' && char !== '\t') || char === '\x7f';

// The outcome of parsing, with the error checked to be a ProcfileError.
function parse(text: string) {
  try {
    return { entries: parseProcfile(text, 'Procfile') };
  } catch (error) {
    expect(error).toBeInstanceOf(ProcfileError);
    return { error: error as ProcfileError };
  }
}

describe('parseProcfile on arbitrary input', () => {
  it('throws only a ProcfileError, with a one-line message naming the file', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { error } = parse(text);
        if (error === undefined) return;
        expect(error.message).toMatch(/^Procfile(:\d+)?: [^\n\r]+$/);
        if (error.line !== undefined) {
          expect(error.line).toBeGreaterThanOrEqual(1);
          expect(error.line).toBeLessThanOrEqual(text.split('\n').length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('returns only valid names, clean commands and increasing lines', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const { entries } = parse(text);
        if (entries === undefined) return;
        expect(entries.length).toBeGreaterThan(0);
        expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
        for (const [i, entry] of entries.entries()) {
          expect(entry.name).toMatch(/^[A-Za-z0-9_-]+$/);
          expect(entry.command).not.toBe('');
          expect([...entry.command].some(isForbiddenControl)).toBe(false);
          expect(entry.command).toBe(entry.command.trim());
          expect(Buffer.byteLength(entry.command)).toBeLessThanOrEqual(MAX_COMMAND_BYTES);
          expect(entry.line).toBeGreaterThan(i === 0 ? 0 : (entries[i - 1]?.line ?? 0));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
