// `dynorun run` as DANDI's operators use it, on a copy of examples/dandi with a temp
// SQLite database: migrate, create a Django superuser from a script and at a terminal's
// prompts, and run a console beside the running formation, where `ps` lists it as run.1
// until it ends.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DynoStatus } from '../../src/supervisor/dyno-status.js';
import { BIN, runCli, startCli, type CliRun } from '../helpers/cli.js';
import { killAll, processesWithMarker } from '../helpers/processes.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import { copyExample, freePort, missingPython, pollUntil } from './dandi-helpers.js';

const skipReason = missingPython();
if (skipReason !== undefined) console.warn(`Skipping DANDI one-off tests: ${skipReason}`);
const noTmux = skipReason ?? tmuxMissing();
if (noTmux !== undefined && skipReason === undefined) {
  console.warn(`Skipping the interactive createsuperuser test: ${noTmux}`);
}
const gunicorn = spawnSync('/bin/sh', ['-c', 'command -v gunicorn'], { stdio: 'ignore' });
const noGunicorn = skipReason ?? (gunicorn.status === 0 ? undefined : 'no gunicorn');
if (noGunicorn !== undefined && skipReason === undefined) {
  console.warn(`Skipping the DANDI formation one-off test: ${noGunicorn}`);
}

// Long and varied enough for Django's password validators, should the app turn them on.
const PASSWORD = 'Quartz-Meadow-4817-Lantern';
const marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
let tmpDir = '';
let appDir = '';
let envFile = '';

// `dynorun run` in the app copy with its .env and the test's env file.
function manage(args: string[]) {
  return runCli(['run', '-e', `.env,${envFile}`, 'python', './manage.py', ...args], {
    cwd: appDir,
  });
}

async function superusers(username: string): Promise<string> {
  const query = `from django.contrib.auth import get_user_model
users = get_user_model().objects.filter(username='${username}', is_superuser=True)
print(users.count())`;
  const result = await manage(['shell', '-c', query]);
  if (result.code !== 0) throw new Error(`shell -c: code ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

describe.skipIf(skipReason !== undefined)('dynorun run on the DANDI example', () => {
  const sessions: TmuxSession[] = [];
  let formation: CliRun | undefined;

  beforeAll(async () => {
    tmpDir = mkdtempSync(path.join(os.tmpdir(), 'dynorun-dandi-run-'));
    appDir = copyExample(tmpDir);
    envFile = path.join(tmpDir, 'test.env');
    const lines = [
      `DATABASE_PATH=${path.join(tmpDir, 'db.sqlite3')}`,
      `DJANGO_SUPERUSER_PASSWORD=${PASSWORD}`,
      marker,
    ];
    writeFileSync(envFile, lines.map((line) => `${line}\n`).join(''));

    // The release phase's work, as an operator would do it without a formation running.
    const migrated = await manage(['migrate']);
    if (migrated.code !== 0)
      throw new Error(`migrate failed: ${migrated.stdout}${migrated.stderr}`);
  }, 60_000);

  afterEach(() => {
    for (const session of sessions.splice(0)) session.kill();
  });

  afterAll(async () => {
    const child = formation?.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await formation?.exited;
    }
    killAll(processesWithMarker(marker));
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }, 30_000);

  it('creates a superuser from a script with --noinput', async () => {
    const args = ['createsuperuser', '--noinput', '--username', 'admin'];
    const created = await manage([...args, '--email', 'a@example.org']);

    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('Superuser created successfully.');
    expect(await superusers('admin')).toBe('1');
  }, 60_000);

  it.skipIf(noTmux !== undefined)(
    'creates a superuser at the prompts of a terminal',
    async () => {
      const exitFile = path.join(tmpDir, 'createsuperuser.exit');
      const run = `node ${BIN} run -e .env,${envFile} python ./manage.py createsuperuser`;
      const user = '--username bob --email b@example.org';
      const command = `${run} ${user}; echo EXIT=$? > ${exitFile}`;
      const session = new TmuxSession(command, { cwd: appDir });
      sessions.push(session);

      await session.waitFor(/^Password: *$/m, 30_000);
      session.send(PASSWORD, true);
      session.send('Enter');
      await session.waitFor(/^Password \(again\): *$/m);
      session.send(PASSWORD, true);
      session.send('Enter');
      await pollUntil(
        'createsuperuser to end',
        30_000,
        async () => {
          if (existsSync(exitFile)) return true;
          // Only if the app's password validators reject the password; ours has none.
          const asks = /Bypass password validation/.test(session.screen());
          if (asks) session.send('y', true);
          return undefined;
        },
        session.screen.bind(session),
      );

      expect(readFileSync(exitFile, 'utf8')).toBe('EXIT=0\n');
      expect(await superusers('bob')).toBe('1');
    },
    60_000,
  );

  it.skipIf(noGunicorn !== undefined)(
    'runs a console beside the running formation as run.1, listed by ps until it ends',
    async () => {
      const port = String(await freePort());
      const args = ['start', 'web', '-e', `.env,${envFile}`, '-p', port];
      formation = startCli([...args, '--no-timestamp'], { cwd: appDir });
      await formation.waitFor(/web\.1 is up/, 60_000);
      const script = `import os, time
from pathlib import Path
print(os.environ['DYNO'], os.getpid(), flush=True)
while not Path('done').exists():
    time.sleep(0.05)`;
      const shell = startCli(
        ['run', '-e', `.env,${envFile}`, 'python', './manage.py', 'shell', '-c', script],
        { cwd: appDir },
      );
      const [, dyno, pid] = await shell.waitFor(/^(\S+) (\d+)$/m, 30_000);
      const listed = await psJson();
      writeFileSync(path.join(appDir, 'done'), '');
      const { code } = await shell.exited;
      const after = await psJson();

      expect(dyno).toBe('run.1');
      expect(listed.find((entry) => entry.name === 'run.1')).toMatchObject({
        type: 'run',
        state: 'up',
        pid: Number(pid),
        port: null,
      });
      expect(code).toBe(0);
      expect(after.map((entry) => entry.name)).toEqual(['web.1']);
      const command = 'python ./manage.py shell -c';
      await formation.waitFor(
        new RegExp(`^dynorun +\\| run\\.1 started with pid \\d+: ${command}`, 'm'),
      );
      await formation.waitFor(/^dynorun +\| run\.1 exited with code 0$/m);
      formation.child.kill('SIGTERM');
      expect((await formation.exited).code).toBe(143);
    },
    120_000,
  );
});

async function psJson(): Promise<DynoStatus[]> {
  const result = await runCli(['ps', '--json'], { cwd: appDir });
  if (result.code !== 0) throw new Error(`ps failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { dynos: DynoStatus[] }).dynos;
}
