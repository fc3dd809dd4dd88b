// ps, restart, stop, resume and scale act on the real processes of a running formation.
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from '../helpers/processes.js';
import { makeApp, PROCESSES } from '../helpers/cli.js';
import {
  accepts,
  byName,
  dynorun,
  killFormations,
  processesOfDyno,
  ps,
  startFormation,
  until,
} from './control-helpers.js';

afterEach(killFormations);

const WEB = `web: node ${PROCESSES}/listen.mjs 100\n`;
const WORKER = `worker: sh ${PROCESSES}/grandchild.sh\n`;

describe('dynorun ps', () => {
  it('lists every dyno with the pid of its real process, its port and its tree', async () => {
    const { run, cwd } = startFormation({ Procfile: WEB + WORKER }, ['-m', 'web=2', '-p', '48100']);
    await run.waitFor(/web\.2 is up/);
    await run.waitFor(/worker\.1 is up/);

    const dynos = await ps(cwd);
    expect(dynos.map((dyno) => [dyno.name, dyno.state, dyno.port])).toEqual([
      ['web.1', 'up', 48100],
      ['web.2', 'up', 48101],
      ['worker.1', 'up', 48200],
    ]);
    for (const dyno of dynos) {
      expect(run.stdout()).toContain(`${dyno.name} started with pid ${dyno.pid}`);
      expect(isAlive(dyno.pid as number)).toBe(true);
    }
    // worker.1: its shell and the grandchild it started.
    expect(byName(dynos, 'worker.1').processes).toBeGreaterThanOrEqual(2);
    expect(byName(dynos, 'web.1').memoryBytes).toBeGreaterThan(1024 * 1024);

    const table = await dynorun(cwd, ['ps']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^DYNO {6}STATE {2}PID +UPTIME {2}RESTARTS {2}PORT {3}CPU +MEMORY$/,
    );
    expect(table.stdout).toMatch(/^web\.1 +up +\d+ +\d+s +0 +48100 +\d+\.\d% +\d+\.\d MiB$/m);
  });
});

