import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { parseProcfile } from '../../src/procfile/parse.js';

// Shorthand for expected entries: [name, command, line].
type Row = [string, string, number];
const entries = (rows: Row[]) => rows.map(([name, command, line]) => ({ name, command, line }));

describe('parseProcfile', () => {
  it.each<[string, string, Row[]]>([
    ['a name and a command', 'web: npm start', [['web', 'npm start', 1]]],
    ['no space after the colon', 'web:npm start', [['web', 'npm start', 1]]],
    ['spaces and a tab after the colon', 'web:  \tnpm start', [['web', 'npm start', 1]]],
    ['trailing whitespace', 'web: npm start  \t', [['web', 'npm start', 1]]],
    ['leading whitespace', '  web: npm start', [['web', 'npm start', 1]]],
    [
      'colons in the command',
      'web: gunicorn -b 0.0.0.0:$PORT',
      [['web', 'gunicorn -b 0.0.0.0:$PORT', 1]],
    ],
    ['a shell comment in the command', 'web: run # fast', [['web', 'run # fast', 1]]],
    ['digits, "_" and "-" in names', 'a_1-b: x', [['a_1-b', 'x', 1]]],
    ['inline assignments', 'w: A=1 celery', [['w', 'A=1 celery', 1]]],
    ['comments holding colons', '# beat: celery beat\nweb: x', [['web', 'x', 2]]],
    ['indented comments', '  # web: old\nweb: x', [['web', 'x', 2]]],
    [
      'blank lines',
      '\n\nweb: x\n\n\nworker: y\n',
      [
        ['web', 'x', 3],
        ['worker', 'y', 6],
      ],
    ],
    [
      'CRLF line endings',
      'web: x\r\nworker: y\r\n',
      [
        ['web', 'x', 1],
        ['worker', 'y', 2],
      ],
    ],
    ['a UTF-8 byte order mark', '\uFEFFweb: x', [['web', 'x', 1]]],
    [
      'names differing only in case',
      'web: x\nWeb: y',
      [
        ['web', 'x', 1],
        ['Web', 'y', 2],
      ],
    ],
  ])('reads %s', (_title, text, expected) => {
    expect(parseProcfile(text, 'Procfile')).toEqual(entries(expected));
  });

  // Rows give the line and the problem; the message is `Procfile:<line>: <problem>`.
  const expected = 'expected "<name>: <command>", got';
  const nameRule = 'may only contain letters, digits, "_" and "-"';
  const long = `this line has no colon ${'x'.repeat(80)}`;
  const exactly80 = 'y'.repeat(80);
  it.each([
    ['a line without a colon', 'web: x\nweb npm start', 2, `${expected} "web npm start"`],
    ['a line starting with a colon', ': npm start', 1, `${expected} ": npm start"`],
    ['a sentence before a colon', 'run it now: x', 1, `${expected} "run it now: x"`],
    ['a line of 80 characters, whole', exactly80, 1, `${expected} "${exactly80}"`],
    ['a long line, cut at 80 characters', long, 1, `${expected} "${long.slice(0, 79)}…"`],
    ['control characters, escaped', 'a\u0000b\u001bc\td', 1, `${expected} "a\\x00b\\x1bc\\td"`],
    ['a dot in the name', 'web.1: x', 1, `process name "web.1" ${nameRule}`],
    ['a space in the name', 'my web: x', 1, `process name "my web" ${nameRule}`],
    [
      'a space before the colon',
      'web : x',
      1,
      'process name "web" must be followed directly by ":", without a space',
    ],
    ['a missing command', 'web: x\n\n\nweb:', 4, 'process "web" has no command'],
    ['a blank command', 'web:   \t', 1, 'process "web" has no command'],
    [
      'a duplicate name',
      'web: a\nworker: b\nweb: c',
      3,
      'process "web" is already defined on line 1',
    ],
  ])('rejects %s', (_title, text, line, problem) => {
    const message = `Procfile:${line}: ${problem}`;
    const error = expect.objectContaining({ name: 'ProcfileError', message });
    expect(() => parseProcfile(text, 'Procfile')).toThrow(error);
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments and blank lines', '# web: x\n\n  \n'],
  ])('rejects %s without naming a line', (_title, text) => {
    const message = 'Procfile: defines no processes';
    const error = expect.objectContaining({ name: 'ProcfileError', message, line: undefined });
    expect(() => parseProcfile(text, 'Procfile')).toThrow(error);
  });

  it('names the file the way it was given', () => {
    expect(() => parseProcfile('oops', 'deploy/Procfile.dev')).toThrow(
      expect.objectContaining({
        message: 'deploy/Procfile.dev:1: expected "<name>: <command>", got "oops"',
        file: 'deploy/Procfile.dev',
        line: 1,
        code: 'DYNORUN_PROCFILE',
      }),
    );
  });
});

describe('parseProcfile on the DANDI Archive Procfiles', () => {
  const dir = fileURLToPath(new URL('../../../shared/fixtures/dandi/', import.meta.url));
  const present = existsSync(dir);
  const read = (name: string) => parseProcfile(readFileSync(dir + name, 'utf8'), name);

  it.skipIf(!present)('reads the current file and skips the celery-beat comment', () => {
    const parsed = read('Procfile');
    expect(parsed.map((entry) => [entry.name, entry.line])).toEqual([
      ['release', 1],
      ['web', 2],
      ['worker', 9],
      ['checksum-worker', 11],
    ]);
    expect(parsed[0]?.command).toBe('python ./manage.py migrate');
    expect(parsed[2]?.command).toMatch(
      /^REMAP_SIGTERM=SIGQUIT celery --app dandiapi\.celery worker /,
    );
    expect(parsed.some((entry) => entry.name.includes('beat'))).toBe(false);
  });

  it.skipIf(!present)('reads the 2025 file with its analytics-worker', () => {
    expect(read('Procfile.2025-with-analytics').map((entry) => entry.name)).toEqual([
      'release',
      'web',
      'worker',
      'checksum-worker',
      'analytics-worker',
    ]);
  });

  it.skipIf(!present)('keeps the colon of the 2023 bind address', () => {
    const web = read('Procfile.2023').find((entry) => entry.name === 'web');
    expect(web?.command).toBe('gunicorn --bind 0.0.0.0:$PORT dandiapi.wsgi --timeout 25');
  });

  it.runIf(!present)(`skips the DANDI cases: ${dir} is missing`, () => {
    expect(present).toBe(false);
  });
});
