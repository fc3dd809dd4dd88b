// One dynorun per app directory, reachable only by its user, and a killed one never
// blocks the next start.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp } from '../helpers/cli.js';
import { appHash } from '../../src/control/control-socket-path.js';
import { dynorun, killFormations, ps, startFormation, startIn } from './control-helpers.js';

afterEach(killFormations);

const SOCKET = join('.dynorun', 'control.sock');

describe('the control socket', () => {
  it('refuses a second start while the first lives, before its release runs', async () => {
    const procfile = 'release: echo release-ran\nworker: sleep 1000\n';
    const { run, cwd } = startFormation({ Procfile: procfile });
    await run.waitFor(/worker\.1 is up/);
    const second = await dynorun(cwd, ['start']);

    expect(second.stderr).toBe(
      `dynorun: dynorun is already running for ${cwd} (pid ${run.child.pid}); ` +
        "use 'dynorun ps' or stop it first\n",
    );
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(run.stdout().match(/release-ran/g)).toHaveLength(1);
  });

  it('is 0600 in a 0700 directory, and goes away when dynorun stops', async () => {
    const { run, cwd } = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await run.waitFor(/worker\.1 is up/);
    const socket = statSync(join(cwd, SOCKET));
    expect(socket.isSocket()).toBe(true);
    expect(socket.mode & 0o777).toBe(0o600);
    expect(statSync(join(cwd, '.dynorun')).mode & 0o777).toBe(0o700);

    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(existsSync(join(cwd, '.dynorun'))).toBe(false);
  });

  it('lets a new start run after the last one was killed with SIGKILL', async () => {
    const first = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await first.run.waitFor(/worker\.1 is up/);
    first.run.child.kill('SIGKILL');
    await first.run.exited;
    // Its socket is left behind (its dyno goes with the watchdog, see watchdog.test.ts).
    expect(existsSync(join(first.cwd, SOCKET))).toBe(true);

    const second = startIn(first.cwd);
    await second.run.waitFor(/worker\.1 is up/);
    expect(second.run.stdout()).toMatch(
      /^dynorun +\| removed a stale control socket left by a dynorun that was killed$/m,
    );
    const dynos = await ps(first.cwd);
    expect(second.run.stdout()).toContain(`worker.1 started with pid ${dynos[0]?.pid}`);
  });

  it('refuses to start, removing nothing, when a regular file holds its path', async () => {
    const cwd = makeApp({ Procfile: 'release: echo release-ran\nworker: sleep 1000\n' });
    mkdirSync(join(cwd, '.dynorun'), { mode: 0o700 });
    writeFileSync(join(cwd, SOCKET), 'not a socket\n');
    const { run } = startIn(cwd);
    const started = run.waitFor(/worker\.1 is up/).then(() => 'started');
    expect(await Promise.race([run.exited, started])).toEqual({ code: 2, signal: null });

    expect(run.stderr()).toBe(
      `dynorun: ${join(cwd, SOCKET)} is a regular file, not a socket; ` +
        'dynorun will not remove it: move it away, then start again\n',
    );
    expect(run.stdout()).toBe('');
    expect(readFileSync(join(cwd, SOCKET), 'utf8')).toBe('not a socket\n');
  });

  it('moves to $XDG_RUNTIME_DIR when the app path is too long for a socket address', async () => {
    const runtime = makeApp({});
    const cwd = join(makeApp({}), 'a-directory-name-long-enough-'.repeat(3));
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'Procfile'), 'worker: sleep 1000\n');
    const env = { XDG_RUNTIME_DIR: runtime };
    const { run } = startIn(cwd, [], env);
    await run.waitFor(/worker\.1 is up/);

    expect(existsSync(join(cwd, '.dynorun'))).toBe(false);
    const dir = join(runtime, 'dynorun');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    // The run's record (see run-record.ts) lives beside its socket.
    expect(readdirSync(dir).sort()).toEqual([
      expect.stringMatching(/^[0-9a-f]{16}\.run\.json$/),
      expect.stringMatching(/^[0-9a-f]{16}\.sock$/),
    ]);
    expect((await ps(cwd, env)).map((dyno) => dyno.state)).toEqual(['up']);
  });
});

// What a client that half-closes after its request gets back: every line, until close.
function halfClosed(path: string, request: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(path, () => socket.end(request));
    socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject).on('close', () => resolve(text.split('\n').filter(Boolean)));
  });
}

