// A `dynorun run` beside a running formation is one of its dynos while it runs: named
// run.N by the formation, listed by `ps` only while its command lives, logged, never
// alerted on, and the only process a Ctrl-C in its terminal reaches.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, startCli } from '../helpers/cli.js';
import { eventually, isAlive } from '../helpers/processes.js';
import { TmuxSession, tmuxMissing } from '../helpers/tmux.js';
import {
  byName,
  killFormations,
  ps,
  startFormation,
  until,
  type Running,
} from './control-helpers.js';

const WORKER = { Procfile: 'worker: sleep 1000\n' };
const sessions: TmuxSession[] = [];

afterEach(() => {
  for (const session of sessions.splice(0)) session.kill();
  killFormations();
});

// `dynorun run ARGS` in the formation's app, tagged with its marker so cleanup finds it.
function oneOff(app: Running, args: string[]) {
  const [name, value] = app.marker.split('=') as [string, string];
  return startCli(['run', ...args], { cwd: app.cwd, env: { [name]: value } });
}

async function formation(files = WORKER, args: string[] = []): Promise<Running> {
  const app = startFormation(files, args);
  await app.run.waitFor(/worker\.1 is up/);
  return app;
}

const names = async (app: Running) => (await ps(app.cwd)).map((dyno) => dyno.name);

describe('one-off dynos in a running formation', () => {
  it('names them run.1, run.2, … and lists each in ps only while it runs', async () => {
    const app = await formation();
    const waitsForFile = 'while [ ! -e done ]; do sleep 0.05; done';
    const first = oneOff(app, [`echo "$DYNO $PS $$"; ${waitsForFile}`]);
    const [, dyno, psName, pid] = await first.waitFor(/^(\S+) (\S+) (\d+)$/m);
    const listed = await until(
      () => ps(app.cwd),
      (dynos) => dynos.some((entry) => entry.name === 'run.1'),
      'run.1 in ps',
    );
    const options = { cwd: app.cwd, encoding: 'utf8' } as const;
    const table = execFileSync(process.execPath, [BIN, 'ps'], options);
    writeFileSync(join(app.cwd, 'done'), '');
    const exit = await first.exited;
    const after = await names(app);
    const second = oneOff(app, ['echo $DYNO']);
    await second.exited;

    expect([dyno, psName]).toEqual(['run.1', 'run.1']);
    expect(byName(listed, 'run.1')).toMatchObject({
      type: 'run',
      state: 'up',
      pid: Number(pid),
      port: null,
      restarts: 0,
      command: `echo "$DYNO $PS $$"; ${waitsForFile}`,
    });
    expect(byName(listed, 'run.1').memoryBytes).toBeGreaterThan(0);
    expect(table).toMatch(new RegExp(`^run\\.1 +up +${pid} .* - +\\d+\\.\\d%`, 'm'));
    expect(exit.code).toBe(0);
    expect(after).toEqual(['worker.1']);
    expect(second.stdout()).toBe('run.2\n');
  });

  it("logs the one-off's start and exit in the formation's stream, no alert", async () => {
    const files = { Procfile: `${WORKER.Procfile}crasher: sleep 0.2; exit 4\n` };
    const alert = 'echo "$DYNORUN_DYNO $DYNORUN_EXIT_CODE" >> alerts.txt';
    const app = await formation(files, ['--restart', 'never', '--on-event', alert]);
    await app.run.waitFor(/crasher\.1 exited with code 4/);

    const result = oneOff(app, ['echo hi; exit 3']);
    const { code } = await result.exited;
    const started = await app.run.waitFor(/^dynorun +\| run\.1 started with pid \d+: (.*)$/m);
    await app.run.waitFor(/^dynorun +\| run\.1 exited with code 3$/m);
    app.run.child.kill('SIGTERM');
    await app.run.exited;
    const alerts = readFileSync(join(app.cwd, 'alerts.txt'), 'utf8');

    expect(code).toBe(3);
    expect(result.stdout()).toBe('hi\n');
    expect(started[1]).toBe('echo hi; exit 3');
    expect(app.run.stdout()).not.toMatch(/^run\.1/m);
    expect(alerts).toBe('crasher.1 4\n');
  });

  it('passes piped input and output through, as without a formation', async () => {
    const app = await formation();
    const [name, value] = app.marker.split('=') as [string, string];
    const args = [BIN, 'run', 'tr a-z A-Z; echo $DYNO'];
    const output = execFileSync(process.execPath, args, {
      cwd: app.cwd,
      env: { ...process.env, [name]: value },
      input: 'abc\n',
      encoding: 'utf8',
    });

    expect(output).toBe('ABC\nrun.1\n');
    await app.run.waitFor(/run\.1 exited with code 0/);
  });

  it('drops a one-off whose dynorun run was SIGKILLed once its command ends', async () => {
    const app = await formation();
    const runner = oneOff(app, ['echo $$; exec sleep 1000']);
    const pid = Number((await runner.waitFor(/^(\d+)$/m))[1]);
    await until(
      () => names(app),
      (listed) => listed.includes('run.1'),
      'run.1 in ps',
    );
    // 'exit', not `exited`: the orphaned command keeps the runner's stdout pipe open.
    const killed = new Promise((resolve) => runner.child.once('exit', resolve));
    runner.child.kill('SIGKILL');
    await killed;
    // The one-off's watchdog ends its command; the formation finds it gone at the next ps.
    await eventually(
      () => !isAlive(pid),
      () => `pid ${pid} still alive`,
    );
    const after = await names(app);

    expect(after).toEqual(['worker.1']);
    await app.run.waitFor(/run\.1 ended; its exit status is unknown/);
  });

  it('runs as run.1 without registering anywhere when no formation runs', async () => {
    const app = startFormation(WORKER);
    await app.run.waitFor(/worker\.1 is up/);
    app.run.child.kill('SIGTERM');
    await app.run.exited;
    const result = oneOff(app, ['echo $DYNO']);

    expect((await result.exited).code).toBe(0);
    expect(result.stdout()).toBe('run.1\n');
    expect(result.stderr()).toBe('');
    expect(existsSync(join(app.cwd, '.dynorun'))).toBe(false);
  });
});

describe.skipIf(tmuxMissing() !== undefined)('a one-off on a terminal', () => {
  it("gets the terminal's Ctrl-C; the formation's dynos do not", async () => {
    const app = await formation();
    const before = byName(await ps(app.cwd), 'worker.1').pid;
    const [name, value] = app.marker.split('=') as [string, string];
    const exitFile = join(app.cwd, 'exit-status');
    const loop = 'while :; do sleep 0.1; done';
    const script = `trap "echo got-INT; exit 7" INT; echo ready; ${loop}`;
    const command = `node ${BIN} run '${script}'; echo EXIT=$? > ${exitFile}`;
    const session = new TmuxSession(command, { cwd: app.cwd, env: { [name]: value } });
    sessions.push(session);

    await session.waitFor(/^ready$/m);
    session.send('C-c');
    await eventually(
      () => existsSync(exitFile),
      () => `no ${exitFile}:\n${session.screen()}`,
    );
    await app.run.waitFor(/run\.1 exited with code 7/);
    const after = byName(await ps(app.cwd), 'worker.1');

    expect(readFileSync(exitFile, 'utf8')).toBe('EXIT=7\n');
    expect(after).toMatchObject({ state: 'up', pid: before, restarts: 0 });
    expect(app.run.child.exitCode).toBeNull();
  });
});
