// Once the formation has begun to stop, requests that would change it are refused, saying
// why, and a `dynorun run` no longer joins it: it runs on its own, unregistered.
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES, startCli } from '../helpers/cli.js';
import { dynorun, killFormations, startFormation } from './control-helpers.js';

afterEach(killFormations);

async function stoppingFormation() {
  const app = startFormation({ Procfile: `web: sh ${PROCESSES}/ignore-term.sh\n` }, ['-t', '20']);
  await app.run.waitFor(/web\.1 +\| ignoring TERM/);
  app.run.child.kill('SIGINT');
  await app.run.waitFor(/received SIGINT/);
  return app;
}

describe('a formation that is stopping', () => {
  it.each([
    [['restart'], 'restart'],
    [['restart', 'web'], 'restart web'],
    [['stop', 'web.1'], 'stop web.1'],
    [['resume', 'web'], 'resume web'],
    [['scale', 'web=2'], 'scale web=2'],
  ])('refuses %j, saying why', async (args, request) => {
    const { cwd } = await stoppingFormation();
    const result = await dynorun(cwd, args);
    expect(result.stderr).toBe(`dynorun: ${request} refused: the formation is stopping\n`);
    expect(result.code).toBe(1);
  });

  it('lets a one-off run, but not join it', async () => {
    const { run, cwd, marker } = await stoppingFormation();
    const [name, value] = marker.split('=') as [string, string];
    const oneOff = startCli(['run', 'echo "$DYNO"'], { cwd, env: { [name]: value } });

    expect(await oneOff.exited).toEqual({ code: 0, signal: null });
    expect(oneOff.stdout()).toBe('run.1\n');
    expect(oneOff.stderr()).toBe('');
    run.child.kill('SIGINT');
    await run.exited;
    expect(run.stdout()).not.toMatch(/run\.1/);
  });
});

describe('a formation whose dynos were all stopped on request', () => {
  it('says there is nothing to stop when it is told to stop', async () => {
    const { run, cwd } = startFormation({ Procfile: 'quiet: sleep 1000\n' });
    await run.waitFor(/quiet\.1 is up/);
    await dynorun(cwd, ['stop', 'quiet']);
    run.child.kill('SIGINT');

    expect(await run.exited).toEqual({ code: 130, signal: null });
    expect(run.stdout()).toMatch(
      /^dynorun +\| received SIGINT; no dyno is running, nothing to stop$/m,
    );
    expect(run.stdout()).not.toMatch(/sending SIGTERM to all/);
  });
});
