// parseEnv on any text either returns variables with valid names and values the kernel
// accepts, or throws an EnvFileError with a one-line message naming the file: never
// another error, whatever the input (random Unicode, pieces of .env syntax, random bytes
// read as UTF-8).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EnvFileError } from '../../src/errors.js';
import { parseEnv } from '../../src/env/parse.js';
import { anyTextWith, linesOf } from '../helpers/arbitrary-text.js';

// Pieces the parser looks at, so that most runs reach its quoting and expansion rules.
const SYNTAX = [
  ...['A', 'b_1', '=', ' = ', 'export ', ' ', '\t', '#', ' #', '\n', '\r\n', '\r'],
  ...["'", '"', '\\', '\\n', '\\"', '$', '$A', '${', '}', '${A}', '${A:-', '${A-'],
  ...['\0', '\x1b', '\uFEFF', 'é', '🚀', 'x y'],
];
const envLike = fc
  .array(fc.constantFrom(...SYNTAX), { maxLength: 30 })
  .map((pieces) => pieces.join(''));
const key = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,4}$/),
  fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'PATH'),
);
const assignment = fc
  .tuple(fc.constantFrom('', 'export '), key, fc.constantFrom('=', ' = '), envLike)
  .map((parts) => parts.join(''));
const line = fc.oneof(assignment, assignment, fc.constantFrom('', '# A=1'), envLike);
const anyText = anyTextWith(envLike, linesOf(line));
const outer = fc.dictionary(key, fc.string({ maxLength: 10 }), { maxKeys: 3 });

// The outcome of parsing, with the error checked to be an EnvFileError.
function parse(text: string, env: Record<string, string>) {
  try {
    return { values: parseEnv(text, '.env', env) };
  } catch (error) {
    expect(error).toBeInstanceOf(EnvFileError);
    return { error: error as EnvFileError };
  }
}

describe('parseEnv on arbitrary input', () => {
  it('throws only an EnvFileError, with a one-line message naming the file', () => {
    fc.assert(
      fc.property(anyText, outer, (text, env) => {
        const { error } = parse(text, env);
        if (error === undefined) return;
        expect(error.message).toMatch(/^\.env:\d+: [^\n\r]+$/);
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.line).toBeLessThanOrEqual(text.split('\n').length);
      }),
      { numRuns: 2000 },
    );
  });

  it('returns only valid names and values without a NUL byte', () => {
    fc.assert(
      fc.property(anyText, outer, (text, env) => {
        const { values } = parse(text, env);
        if (values === undefined) return;
        for (const [name, value] of Object.entries(values)) {
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
          expect(value).not.toContain('\0');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any value written in double quotes with its escapes', () => {
    const value = fc
      .string({ unit: 'binary', maxLength: 40 })
      .filter((text) => !text.includes('\0'));
    fc.assert(
      fc.property(key, value, (name, text) => {
        const escaped = text
          .replace(/[\\"$]/g, '\\$&')
          .replace(/\n/g, '\\n')
          .replace(/\r/g, '\\r')
          .replace(/\t/g, '\\t');
        const parsed = parseEnv(`${name}="${escaped}" # note\n`, '.env');
        expect(Object.entries(parsed)).toEqual([[name, text]]);
      }),
      { numRuns: 1000 },
    );
  });
});
