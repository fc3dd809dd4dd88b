// `dynorun logs --dyno/--type` accepts every name the formation has logged under (stopped
// and scaled-away dynos, one-offs, the release when there was one) and refuses any other
// with exit 2 and the valid names, instead of printing nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES, startCli } from '../helpers/cli.js';
import { dynorun, killFormations, startFormation, type Running } from './control-helpers.js';

afterEach(killFormations);

const WEB = `web: node ${PROCESSES}/listen.mjs 0\n`;
const WORKER = 'worker: echo working; sleep 1000\n';

// A formation that has had a release, a web.2 scaled away, a stopped worker and a one-off.
async function eventful(): Promise<Running> {
  const app = startFormation({ Procfile: `release: echo released\n${WEB}${WORKER}` }, [
    '-m',
    'web=2',
    '-p',
    '48400',
  ]);
  await app.run.waitFor(/web\.2 is up/);
  await app.run.waitFor(/worker\.1 is up/);
  expect((await dynorun(app.cwd, ['scale', 'web=1'])).code).toBe(0);
  expect((await dynorun(app.cwd, ['stop', 'worker'])).code).toBe(0);
  const [name, value] = app.marker.split('=') as [string, string];
  const oneOff = startCli(['run', 'echo one-off'], { cwd: app.cwd, env: { [name]: value } });
  expect((await oneOff.exited).code).toBe(0);
  await app.run.waitFor(/run\.1 exited with code 0/);
  return app;
}

describe('dynorun logs filters', () => {
  it('accepts every dyno and type the formation has had', async () => {
    const { cwd } = await eventful();
    const shows = async (args: string[], pattern: RegExp) => {
      const result = await dynorun(cwd, ['logs', '--no-timestamp', ...args]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(pattern);
    };
    await shows(['--dyno', 'web.2'], /^web\.2 +\| listening on 48401$/m);
    await shows(['--dyno', 'worker.1'], /^worker\.1 +\| working$/m);
    await shows(['--dyno', 'run.1'], /run\.1 exited with code 0$/m);
    await shows(['--type', 'run'], /run\.1 started with pid \d+: echo one-off$/m);
    await shows(['--dyno', 'release'], /^release +\| released$/m);
    await shows(['--type', 'release'], /^release +\| released$/m);
  });

  it('refuses a dyno or type it never had, naming the valid ones, with exit 2', async () => {
    const { cwd } = await eventful();
    const dyno = await dynorun(cwd, ['logs', '--dyno', 'web.9']);
    expect(dyno.stderr).toBe(
      'dynorun: no dyno "web.9" in this formation; ' +
        'dynos: release, web.1, web.2, worker.1, run.1\n',
    );
    expect(dyno.code).toBe(2);
    expect(dyno.stdout).toBe('');

    const type = await dynorun(cwd, ['logs', '--tail', '--type', 'nosuch']);
    expect(type.stderr).toBe(
      'dynorun: no process type "nosuch" in this formation; types: release, web, worker, run\n',
    );
    expect(type.code).toBe(2);

    const typeAsDyno = await dynorun(cwd, ['logs', '--dyno', 'web']);
    expect(typeAsDyno.stderr).toMatch(
      /^dynorun: no dyno "web" in this formation; .*; "web" is a type: use --type web\n$/,
    );
    expect(typeAsDyno.code).toBe(2);
  });

  it.each([
    ['has none', `${WEB}${WORKER}`, []],
    ['is skipped', `release: echo released\n${WEB}${WORKER}`, ['--no-release']],
  ])('lists no release where the Procfile %s', async (_how, procfile, args) => {
    const { run, cwd } = startFormation({ Procfile: procfile }, ['-p', '48410', ...args]);
    await run.waitFor(/worker\.1 is up/);

    const type = await dynorun(cwd, ['logs', '--type', 'release']);
    expect(type.stderr).toBe(
      'dynorun: no process type "release" in this formation; types: web, worker\n',
    );
    expect(type.code).toBe(2);
    const dyno = await dynorun(cwd, ['logs', '--dyno', 'release']);
    expect(dyno.stderr).toBe(
      'dynorun: no dyno "release" in this formation; dynos: web.1, worker.1\n',
    );
    expect(dyno.code).toBe(2);
  });
});