describe('dynorun restart', () => {
  it('gives a dyno a new process on the same port', async () => {
    const { run, cwd } = startFormation({ Procfile: WEB }, ['-p', '48110']);
    await run.waitFor(/web\.1 is up/);
    const before = byName(await ps(cwd), 'web.1').pid as number;

    const result = await dynorun(cwd, ['restart', 'web.1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^web\.1 restarted: pid \d+ → \d+, up after \d+(\.\d)? s\n$/);
    const after = byName(await ps(cwd), 'web.1');
    expect(after.pid).not.toBe(before);
    expect(after.state).toBe('up');
    expect(isAlive(before)).toBe(false);
    expect(await accepts(48110)).toBe(true);
    expect(run.stdout()).toContain('dynorun | restarting web.1 on request');
  });
});

describe('restart, stop and resume with a name the formation does not have', () => {
  // Unknown names exited 1 here but 2 from `logs --dyno` and `scale`.
  it.each([
    ['restart', 'wbe'],
    ['restart', 'web.3'],
    ['stop', 'nothing'],
    ['resume', 'web.2'],
  ])('refuse `%s %s` as a usage error, naming the dynos and types', async (command, name) => {
    const { run, cwd } = startFormation({ Procfile: WEB }, ['-p', '48120']);
    await run.waitFor(/web\.1 is up/);
    const result = await dynorun(cwd, [command, name]);
    expect(result.stderr).toBe(
      `dynorun: no dyno or process type "${name}"; dynos: web.1; types: web\n`,
    );
    expect(result.code).toBe(2);
  });
});

describe('dynorun stop and resume', () => {
  it('stops a dyno, keeps it down without ending the run, and starts it again', async () => {
    const { run, cwd, marker } = startFormation({ Procfile: WEB + WORKER }, ['-p', '48130']);
    await run.waitFor(/worker\.1 is up/);
    const grandchild = Number((await run.waitFor(/worker\.1 +\| grandchild (\d+)/))[1]);

    const stopped = await dynorun(cwd, ['stop', 'worker']);
    expect(stopped.stdout).toBe('stopped worker.1\n');
    expect(isAlive(grandchild)).toBe(false);
    expect(processesOfDyno(marker, 'worker.1')).toEqual([]);
    expect(byName(await ps(cwd), 'worker.1')).toMatchObject({ state: 'down', pid: null });

    // Every dyno stopped on request: the run stays, nothing restarts them.
    await dynorun(cwd, ['stop', 'web.1']);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(run.child.exitCode).toBe(null);
    expect((await ps(cwd)).map((dyno) => dyno.state)).toEqual(['down', 'down']);
    expect((await dynorun(cwd, ['stop', 'web'])).stdout).toBe('already stopped: web.1\n');

    const resumed = await dynorun(cwd, ['resume', 'worker.1']);
    expect(resumed.stdout).toBe('started worker.1: up\n');
    const worker = byName(await ps(cwd), 'worker.1');
    expect(worker.state).toBe('up');
    expect(isAlive(worker.pid as number)).toBe(true);
    expect(run.stdout()).toMatch(/^dynorun +\| stopping worker on request$/m);
    expect(run.stdout()).toMatch(/^dynorun +\| starting worker\.1 again on request$/m);
  });
});

describe('dynorun scale', () => {
  it('adds dynos with the next numbers and ports, and removes them with their trees', async () => {
    const { run, cwd, marker } = startFormation({ Procfile: WEB + WORKER }, ['-p', '48140']);
    await run.waitFor(/worker\.1 is up/);

    const up = await dynorun(cwd, ['scale', 'web=2', 'worker=2']);
    expect(up.stdout).toBe(
      'added web.2 (PORT 48141), worker.2 (PORT 48241)\nformation: web=2,worker=2\n',
    );
    await until(() => accepts(48141), Boolean, 'web.2 to listen on 48141');
    const grandchild = Number((await run.waitFor(/worker\.2 +\| grandchild (\d+)/))[1]);
    const worker2 = processesOfDyno(marker, 'worker.2');
    expect(worker2).toContain(grandchild);

    const down = await dynorun(cwd, ['scale', 'worker=0']);
    expect(down.stdout).toBe(
      'removed worker.2, worker.1; their processes are gone\nformation: web=2,worker=0\n',
    );
    expect(processesOfDyno(marker, 'worker.2')).toEqual([]);
    expect(processesOfDyno(marker, 'worker.1')).toEqual([]);
    expect(worker2.filter(isAlive)).toEqual([]);
    expect((await ps(cwd)).map((dyno) => dyno.name)).toEqual(['web.1', 'web.2']);
    const one = await dynorun(cwd, ['scale', 'web=1']);
    expect(one.stdout).toBe('removed web.2; its processes are gone\nformation: web=1,worker=0\n');
    expect(run.child.exitCode).toBe(null);
  });

  // A malformed or impossible request is bad input (2); one the settings forbid is not (1).
  it.each([
    [
      ['worker=2'],
      1,
      'formation asks for 2 "worker" dynos, but dynorun.yml:3 sets max_instances: 1 for "worker" (runs beat)',
    ],
    [['wrk=1'], 2, 'unknown process type "wrk" in formation; valid types: web, worker'],
    [['release=1'], 2, '"release" runs once before the formation and cannot be scaled'],
    [['web=101'], 2, 'count for "web" is 101; at most 100 (ports are 100 apart per type)'],
    [['web=x'], 2, 'count for "web" must be a non-negative integer, got "x"'],
    [['web'], 2, 'formation item "web" must be <type>=<count>'],
    [['=3'], 2, 'formation item "=3" must be <type>=<count>'],
  ])('refuses %j with the message start would give', async (args, code, message) => {
    const settings = 'types:\n  worker:\n    max_instances: 1 # runs beat\n';
    const { run, cwd } = startFormation(
      { Procfile: `release: true\n${WEB}${WORKER}`, 'dynorun.yml': settings },
      ['-p', '48150'],
    );
    await run.waitFor(/worker\.1 is up/);
    const result = await dynorun(cwd, ['scale', ...args]);
    expect(result.stderr).toBe(`dynorun: ${message}\n`);
    expect(result.code).toBe(code);
    expect((await ps(cwd)).map((dyno) => dyno.name)).toEqual(['web.1', 'worker.1']);
  });
});

describe('without a running formation', () => {
  it.each([
    [['ps']],
    [['restart']],
    [['stop', 'web']],
    [['resume', 'web']],
    [['scale', 'web=2']],
    [['logs']],
  ])('%j says so and exits 1', async (args) => {
    const cwd = makeApp({ Procfile: WEB });
    const result = await dynorun(cwd, args);
    expect(result.stderr).toBe(`dynorun: no dynorun is running for ${cwd}\n`);
    expect(result.code).toBe(1);
  });
});
