// Start-up the way a dyno starts: profile scripts, PORT rules, readiness, order, release timeout.
import { describe, expect, it } from 'vitest';
import { linesOf, makeApp, PROCESSES, runCli, startCli } from '../helpers/cli.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const once = ['start', '--no-timestamp', '--restart', 'never'];

describe('start-up like a dyno', () => {
  it('sources .profile.d/*.sh, then .profile, before the command', async () => {
    const cwd = makeApp({ Procfile: 'a: echo "$ORDER"\n', '.profile': 'ORDER="$ORDER profile"\n' });
    mkdirSync(join(cwd, '.profile.d'));
    writeFileSync(join(cwd, '.profile.d', 'b.sh'), 'ORDER="$ORDER b"\n');
    writeFileSync(join(cwd, '.profile.d', 'a.sh'), 'export ORDER="a"\n');

    const sourced = await runCli(once, { cwd });
    const skipped = await runCli([...once, '--no-profile'], { cwd });

    expect(linesOf(sourced.lines, 'a.1')).toEqual(['a b profile']);
    expect(linesOf(skipped.lines, 'a.1')).toEqual(['']);
  });

  it('gives PORT to web dynos only with --heroku-env', async () => {
    const cwd = makeApp({
      Procfile: 'web: echo "web ${PORT-none}"\nworker: echo "worker ${PORT-none}"\n',
    });
    const heroku = await runCli([...once, '--heroku-env', '--boot-timeout', '1s'], { cwd });
    const foreman = await runCli([...once, '--boot-timeout', '1s'], { cwd });

    expect(linesOf(heroku.lines, 'worker.1')).toEqual(['worker none']);
    expect(linesOf(heroku.lines, 'web.1')).toEqual(['web 5000']);
    expect(linesOf(foreman.lines, 'worker.1')).toEqual(['worker 5100']);
  });

  it('starts a type declared `after: web` only once web is up', async () => {
    const cwd = makeApp({
      Procfile: `web: node ${PROCESSES}/listen.mjs 800\nworker: echo worker-started; sleep 1000\n`,
      'dynorun.yml': 'types:\n  worker:\n    after: web\n',
    });
    const run = startCli(['start', '--no-timestamp', '-p', '47420'], { cwd });
    await run.waitFor(/worker-started/, 5_000);
    run.child.kill('SIGINT');
    await run.exited;

    const system = linesOf(run.lines(), 'dynorun');
    const webUp = system.indexOf('web.1 is up');
    const workerStarted = system.findIndex((line) => line.startsWith('worker.1 started'));
    expect(webUp).toBeGreaterThan(-1);
    expect(workerStarted).toBeGreaterThan(webUp);
  });

  it('calls a dyno up when its readiness line appears', async () => {
    const cwd = makeApp({
      Procfile: 'worker: echo booting; sleep 0.5; echo "celery@host ready."; sleep 1000\n',
      'dynorun.yml': "types:\n  worker:\n    readiness: { log: 'celery@\\S+ ready\\.' }\n",
    });
    const run = startCli(['start', '--no-timestamp'], { cwd });
    await run.waitFor(/worker\.1 is up/, 5_000);
    run.child.kill('SIGINT');
    await run.exited;

    const lines = run.lines();
    const ready = lines.findIndex((line) => line.endsWith('celery@host ready.'));
    expect(lines.findIndex((line) => line.endsWith('worker.1 is up'))).toBeGreaterThan(ready);
  });

  it('fails the release when it runs past its timeout', async () => {
    const cwd = makeApp({ Procfile: 'release: sleep 1000\nweb: echo web-ran\n' });
    const result = await runCli(['start', '--no-timestamp', '--release-timeout', '1s'], { cwd });

    expect(result.code).toBe(143);
    expect(result.stdout).toContain(
      'release failed (timed out after 1 s); nothing else will start',
    );
    expect(result.stdout).not.toContain('web-ran');
  });

  it('shows each setting and where it came from in check', async () => {
    const cwd = makeApp({
      Procfile: 'web: x\nworker: y\n',
      'dynorun.yml': 'types:\n  worker:\n    max_instances: 1\n',
    });
    const { stdout } = await runCli(['check', '-t', '10s'], { cwd });
    expect(stdout).toMatch(/^worker +.*max_instances=1 \(line 3\)/m);
    expect(stdout).toMatch(/grace=10s \(flag\)/);

    const refused = await runCli(['start', '-m', 'worker=2'], { cwd });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/formation asks for 2 "worker" dynos, but .*dynorun\.yml:3/);
  });
});

describe('the release environment', () => {
  it("gets the base port, never the shell's PORT", async () => {
    const cwd = makeApp({ Procfile: 'release: echo "release $PORT $DYNO"\nweb: true\n' });
    const result = await runCli([...once, '-p', '6100'], { cwd, env: { PORT: '9999' } });
    expect(linesOf(result.lines, 'release')).toEqual(['release 6100 release.1']);
  });
});
