// Rows of test/cli/bad-input.test.ts, part 1: a broken Procfile, env file or settings
// file, and the exact line dynorun answers with (after `dynorun: `).

export const DIRECTORY = Symbol('directory');
export type FileSpec = string | Buffer | typeof DIRECTORY | { text: string; mode: number };

/** Every row's app runs these, so a row that starts anything leaves a file behind. */
const APP = 'release: touch release-ran\nweb: touch web-ran\nworker: touch worker-ran\n';
export const WITH = (files: Record<string, FileSpec>) => ({ Procfile: APP, ...files });

// Random bytes from a fixed seed (mulberry32): the same "binary garbage" on every run.
function garbage(seed: number, length: number): Buffer {
  let state = seed;
  return Buffer.from(
    Array.from({ length }, () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) & 0xff;
    }),
  );
}

const KIB_128 = 'x'.repeat(128 * 1024);
const MIB_1 = 'y'.repeat(1024 * 1024);
const KEYS =
  'after, boot_timeout, cycle, grace, max_instances, max_restarts, memory_quota, ' +
  'readiness, restart, stop_signal';
const yml = (...lines: string[]) => `${lines.join('\n')}\n`;

// `{busy}` in args and messages: a port another program listens on (see the test).
export type Row = [
  title: string,
  files: Record<string, FileSpec>,
  args: string[],
  exit: number,
  message: string | ((cwd: string) => string),
];

