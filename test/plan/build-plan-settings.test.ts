// buildPlan with the settings file, --heroku-env and .profile: what each dyno spec gets,
// and the formations the settings refuse.
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { buildPlan } from '../../src/plan/build-plan.js';
import type { PlanOptions } from '../../src/types.js';

const example = fileURLToPath(new URL('../../examples/dandi/', import.meta.url));
const inherited = { HOME: '/home/ada', PORT: '9999' };
const FORMATION = { name: 'FormationError', code: 'DYNORUN_FORMATION' };
function asks(count: number, type: string): string {
  return `formation asks for ${count} "${type}" dynos`;
}

describe('buildPlan with settings', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  const plan = (options: PlanOptions = {}) =>
    buildPlan({ procfile: join(dir, 'Procfile'), inherited, ...options });
  const refusal = (message: string) => expect.objectContaining({ ...FORMATION, message });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynorun-plan-'));
    await write('Procfile', 'release: ./migrate\nweb: serve\nworker: work\n');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives every dyno the settings of its type and their sources', async () => {
    const settings = 'defaults: {grace: 10s}\ntypes:\n  worker: {restart: never}\n';
    await write('dynorun.yml', settings);
    const formation = await plan({ settingsFlags: { bootTimeoutMs: 5_000 } });
    const [web, worker] = formation.dynos;

    expect(formation.settingsFile).toBe(join(dir, 'dynorun.yml'));
    expect(web?.settings).toMatchObject({ readiness: { kind: 'port' }, graceMs: 10_000 });
    expect(worker?.settings).toMatchObject({ restart: 'never', bootTimeoutMs: 5_000 });
    expect(worker?.sources).toMatchObject({
      restart: 'file',
      graceMs: 'file',
      bootTimeoutMs: 'flag',
      readiness: 'default',
    });
    const types = formation.settings.types.map((entry) => entry.type);
    expect(types).toEqual(['web', 'worker']);
  });

  it('plans with defaults when there is no settings file', async () => {
    const formation = await plan();
    expect(formation.settingsFile).toBeUndefined();
    expect(formation.dynos[1]?.settings.readiness).toEqual({ kind: 'started' });
  });

  it('reads the file named by settingsFile, which must exist', async () => {
    await write('other.yml', 'types:\n  web: {grace: 1s}\n');
    const formation = await plan({ settingsFile: join(dir, 'other.yml') });
    expect(formation.dynos[0]?.settings.graceMs).toBe(1_000);

    const settingsFile = join(dir, 'missing.yml');
    await expect(plan({ settingsFile })).rejects.toThrow(`${settingsFile}: no such file`);
  });

  it('gives the release its timeout: default, file, then flag', async () => {
    expect((await plan()).release?.timeoutMs).toBe(3_600_000);

    await write('dynorun.yml', 'types:\n  release:\n    timeout: 10m\n');
    const formation = await plan();
    expect(formation.releaseTimeoutMs).toBe(600_000);
    expect(formation.release?.timeoutMs).toBe(600_000);
    expect((await plan({ releaseTimeoutMs: 2_000 })).release?.timeoutMs).toBe(2_000);
  });

  it('refuses worker=2 for the DANDI example, with its reason', async () => {
    await copyFile(join(example, 'Procfile'), join(dir, 'Procfile'));
    await copyFile(join(example, 'dynorun.yml'), join(dir, 'dynorun.yml'));
    const shown = join(dir, 'dynorun.yml');
    const why = 'a second worker would send every periodic task twice';
    const limit = `${shown}:14 sets max_instances: 1 for "worker"`;
    const message = `${asks(2, 'worker')}, but ${limit} (it runs celery beat, so ${why})`;

    await expect(plan({ formation: 'worker=2' })).rejects.toThrow(refusal(message));
    const formation = await plan({ formation: 'web=2,worker=1' });
    expect(formation.dynos.map((dyno) => dyno.name)).toEqual([
      'web.1',
      'web.2',
      'worker.1',
      'checksum-worker.1',
    ]);
  });

  it.each<[string, string, PlanOptions, string]>([
    [
      'max_instances from defaults',
      'defaults:\n  max_instances: 2\n',
      { formation: 'all=3' },
      `${asks(3, 'web')}, but dynorun.yml:2 sets max_instances: 2 for "web"`,
    ],
    [
      'max_instances from a flag',
      '',
      { formation: 'web=2', settingsFlags: { maxInstances: 1 } },
      `${asks(2, 'web')}, but a flag sets max_instances: 1 for "web"`,
    ],
    [
      'after a type that does not run',
      'types:\n  worker:\n    after: web\n',
      { formation: 'web=0' },
      '"worker" starts after "web" (dynorun.yml:3), but the formation runs no "web" dyno',
    ],
    [
      'after a type left out',
      'types:\n  worker:\n    after: web\n',
      { only: ['worker'] },
      '"worker" starts after "web" (dynorun.yml:3), but the formation runs no "web" dyno',
    ],
    [
      'port readiness without a PORT',
      'types:\n  worker:\n    readiness: {http: /up}\n',
      { herokuEnv: true },
      '"worker" is ready by its port (readiness: http, dynorun.yml:3), ' +
        'but with --heroku-env only "web" dynos get a PORT',
    ],
  ])('refuses %s', async (_title, settings, options, message) => {
    await write('dynorun.yml', settings);
    await expect(plan(options)).rejects.toThrow(
      refusal(message.replaceAll('dynorun.yml', join(dir, 'dynorun.yml'))),
    );
  });

  it('accepts formations within max_instances, and types left out above it', async () => {
    await write('dynorun.yml', 'types:\n  worker: {max_instances: 1}\n');
    const formation = await plan({ formation: 'worker=1,web=3' });
    expect(formation.dynos).toHaveLength(4);
    expect((await plan({ only: ['web'], formation: 'worker=5' })).dynos).toHaveLength(1);
  });

  it('gives PORT to web dynos only with herokuEnv', async () => {
    await write('.env', 'PORT=6000\n');
    const formation = await plan({ herokuEnv: true, formation: 'all=2' });
    const ports = formation.dynos.map((dyno) => [dyno.name, dyno.port, dyno.env.PORT]);
    expect(ports).toEqual([
      ['web.1', 6000, '6000'],
      ['web.2', 6001, '6001'],
      ['worker.1', undefined, undefined],
      ['worker.2', undefined, undefined],
    ]);
    expect(formation.dynos[2]?.env).not.toHaveProperty('PORT');
    expect(formation.release?.env).not.toHaveProperty('PORT');
  });

  it('plans .profile.d/*.sh by name then .profile, unless profile: false', async () => {
    await mkdir(join(dir, '.profile.d'));
    for (const name of ['b.sh', '10-a.sh', 'a.sh', 'notes.txt']) {
      await write(join('.profile.d', name), 'export X=1\n');
    }
    await mkdir(join(dir, '.profile.d', 'dir.sh'));
    await symlink(join(dir, '.profile.d', 'a.sh'), join(dir, '.profile.d', 'link.sh'));
    await write('.profile', 'export Y=1\n');

    const scripts = ['10-a.sh', 'a.sh', 'b.sh', 'link.sh'].map((name) =>
      join(dir, '.profile.d', name),
    );
    scripts.push(join(dir, '.profile'));
    const formation = await plan();
    expect(formation.dynos[0]?.profileScripts).toEqual(scripts);
    expect(formation.release?.profileScripts).toEqual(scripts);
    expect((await plan({ profile: false })).dynos[0]?.profileScripts).toEqual([]);
  });

  it('plans only .profile when there is no .profile.d', async () => {
    await write('.profile', 'export Y=1\n');
    expect((await plan()).dynos[1]?.profileScripts).toEqual([join(dir, '.profile')]);
  });
});
