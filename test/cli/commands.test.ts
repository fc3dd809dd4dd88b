// What a user sees from check, run, --help and --version, and from bad input.
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, makeApp, PROCESSES, runCli, startCli } from '../helpers/cli.js';
import { eventually, isAlive, processesWithMarker, runMarker } from '../helpers/processes.js';
import { CONTROL_OPTIONS } from '../../src/cli/control-options.js';
import { PLAN_OPTIONS, START_OPTIONS } from '../../src/cli/options.js';

const DANDI_LIKE = [
  'release: python ./manage.py migrate',
  'web: gunicorn --config gunicorn.conf.py dandiapi.wsgi',
  '# celery-beat: REMAP_SIGTERM=SIGQUIT celery --app dandiapi.celery beat',
  'worker: REMAP_SIGTERM=SIGQUIT celery --app dandiapi.celery worker -Q celery -B',
  '',
].join('\n');

describe('dynorun check', () => {
  it('prints the plan with ports, and the names but never the values of env variables', async () => {
    const cwd = makeApp({ Procfile: DANDI_LIKE, '.env': 'SECRET_KEY=hunter2\nDEBUG=1\n' });
    const { code, stdout } = await runCli(['check', '-m', 'web=2'], { cwd });

    expect(code).toBe(0);
    expect(stdout).toContain('Variables: DEBUG, SECRET_KEY');
    expect(stdout).not.toContain('hunter2');
    expect(stdout).toMatch(/^release\s+python \.\/manage\.py migrate$/m);
    expect(stdout).toMatch(/^web\.1\s+PORT=5000\s+gunicorn --config/m);
    expect(stdout).toMatch(/^web\.2\s+PORT=5001\s+gunicorn --config/m);
    expect(stdout).toMatch(/^worker\.1\s+PORT=5100\s+REMAP_SIGTERM=SIGQUIT celery/m);
  });

  it.each([
    ['web npm start\n', 1, 'Procfile:1: expected "<name>: <command>", got "web npm start"'],
    ['web: a\nweb: b\n', 1, 'Procfile:2: process "web" is already defined on line 1'],
    ['# nothing\n', 1, 'Procfile: defines no processes'],
    [
      'web: echo ok\nworker: echo "open\n',
      1,
      'Procfile:2: process "worker": Syntax error: Unterminated quoted string',
    ],
    [
      'web: echo a\0b\n',
      1,
      'Procfile:1: process "web" has a control character (\\x00) in its command',
    ],
    [
      'web: echo hi\rworker: x\n',
      1,
      'Procfile:1: process "web" has a control character (\\r) in its command',
    ],
  ])('rejects %j with a message and no stack trace', async (procfile, exit, message) => {
    const { code, stderr, stdout } = await runCli(['start'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    expect(code).toBe(exit);
    expect(stderr).toBe(`dynorun: ${message}\n`);
    expect(stdout).toBe('');
  });

  it('rejects an unterminated quote in .env naming file and line, and starts nothing', async () => {
    const cwd = makeApp({ Procfile: 'web: echo started\n', '.env': 'A=1\nB="open\n' });
    const { code, stderr, stdout } = await runCli(['start'], { cwd });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^dynorun: \.env:2: unterminated double quote/);
    expect(stdout).toBe('');
  });

  it.each([
    [['start', 'wrker'], /unknown process type "wrker"; valid types: web, worker/],
    [['start', '-m', 'web=x'], /count for "web" must be a non-negative integer, got "x"/],
    [['start', '--restart', 'sometimes'], /--restart expects one of never, on-failure, always/],
    [['start', '-t', 'soon'], /--timeout expects a duration like 30s or 500ms, got "soon"/],
    [['start', '--bogus'], /start: unknown option "--bogus"; see dynorun start --help/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['start', '-e', ','], /--env expects one or more files, got none/],
    [['start', '--format', 'json'], /--format expects one of foreman, heroku, got "json"/],
    [['start', '--memory-quota', 'lots'], /--memory-quota expects a size like 512M or 1\.5G/],
  ])('refuses %j', async (args, message) => {
    const { code, stderr } = await runCli(args, { cwd: makeApp({ Procfile: DANDI_LIKE }) });
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('dynorun run', () => {
  const cwd = makeApp({
    Procfile: 'web: echo "web says $PORT"\n',
    '.env': 'GREETING=hello from env\n',
  });

  it('runs a one-off with the app environment and passes its exit code through', async () => {
    const { code, stdout } = await runCli(['run', 'echo "$GREETING as $DYNO"; exit 9'], { cwd });
    expect(stdout).toBe('hello from env as run.1\n');
    expect(code).toBe(9);
  });

  it("runs a type's Procfile command", async () => {
    const { stdout } = await runCli(['run', 'web'], { cwd });
    expect(stdout).toBe('web says 5000\n');
  });

  it('passes several arguments through without a shell, flags included', async () => {
    const { stdout } = await runCli(['run', 'printf', '%s|', 'a b', '-e'], { cwd });
    expect(stdout).toBe('a b|-e|');
  });

  it('attaches the terminal, so a one-off can prompt', () => {
    const command = `node ${BIN} run 'if [ -t 0 ]; then echo on-a-tty; fi; printf "name? "; read n; echo "hi $n"'`;
    const out = execFileSync('script', ['-qec', command, '/dev/null'], { cwd, input: 'bob\n' });
    expect(out.toString()).toMatch(/on-a-tty\r?\nname\? hi bob/);
  });

  it('exits 127 for a command that does not exist, as a shell would', async () => {
    const { code, stderr } = await runCli(['run', 'no-such-command-here', 'arg'], { cwd });
    expect(code).toBe(127);
    expect(stderr).toBe('dynorun: run: no-such-command-here: command not found\n');
  });

  it('stops what the one-off left running when it ends', async () => {
    const { stdout } = await runCli(['run', 'sleep 1000 & echo $!'], { cwd });
    const pid = Number(stdout.trim());
    await eventually(
      () => !isAlive(pid),
      () => `pid ${pid} outlived its one-off`,
    );
  });

  it('passes a SIGINT from a script on when it has no terminal', async () => {
    const run = startCli(['run', 'trap "echo got INT; exit 70" INT; echo ready; sleep 30 & wait'], {
      cwd,
    });
    await run.waitFor(/ready/);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(run.stdout()).toContain('got INT');
    expect(code).toBe(70);
  });

  it('sources .profile first, as a dyno does, unless --no-profile', async () => {
    const app = makeApp({ Procfile: 'web: x\n', '.profile': 'export FROM_PROFILE=yes\n' });
    const sourced = await runCli(['run', 'sh', '-c', 'echo "p=$FROM_PROFILE"'], { cwd: app });
    const skipped = await runCli(['run', '--no-profile', 'echo "p=$FROM_PROFILE"'], { cwd: app });
    expect(sourced.stdout).toBe('p=yes\n');
    expect(skipped.stdout).toBe('p=\n');
  });

  it('reads piped input', () => {
    const out = execFileSync(process.execPath, [BIN, 'run', 'tr a-z A-Z'], { cwd, input: 'abc\n' });
    expect(out.toString()).toBe('ABC\n');
  });
});

describe('help and version', () => {
  it.each([['--help'], ['start', '--help'], ['check', '-h'], ['run', '--help']])(
    '%j prints usage',
    async (...args) => {
      const { code, stdout } = await runCli(args, { cwd: makeApp({}) });
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: dynorun/);
    },
  );

  // `run --help` left out --no-profile, which run takes and the README documents.
  it.each([
    ['start', START_OPTIONS],
    ['check', PLAN_OPTIONS],
    ['run', PLAN_OPTIONS],
    ['ps', CONTROL_OPTIONS],
    ['restart', CONTROL_OPTIONS],
    ['stop', CONTROL_OPTIONS],
    ['resume', CONTROL_OPTIONS],
    ['scale', CONTROL_OPTIONS],
    ['logs', CONTROL_OPTIONS],
  ])('`%s --help` lists every option it takes', async (command, options) => {
    const { stdout } = await runCli([command, '--help'], { cwd: makeApp({}) });
    const flags = Object.entries(options)
      .filter(([name]) => name !== 'version')
      .map(([name, option]) => ('short' in option ? `-${option.short}, --${name}` : `--${name}`));
    expect(flags.filter((flag) => !stdout.includes(` ${flag} `))).toEqual([]);
  });

  it.each([['--version'], ['start', '--version'], ['run', '-v']])(
    '%j prints the version',
    async (...args) => {
      const { stdout } = await runCli(args, { cwd: makeApp({}) });
      expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    },
  );
});

describe('a reader that goes away', () => {
  it('`dynorun start | head -3` ends without a stack trace and leaves nothing behind', async () => {
    const marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
    const cwd = makeApp({ Procfile: 'a: yes line-a\nb: sleep 1000\n' });
    const output = execFileSync('/bin/sh', ['-c', `${marker} node ${BIN} start 2>&1 | head -3`], {
      cwd,
      timeout: 20_000,
    }).toString();

    expect(output.split('\n').filter(Boolean)).toHaveLength(3);
    expect(output).not.toMatch(/Error|\n\s+at /);
    await eventually(
      () => processesWithMarker(marker).length === 0,
      () => `left behind: ${processesWithMarker(marker).join(', ')}`,
    );
  });
});

// Ctrl-C in a terminal reaches `dynorun start | tee log` and tee alike: the write that fails
// because tee is gone must not count as a second Ctrl-C and SIGKILL every dyno.
describe('a reader that dies with the Ctrl-C', () => {
  it('lets every dyno finish its graceful stop', async () => {
    const { marker, env } = runMarker();
    const drain = `trap 'echo got TERM; sleep 1; echo drained; exit 0' TERM; echo ready; `;
    const cwd = makeApp({ Procfile: `a: ${drain}while :; do sleep 0.1; done\n` });
    // A shell pipeline, as a terminal runs it; each side leaves its pid in a file.
    const pipeline =
      `sh -c 'echo $$ > dynorun.pid; exec node ${BIN} start --log-dir logs' | ` +
      `sh -c 'echo $$ > reader.pid; exec cat' > /dev/null`;
    const shell = spawn('/bin/sh', ['-c', pipeline], {
      cwd,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    await eventually(
      () => readFileIfAny(join(cwd, 'logs', 'a.1.log')).includes('ready'),
      () => 'a.1 to be ready',
    );
    const pidOf = (name: string) => Number(readFileIfAny(join(cwd, name)));
    // tee is gone first (as it is by the time dynorun writes its "received SIGINT" line).
    process.kill(pidOf('reader.pid'), 'SIGKILL');
    await eventually(
      () => !isAlive(pidOf('reader.pid')),
      () => 'the reader to be gone',
    );
    process.kill(pidOf('dynorun.pid'), 'SIGINT');
    const code = await new Promise((resolve) => shell.once('exit', resolve));

    const log = readFileIfAny(join(cwd, 'logs', 'dynorun.log'));
    expect(readFileIfAny(join(cwd, 'logs', 'a.1.log'))).toMatch(/got TERM\n.*drained\n/s);
    expect(log).not.toMatch(/SIGKILL/);
    expect(log).toMatch(/a\.1 exited with code 0/);
    expect(code).not.toBe(null);
    await eventually(
      () => processesWithMarker(marker).length === 0,
      () => `left behind: ${processesWithMarker(marker).join(', ')}`,
    );
  });
});

// A reader that never reads holds back a dead dyno's last output, and with it its exit: a
// second Ctrl-C must not wait out the grace period (60 s here) for it.
describe('a second Ctrl-C with a reader that never reads', () => {
  it('ends every dyno at once', async () => {
    const { marker, env } = runMarker();
    const cwd = makeApp({ Procfile: `flood: node ${PROCESSES}/flood.mjs f 2000000\n` });
    const pipeline =
      `sh -c 'echo $$ > dynorun.pid; exec node ${BIN} start -t 60 --log-dir logs' | ` +
      `sh -c 'echo $$ > reader.pid; exec sleep 1000'`;
    const shell = spawn('/bin/sh', ['-c', pipeline], {
      cwd,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const log = () => readFileIfAny(join(cwd, 'logs', 'dynorun.log'));
    const pidOf = (name: string) => Number(readFileIfAny(join(cwd, name)));
    // Blocked: the reader's pipe is full, so dynorun stopped reading and the log stands still.
    const logged = () => statSync(join(cwd, 'logs', 'flood.1.log'), { throwIfNoEntry: false });
    let size = -1;
    await eventually(
      () => {
        const now = logged()?.size ?? 0;
        const still = now > 0 && now === size;
        size = now;
        return still;
      },
      () => `flood.1.log still growing: ${size}`,
      20_000,
      500,
    );
    process.kill(pidOf('dynorun.pid'), 'SIGINT');
    await eventually(
      () => log().includes('received SIGINT'),
      () => log(),
    );
    process.kill(pidOf('dynorun.pid'), 'SIGINT');

    try {
      await eventually(
        () => /flood\.1 exited/.test(log()),
        () => `no exit line:\n${log()}`,
      );
      expect(log()).toMatch(/all processes stopped/);
    } finally {
      // Both ends go, even when the test fails: dynorun waits for its reader otherwise.
      for (const name of ['reader.pid', 'dynorun.pid']) killIfAlive(pidOf(name));
      await new Promise((resolve) => shell.once('exit', resolve));
    }
    await eventually(
      () => processesWithMarker(marker).length === 0,
      () => `left behind: ${processesWithMarker(marker).join(', ')}`,
    );
  });
});

function killIfAlive(pid: number): void {
  if (pid > 1 && isAlive(pid)) process.kill(pid, 'SIGKILL');
}

function readFileIfAny(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

// A write error other than EPIPE on stdout was taken for a gone reader: exit 141, silent.
describe('a stdout that cannot be written', () => {
  it.each([[[]], [['--format', 'heroku']], [['--log-format', 'json']]])(
    'with %j, says so once on stderr, stops the run and exits 1',
    async (flags) => {
      const { marker, env } = runMarker();
      const cwd = makeApp({ Procfile: 'a: echo hello; sleep 1000\nb: sleep 1000\n' });
      const full = openSync('/dev/full', 'w');
      const child = spawn(process.execPath, [BIN, 'start', '--log-dir', 'logs', ...flags], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', full, 'pipe'],
      });
      closeSync(full);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      const code = await new Promise((resolve) => child.on('close', resolve));

      expect(stderr).toBe(
        'dynorun: cannot write the log to stdout (ENOSPC: no space left on device); ' +
          'stopping the formation\n',
      );
      expect(code).toBe(1);
      expect(readFileSync(join(cwd, 'logs', 'dynorun.log'), 'utf8')).toMatch(
        /dynorun +\| cannot write the log to stdout \(ENOSPC\); sending SIGTERM to all processes/,
      );
      expect(processesWithMarker(marker)).toEqual([]);
    },
  );
});