export const fileRows: Row[] = [
  // The Procfile
  ['a missing Procfile', {}, [], 1, 'Procfile: no such file'],
  [
    'a Procfile that is a directory',
    { Procfile: DIRECTORY },
    [],
    1,
    'Procfile: is a directory, not a file',
  ],
  ['an empty Procfile', { Procfile: '' }, [], 1, 'Procfile: defines no processes'],
  [
    'a Procfile of comments only',
    { Procfile: '# web: x\n\n# worker: y\n' },
    [],
    1,
    'Procfile: defines no processes',
  ],
  [
    'a line without a colon',
    { Procfile: 'web: a\nweb npm start\n' },
    [],
    1,
    'Procfile:2: expected "<name>: <command>", got "web npm start"',
  ],
  [
    'a process defined twice',
    { Procfile: 'web: a\n\nweb: b\n' },
    [],
    1,
    'Procfile:3: process "web" is already defined on line 1',
  ],
  [
    'an empty command',
    { Procfile: 'web: a\nworker:   \n' },
    [],
    1,
    'Procfile:2: process "worker" has no command',
  ],
  [
    'a dot in a process name',
    { Procfile: 'web.1: a\n' },
    [],
    1,
    'Procfile:1: process name "web.1" may only contain letters, digits, "_" and "-"',
  ],
  [
    'a space before the colon',
    { Procfile: 'web : a\n' },
    [],
    1,
    'Procfile:1: process name "web" must be followed directly by ":", without a space',
  ],
  [
    'a NUL byte in a command',
    { Procfile: 'web: echo a\0b\n' },
    [],
    1,
    'Procfile:1: process "web" has a control character (\\x00) in its command',
  ],
  [
    'a stray CR in a command',
    { Procfile: 'web: echo a\rb\nworker: b\n' },
    [],
    1,
    'Procfile:1: process "web" has a control character (\\r) in its command',
  ],
  [
    'a command of 128 KiB',
    { Procfile: `web: echo ${KIB_128}\n` },
    [],
    1,
    'Procfile:1: process "web" has a command longer than 128 KiB',
  ],
  [
    'a line of 1 MiB without a colon',
    { Procfile: `web: a\n${MIB_1}\n` },
    [],
    1,
    `Procfile:2: expected "<name>: <command>", got "${MIB_1.slice(0, 79)}…"`,
  ],
  [
    'a command of 1 MiB',
    { Procfile: `web: echo ${MIB_1}\n` },
    [],
    1,
    'Procfile:1: process "web" has a command longer than 128 KiB',
  ],
  [
    'binary garbage as the Procfile',
    { Procfile: garbage(42, 4096) },
    [],
    1,
    'Procfile:1: not UTF-8 text: invalid byte 0x8a at column 2',
  ],
  [
    'a Latin-1 byte in a command',
    {
      Procfile: Buffer.concat([Buffer.from('web: a\nworker: echo caf'), Buffer.from([0xe9, 0x0a])]),
    },
    [],
    1,
    'Procfile:2: not UTF-8 text: invalid byte 0xe9 at column 17',
  ],
  [
    'a shell syntax error',
    { Procfile: 'web: a\nworker: if true; then echo x\n' },
    [],
    1,
    'Procfile:2: process "worker": Syntax error: end of file unexpected (expecting "fi")',
  ],
  // Regression: each command is parsed on its own, so two open quotes do not pair up.
  [
    'open quotes in two commands',
    { Procfile: 'web: echo "\nworker: echo "\n' },
    [],
    1,
    'Procfile:1: process "web": Syntax error: Unterminated quoted string',
  ],
  [
    'a "$(" closed by the next command',
    { Procfile: 'web: a\nworker: echo $(\nclock: echo x )\n' },
    [],
    1,
    'Procfile:2: process "worker": Syntax error: end of file unexpected (expecting ")")',
  ],
  // Env files
  [
    'an unterminated single quote',
    WITH({ '.env': "A=1\nB='open\n" }),
    [],
    1,
    '.env:2: unterminated single quote in value of "B": no closing \' before the end of the file',
  ],
  [
    'an unterminated double quote',
    WITH({ '.env': 'A="open\n\nB=2\n' }),
    [],
    1,
    '.env:1: unterminated double quote in value of "A": no closing " before the end of the file',
  ],
  [
    'a key starting with a digit',
    WITH({ '.env': 'OK=1\n1A=x\n' }),
    [],
    1,
    '.env:2: invalid variable name "1A": use letters, digits and "_", not starting with a digit',
  ],
  [
    'a line that is not KEY=value',
    WITH({ '.env': 'JUST_A_WORD\n' }),
    [],
    1,
    '.env:1: expected KEY=value, got "JUST_A_WORD"',
  ],
  [
    'an unterminated ${',
    WITH({ '.env': 'A=${B\n' }),
    [],
    1,
    '.env:1: unterminated "${" in value of "A"',
  ],
  [
    'an invalid ${…} reference',
    WITH({ '.env': 'A=${B:?required}\n' }),
    [],
    1,
    '.env:1: invalid reference "${B:?required}" in value of "A"',
  ],
  ['a missing -e file', WITH({}), ['-e', 'prod.env'], 1, 'prod.env: no such file'],
  [
    'text after a closing quote',
    WITH({ '.env': 'A="x" y\n' }),
    [],
    1,
    '.env:1: unexpected "y" after the closing double quote of "A"',
  ],
  [
    'a NUL byte in a value',
    WITH({ '.env': 'A=a\0b\n' }),
    [],
    1,
    '.env:1: value of "A" contains a NUL byte',
  ],
  [
    'a value over 128 KiB',
    WITH({ '.env': `A=${KIB_128}\n` }),
    [],
    1,
    '.env:1: value of "A" is longer than 128 KiB',
  ],
  [
    'binary garbage as .env',
    WITH({ '.env': garbage(7, 2048) }),
    [],
    1,
    '.env:1: not UTF-8 text: invalid byte 0x96 at column 4',
  ],
  [
    'a PORT that is no port',
    WITH({ '.env': 'PORT=http\n' }),
    [],
    1,
    'PORT in the env files must be a port from 1 to 65535, got "http"',
  ],
  // The settings file
  [
    'an unknown settings key',
    WITH({ 'dynorun.yml': yml('types:', '  web:', '    gracee: 1s') }),
    [],
    1,
    `dynorun.yml:3: unknown key "gracee" for "web"; valid keys: ${KEYS}`,
  ],
  [
    'a setting of the wrong type',
    WITH({ 'dynorun.yml': yml('types:', '  web:', '    grace: true') }),
    [],
    1,
    'dynorun.yml:3: "grace" must be a duration like 30s or 500ms, got true',
  ],
  [
    'an unknown process type in settings',
    WITH({ 'dynorun.yml': yml('types:', '  wrker: {}') }),
    [],
    1,
    'dynorun.yml:2: unknown process type "wrker"; the Procfile defines: release, web, worker',
  ],
  [
    'invalid YAML',
    WITH({ 'dynorun.yml': yml('types:', '  web: {after: [worker}') }),
    [],
    1,
    'dynorun.yml:2: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
  ],
  [
    'an after cycle',
    WITH({
      'dynorun.yml': yml('types:', '  web:', '    after: worker', '  worker:', '    after: web'),
    }),
    [],
    1,
    'dynorun.yml:3: "after" forms a cycle: web → worker → web',
  ],
  [
    '-m over max_instances',
    WITH({
      'dynorun.yml': yml(
        'types:',
        '  worker:',
        '    # it runs celery beat',
        '    max_instances: 1',
      ),
    }),
    ['-m', 'worker=2'],
    1,
    'formation asks for 2 "worker" dynos, but dynorun.yml:4 sets max_instances: 1 for "worker" (it runs celery beat)',
  ],
  ['a missing -s file', WITH({}), ['-s', 'deploy.yml'], 1, 'deploy.yml: no such file'],
];