describe('the control socket of an app whose path is too long for a socket address', () => {
  // Without $XDG_RUNTIME_DIR the socket goes to /tmp/dynorun-<uid>/<hash>.sock, whatever
  // $TMPDIR says: a command from another shell may have another $TMPDIR, or none.
  it('is in /tmp, where ps finds it with or without $XDG_RUNTIME_DIR or $TMPDIR', async () => {
    const cwd = join(
      makeApp({}),
      'a-directory-name-long-enough-'.repeat(2),
      'and-deeper-'.repeat(3),
    );
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, 'Procfile'), 'worker: sleep 1000\n');
    const { run } = startIn(cwd, [], { XDG_RUNTIME_DIR: '', TMPDIR: makeApp({}) });
    await run.waitFor(/worker\.1 is up/);

    const hash = appHash(cwd);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(appHash(realpathSync(cwd))).toBe(hash);
    const socket = join('/tmp', `dynorun-${process.getuid?.()}`, `${hash}.sock`);
    expect(statSync(socket).isSocket()).toBe(true);
    expect(existsSync(join(cwd, '.dynorun'))).toBe(false);
    expect((await ps(cwd, { XDG_RUNTIME_DIR: '' })).map((dyno) => dyno.name)).toEqual(['worker.1']);
    // A login shell has $XDG_RUNTIME_DIR where the service that started dynorun had none.
    const elsewhere = { XDG_RUNTIME_DIR: makeApp({}) };
    expect((await ps(cwd, elsewhere)).map((dyno) => dyno.name)).toEqual(['worker.1']);
    for (const TMPDIR of [undefined, makeApp({})]) {
      expect((await ps(cwd, { TMPDIR })).map((dyno) => dyno.name)).toEqual(['worker.1']);
    }

    run.child.kill('SIGINT');
    await run.exited;
    expect(existsSync(socket)).toBe(false);
  });

  it('is named in the help of start', async () => {
    const help = await dynorun(makeApp({}), ['start', '--help']);
    expect(help.stdout).toContain('<app dir>/.dynorun/control.sock');
    expect(help.stdout).toContain('$XDG_RUNTIME_DIR/dynorun/<hash>.sock');
    expect(help.stdout).toContain('/tmp/dynorun-<uid>/<hash>.sock');
  });
});

describe('a client that half-closes after its request', () => {
  it.each([
    ['with', '{"command":"ps"}\n'],
    ['without', '{"command":"ps"}'],
  ])('gets its answer, the request %s a newline', async (_with, request) => {
    const { run, cwd } = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await run.waitFor(/worker\.1 is up/);
    const lines = await halfClosed(join(cwd, SOCKET), request);
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0] as string) as { ok: boolean; dynos: { name: string }[] };
    expect(answer.ok).toBe(true);
    expect(answer.dynos.map((dyno) => dyno.name)).toEqual(['worker.1']);
  });

  it('is told what was wrong with a request it never finished', async () => {
    const { run, cwd } = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await run.waitFor(/worker\.1 is up/);
    expect(await halfClosed(join(cwd, SOCKET), '{"command":')).toEqual([
      '{"ok":false,"error":"bad request: not JSON"}',
    ]);
  });
});

// Root passes every permission check, so the other user is `nobody`, through runuser.
const otherUser =
  process.getuid?.() === 0 &&
  spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status === 0;

describe.skipIf(!otherUser)('another user', () => {
  it('cannot connect, by the directory or by the socket alone', async () => {
    const { run, cwd } = startFormation({ Procfile: 'worker: sleep 1000\n' });
    await run.waitFor(/worker\.1 is up/);
    // Only dynorun's own modes stand in the way: the temp app directory is opened up.
    chmodSync(cwd, 0o755);
    const connectAs = (user: string | undefined) => {
      const script = `require('net').connect(${JSON.stringify(join(cwd, SOCKET))})
        .on('connect', () => { console.log('connected'); process.exit(0); })
        .on('error', (error) => { console.log(error.code); process.exit(0); });`;
      const command = [process.execPath, '-e', script];
      const [file, ...args] = user ? ['runuser', '-u', user, '--', ...command] : command;
      return spawnSync(file as string, args, { encoding: 'utf8' }).stdout.trim();
    };

    expect(connectAs(undefined)).toBe('connected');
    expect(connectAs('nobody')).toBe('EACCES');
    chmodSync(join(cwd, '.dynorun'), 0o755);
    expect(connectAs('nobody')).toBe('EACCES');
  });
});
