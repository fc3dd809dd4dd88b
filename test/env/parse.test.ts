import { describe, expect, it } from 'vitest';

import { parseEnv } from '../../src/env/parse.js';
import type { Env } from '../../src/types.js';

const outer: Env = { HOME: '/home/ada', EMPTY: '', SHELL_ONLY: 'shell' };

describe('parseEnv', () => {
  it.each<[string, string, Env]>([
    ['a plain assignment', 'A=b', { A: 'b' }],
    ['spaces inside an unquoted value', 'A=bar baz', { A: 'bar baz' }],
    ['spaces around "="', 'A = b', { A: 'b' }],
    ['a tab around "="', 'A\t=\tb', { A: 'b' }],
    ['surrounding whitespace, trimmed', '  A=  b  ', { A: 'b' }],
    ['an export prefix', 'export A=b', { A: 'b' }],
    ['a key named export', 'export=b', { export: 'b' }],
    ['lowercase keys and underscores', '_a_1=b', { _a_1: 'b' }],
    ['an empty value', 'A=', { A: '' }],
    ['an empty value before a comment', 'A= # none', { A: '' }],
    ['empty quotes', `A=''\nB=""`, { A: '', B: '' }],
    ['a comment after whitespace', 'A=b # c', { A: 'b' }],
    ['"#" without whitespace before it', 'A=b#c', { A: 'b#c' }],
    ['a URL fragment', 'URL=http://host/#frag', { URL: 'http://host/#frag' }],
    ['"#" right after "="', 'A=#c', { A: '#c' }],
    ['comment lines and blank lines', '# A=1\n\n  # B=2\nC=3', { C: '3' }],
    ['"=" inside the value', 'A=b=c', { A: 'b=c' }],
    ['a later value for the same key', 'A=1\nA=2', { A: '2' }],
    ['single quotes, literally', `A='$HOME \\n "x"'`, { A: '$HOME \\n "x"' }],
    ['single quotes with a comment after them', `A='b # c' # d`, { A: 'b # c' }],
    ['double quotes with a comment after them', 'A="a b" # c', { A: 'a b' }],
    ['double-quote escapes', 'A="1\\n2\\t3\\r4\\"5\\\\6\\$H"', { A: '1\n2\t3\r4"5\\6$H' }],
    ['unknown escapes, kept', 'A="\\d\\w"', { A: '\\d\\w' }],
    ['backslashes in unquoted values, kept', 'A=C:\\temp\\n', { A: 'C:\\temp\\n' }],
    ['quotes inside an unquoted value', `A=it's "ok"`, { A: `it's "ok"` }],
    [
      'a double-quoted value over lines',
      'A="line 1\n  line 2"\nB=c',
      { A: 'line 1\n  line 2', B: 'c' },
    ],
    [
      'a single-quoted value over lines',
      `A='-----BEGIN\nKEY\n-----END'`,
      { A: '-----BEGIN\nKEY\n-----END' },
    ],
    ['an escaped quote at a line end', 'A="x\\"\ny"', { A: 'x"\ny' }],
    ['CRLF line endings', 'A=1\r\nB="x\r\ny"\r\n', { A: '1', B: 'x\ny' }],
    ['a byte order mark', '\uFEFFA=1', { A: '1' }],
    ['$VAR from the outer environment', 'A=$HOME/x', { A: '/home/ada/x' }],
    ['${VAR} from the outer environment', 'A=${HOME}x', { A: '/home/adax' }],
    ['a key of the file before outer', 'HOME=/srv\nA=$HOME', { HOME: '/srv', A: '/srv' }],
    [
      'the outer value for a key defined later',
      'A=$HOME\nHOME=/srv',
      { A: '/home/ada', HOME: '/srv' },
    ],
    ['a key extending its outer value', 'HOME=$HOME/app', { HOME: '/home/ada/app' }],
    ['an unset name as empty', 'A=[$NOPE][${NOPE}]', { A: '[][]' }],
    ['expansion in double quotes', 'A="$HOME ${SHELL_ONLY}"', { A: '/home/ada shell' }],
    ['no expansion in single quotes', `A='\${HOME}'`, { A: '${HOME}' }],
    ['"$" not followed by a name', 'A=$ 1$ $1 $-', { A: '$ 1$ $1 $-' }],
    ['${VAR:-default} when unset', 'A=${NOPE:-x y}', { A: 'x y' }],
    ['${VAR:-default} when empty', 'A=${EMPTY:-d}', { A: 'd' }],
    ['${VAR:-default} when set', 'A=${HOME:-d}', { A: '/home/ada' }],
    ['${VAR-default} when empty', 'A=${EMPTY-d}', { A: '' }],
    ['${VAR-default} when unset', 'A=${NOPE-d}', { A: 'd' }],
    ['a default that expands', 'A="${NOPE:-$HOME\\n}"', { A: '/home/ada\n' }],
  ])('reads %s', (_title, text, expected) => {
    expect(parseEnv(text, '.env', outer)).toEqual(expected);
  });

  it('reads a key named like an Object.prototype member as a plain key', () => {
    const env = parseEnv('__proto__=x\nconstructor=y\nA=$constructor', '.env');
    expect(Object.keys(env)).toEqual(['__proto__', 'constructor', 'A']);
    expect(env.A).toBe('y');
  });

  // Rows give the line and the problem; the message is `.env:<line>: <problem>`.
  const expectedLine = 'expected KEY=value, got';
  const toTheEnd = 'before the end of the file';
  const nameRule = 'use letters, digits and "_", not starting with a digit';
  const badName = (key: string) => `invalid variable name "${key}": ${nameRule}`;
  const unterminated = (kind: string, key: string, quote: string) =>
    `unterminated ${kind} quote in value of "${key}": no closing ${quote} ${toTheEnd}`;
  it.each([
    ['a line without "="', 'A=1\nFOO', 2, `${expectedLine} "FOO"`],
    ['an export without "="', 'export FOO', 1, `${expectedLine} "export FOO"`],
    ['a YAML-style line', 'FOO: bar', 1, `${expectedLine} "FOO: bar"`],
    ['a missing key', '=bar', 1, `${expectedLine} "=bar"`],
    ['control characters, escaped', 'ok\u0007', 1, `${expectedLine} "ok\\x07"`],
    ['a key starting with a digit', '1A=b', 1, badName('1A')],
    ['a dotted key', 'a.b=c', 1, badName('a.b')],
    ['a key with a space', 'MY KEY=c', 1, badName('MY KEY')],
    [
      'an unterminated double quote',
      'A=1\n\n\nSECRET="abc\nB=2',
      4,
      unterminated('double', 'SECRET', '"'),
    ],
    ['an unterminated single quote', "A='abc", 1, unterminated('single', 'A', "'")],
    ['an escaped closing quote only', 'A="abc\\"', 1, unterminated('double', 'A', '"')],
    [
      'text after a closing quote',
      'A="a"b',
      1,
      'unexpected "b" after the closing double quote of "A"',
    ],
    [
      'text after a multi-line quote',
      "A='a\nb' c # d",
      2,
      'unexpected "c # d" after the closing single quote of "A"',
    ],
    ['an unterminated ${', 'A=${HOME', 1, 'unterminated "${" in value of "A"'],
    ['a bad name in ${}', 'A=x\nB=${1X}', 2, 'invalid reference "${1X}" in value of "B"'],
    [
      'an unsupported operator',
      'A=${B:?oops}',
      1,
      'invalid reference "${B:?oops}" in value of "A"',
    ],
    ['a nested default', 'A=${B:-${C}}', 1, 'unterminated "${" in value of "A"'],
  ])('rejects %s', (_title, text, line, problem) => {
    const message = `.env:${line}: ${problem}`;
    const expected = expect.objectContaining({ name: 'EnvFileError', message });
    expect(() => parseEnv(text, '.env', outer)).toThrow(expected);
  });

  it('does not change the outer environment', () => {
    const before = { ...outer };
    parseEnv('HOME=/srv\nNEW=1', '.env', outer);
    expect(outer).toEqual(before);
  });
});
