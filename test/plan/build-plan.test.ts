import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildPlan } from '../../src/plan/build-plan.js';
import { defaultSettings } from '../../src/settings/default-settings.js';
import type { Formation, PlanOptions } from '../../src/types.js';

const dandi = fileURLToPath(new URL('../../../shared/fixtures/dandi/', import.meta.url));
const inherited = { HOME: '/home/ada', PORT: '9999', LEVEL: 'shell' };

// name → port, the shape most assertions care about.
const ports = (plan: Formation) => plan.dynos.map((dyno) => [dyno.name, dyno.port]);

describe('buildPlan', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  const plan = (options: PlanOptions = {}) =>
    buildPlan({ procfile: join(dir, 'Procfile'), inherited, ...options });
  const rejection = (name: string, message: string) => expect.objectContaining({ name, message });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynorun-plan-'));
    await write('Procfile', 'release: ./migrate\nweb: serve\n# x: y\nworker: work\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!existsSync(dandi))(
    'gives web.1 port 5000 with the DANDI Procfile (needs ../shared)',
    async () => {
      await copyFile(join(dandi, 'Procfile'), join(dir, 'Procfile'));
      const formation = await plan();
      expect(ports(formation)).toEqual([
        ['web.1', 5000],
        ['worker.1', 5100],
        ['checksum-worker.1', 5200],
      ]);
      expect(formation.release?.command).toBe('python ./manage.py migrate');
    },
  );

  it('builds one spec per dyno with its environment', async () => {
    const formation = await plan({ formation: 'web=2' });
    expect(formation.procfile).toBe(join(dir, 'Procfile'));
    expect(formation.cwd).toBe(dir);
    expect(formation.envFiles).toEqual([]);
    expect(formation.dynos[1]).toEqual({
      name: 'web.2',
      type: 'web',
      index: 2,
      command: 'serve',
      cwd: dir,
      port: 5001,
      env: { ...inherited, PORT: '5001', DYNO: 'web.2', PS: 'web.2' },
      settings: defaultSettings('web'),
      sources: expect.objectContaining({ readiness: 'default', graceMs: 'default' }),
      profileScripts: [],
    });
    expect(ports(formation)).toEqual([
      ['web.1', 5000],
      ['web.2', 5001],
      ['worker.1', 5100],
    ]);
  });

  it('records the entries, both environments and the base port', async () => {
    await write('.env', 'A=1\nB=$HOME');
    const formation = await plan({ port: 6000 });
    const fileEnv = { A: '1', B: '/home/ada' };
    expect(formation).toMatchObject({ fileEnv, appEnv: { ...inherited, ...fileEnv } });
    expect(formation.basePort).toBe(6000);
    expect(formation.processTypes.map((entry) => entry.name)).toEqual(['release', 'web', 'worker']);
  });

  it('runs release once, without a port, keeping the PORT it finds', async () => {
    await write('.env', 'PORT=7000\nA=1');
    const { release } = await plan();
    expect(release).toEqual({
      name: 'release',
      type: 'release',
      index: 1,
      command: './migrate',
      cwd: dir,
      port: undefined,
      env: { ...inherited, PORT: '7000', A: '1', DYNO: 'release.1', PS: 'release.1' },
      settings: { ...defaultSettings('release'), restart: 'never', maxRestarts: 0 },
      sources: expect.objectContaining({ restart: 'default' }),
      profileScripts: [],
      timeoutMs: 3_600_000,
    });
  });

  it('leaves release out with release: false', async () => {
    expect((await plan({ release: false })).release).toBeUndefined();
  });

  it('plans a Procfile holding only release with no dynos', async () => {
    await write('Procfile', 'release: ./migrate\n');
    const formation = await plan();
    expect(formation.release?.name).toBe('release');
    expect(formation.dynos).toEqual([]);
  });

  it('plans no dynos for a formation of zeros', async () => {
    expect((await plan({ formation: 'all=0' })).dynos).toEqual([]);
  });

  it.each<[string, PlanOptions, string, [string, number][]]>([
    [
      '5000 by default, ignoring the shell PORT',
      {},
      '',
      [
        ['web.1', 5000],
        ['worker.1', 5100],
      ],
    ],
    [
      'PORT from .env',
      {},
      'PORT=6000',
      [
        ['web.1', 6000],
        ['worker.1', 6100],
      ],
    ],
    [
      '-p over PORT from .env',
      { port: 8000 },
      'PORT=6000',
      [
        ['web.1', 8000],
        ['worker.1', 8100],
      ],
    ],
  ])('takes the base port from %s', async (_title, options, dotenv, expected) => {
    await write('.env', dotenv);
    expect(ports(await plan(options))).toEqual(expected);
  });

  it.each([
    [{ port: 0 }, '', 'UsageError', '-p must be a port from 1 to 65535, got 0'],
    [{ port: 65536 }, '', 'UsageError', '-p must be a port from 1 to 65535, got 65536'],
    [
      {},
      'PORT=web',
      'FormationError',
      'PORT in the env files must be a port from 1 to 65535, got "web"',
    ],
    [
      { port: 65500 },
      '',
      'FormationError',
      'port 65600 for worker.1 is above 65535; choose a lower base port than 65500',
    ],
  ])('rejects the port settings %j with .env %j', async (options, dotenv, error, message) => {
    await write('.env', dotenv);
    await expect(plan(options)).rejects.toThrow(rejection(error, message));
  });

  it('layers -e files over the inherited env and skips .env', async () => {
    await write('.env', 'FROM_DOTENV=1');
    await write('a.env', 'LEVEL=a\nA=$HOME');
    await write('b.env', 'B=$LEVEL\nLEVEL=b');
    const envFiles = ['a.env', 'b.env'].map((name) => relative('.', join(dir, name)));
    const formation = await plan({ envFiles });

    expect(formation.envFiles).toEqual([join(dir, 'a.env'), join(dir, 'b.env')]);
    const env = formation.dynos[0]?.env;
    expect(env).toMatchObject({ LEVEL: 'b', A: '/home/ada', B: 'a', PORT: '5000' });
    expect(env).not.toHaveProperty('FROM_DOTENV');
  });

  it('rejects a missing -e file, named as given', async () => {
    await write('a.env', 'A=1');
    const envFiles = [join(dir, 'a.env'), 'no-such/b.env'];
    await expect(plan({ envFiles })).rejects.toThrow(
      rejection('EnvFileError', 'no-such/b.env: no such file'),
    );
  });

  it('runs only the named types, keeping their ports and Procfile order', async () => {
    const only = ['worker', 'web', 'worker'];
    const formation = await plan({ only, formation: 'worker=2' });
    expect(ports(formation)).toEqual([
      ['web.1', 5000],
      ['worker.1', 5100],
      ['worker.2', 5101],
    ]);
    expect(ports(await plan({ only: ['worker'] }))).toEqual([['worker.1', 5100]]);
  });

  it('applies the formation to the selected types only', async () => {
    const formation = await plan({ only: ['web'], formation: 'worker=3' });
    expect(ports(formation)).toEqual([['web.1', 5000]]);
  });

  it.each([
    [{ only: ['wrker'] }, 'unknown process type "wrker"; valid types: web, worker'],
    [
      { only: ['release'] },
      '"release" is not a process type: it runs once, before the formation starts',
    ],
    [{ formation: 'release=2' }, '"release" runs once before the formation and cannot be scaled'],
    [
      { formation: 'wrker=2' },
      'unknown process type "wrker" in formation; valid types: web, worker',
    ],
  ])('rejects %j', async (options, message) => {
    await expect(plan(options)).rejects.toThrow(rejection('FormationError', message));
  });

  describe('with -d', () => {
    beforeEach(async () => {
      await mkdir(join(dir, 'app'));
      await write('app/Procfile', 'web: serve\n');
      await write('app/.env', 'IN_APP=1');
    });

    it('reads Procfile and .env in the app directory and runs there', async () => {
      const formation = await buildPlan({ dir: join(dir, 'app'), inherited });
      expect(formation).toMatchObject({
        procfile: join(dir, 'app', 'Procfile'),
        cwd: join(dir, 'app'),
        envFiles: [join(dir, 'app', '.env')],
      });
      const [web] = formation.dynos;
      expect(web).toMatchObject({ cwd: join(dir, 'app'), env: { IN_APP: '1' } });
    });

    it('runs in the app directory even when -f points elsewhere', async () => {
      const procfile = join(dir, 'Procfile');
      const formation = await buildPlan({ dir: join(dir, 'app'), procfile });
      expect(formation.cwd).toBe(join(dir, 'app'));
      expect(formation.dynos.map((dyno) => dyno.name)).toEqual(['web.1', 'worker.1']);
    });

    it.each([
      ['missing', 'nope', (d: string) => `app directory ${d}: no such directory`],
      ['a file', 'app/Procfile', (d: string) => `app directory ${d}: not a directory`],
    ])('rejects an app directory that is %s', async (_title, name, message) => {
      const appDir = join(dir, name);
      await expect(buildPlan({ dir: appDir })).rejects.toThrow(
        rejection('UsageError', message(appDir)),
      );
    });

    it('names the missing Procfile inside the app directory', async () => {
      await mkdir(join(dir, 'empty'));
      const message = `${join(dir, 'empty', 'Procfile')}: no such file`;
      await expect(buildPlan({ dir: join(dir, 'empty') })).rejects.toThrow(
        rejection('ProcfileError', message),
      );
    });
  });

  it('inherits process.env when no environment is given', async () => {
    const formation = await buildPlan({ procfile: join(dir, 'Procfile') });
    expect(formation.dynos[0]?.env.PATH).toBe(process.env.PATH);
  });
});
