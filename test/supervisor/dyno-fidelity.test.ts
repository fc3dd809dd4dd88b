// Heroku's dyno manager lines appear exactly when Heroku would emit them.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { linesOf, makeApp, PROCESSES, startCli } from '../helpers/cli.js';
import { killAll, processesWithMarker } from '../helpers/processes.js';

let marker = '';
afterEach(() => killAll(processesWithMarker(marker)));

function start(files: Record<string, string>, args: string[]) {
  marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
  const [name, value] = marker.split('=') as [string, string];
  const cwd = makeApp(files);
  return startCli(['start', '--no-timestamp', ...args], { cwd, env: { [name]: value } });
}

describe('boot timeout (R10)', () => {
  it('kills a web process that never binds its port, then restarts it', async () => {
    const run = start({ Procfile: 'web: echo booting; sleep 1000\n' }, ['--boot-timeout', '1s']);
    await run.waitFor(/web\.1 restarting now \(restart 1\)/, 5_000);
    run.child.kill('SIGINT');
    await run.exited;

    const system = linesOf(run.lines(), 'dynorun');
    expect(system).toContain(
      'web.1 did not bind to $PORT (5000) within 1 s (R10 boot timeout); killing it',
    );
    expect(system).toContain('web.1 exited on SIGKILL');
    expect(system).not.toContain('web.1 is up');
  });

  it('calls web up only once its process tree listens on PORT', async () => {
    const run = start({ Procfile: `web: node ${PROCESSES}/listen.mjs 700\n` }, ['-p', '47310']);
    const started = Date.now();
    await run.waitFor(/web\.1 is up/, 5_000);

    // The process prints its line after it listens, so the two may come in either order.
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    await run.waitFor(/listening on 47310/);
    const lines = run.lines();
    const spawned = lines.findIndex((line) => line.includes('web.1 started'));
    const up = lines.findIndex((line) => line.includes('web.1 is up'));
    expect(up).toBeGreaterThan(spawned);
    run.child.kill('SIGINT');
    await run.exited;
  });

  it('prints the Heroku lines with --format heroku', async () => {
    const run = start({ Procfile: 'web: sleep 1000\n' }, [
      '--format',
      'heroku',
      '--boot-timeout',
      '1s',
      '--restart',
      'never',
    ]);
    await run.exited;
    const text = run.stdout();

    expect(text).toMatch(/^\S+ heroku\[web\.1\]: Starting process with command `sleep 1000`$/m);
    expect(text).toMatch(
      /heroku\[web\.1\]: Error R10 \(Boot timeout\) -> Web process failed to bind to \$PORT within 1 seconds? of launch/,
    );
    expect(text).toMatch(/heroku\[web\.1\]: State changed from starting to crashed/);
  });
});

describe('exit timeout (R12)', () => {
  it('logs R12 before SIGKILL for a process that ignores SIGTERM', async () => {
    const run = start({ Procfile: `web: sh ${PROCESSES}/ignore-term.sh\n` }, [
      '--format',
      'heroku',
      '-t',
      '1',
      '--boot-timeout',
      '60s',
    ]);
    await run.waitFor(/ignoring TERM/);
    run.child.kill('SIGTERM');
    await run.exited;
    const text = run.stdout();

    const stopping = text.indexOf('heroku[web.1]: Stopping all processes with SIGTERM');
    const r12 = text.indexOf('heroku[web.1]: Error R12 (Exit timeout)');
    const kill = text.indexOf('heroku[web.1]: Stopping remaining processes with SIGKILL');
    expect(stopping).toBeGreaterThan(-1);
    expect(r12).toBeGreaterThan(stopping);
    expect(kill).toBeGreaterThan(r12);
    expect(processesWithMarker(marker)).toEqual([]);
  });
});

describe('memory quota (R14, R15)', () => {
  it('warns over the quota and kills and restarts over twice the quota', async () => {
    const run = start({ Procfile: `hog: node ${PROCESSES}/grow-memory.mjs 16 400\n` }, [
      '--memory-quota',
      '96M',
      '--metrics-interval',
      '100ms',
    ]);
    await run.waitFor(/hog\.1 restarting/, 15_000);
    run.child.kill('SIGINT');
    await run.exited;

    const system = linesOf(run.lines(), 'dynorun');
    const r14 = system.findIndex((line) => /over its 96\.0 MiB quota \(R14/.test(line));
    const r15 = system.findIndex((line) => /over twice its 96\.0 MiB quota \(R15\)/.test(line));
    expect(r14).toBeGreaterThan(-1);
    expect(r15).toBeGreaterThan(r14);
    expect(system[r15 + 1]).toBe('hog.1 exited on SIGKILL');
  });
});

describe('cycling', () => {
  it('replaces a dyno after its cycle period and logs Cycling', async () => {
    const run = start({ Procfile: 'worker: echo "pid $$"; sleep 1000\n' }, [
      '--cycle',
      '1s',
      '--format',
      'heroku',
    ]);
    await run.waitFor(/heroku\[worker\.1\]: Cycling/, 5_000);
    await run.waitFor(/app\[worker\.1\]: pid \d+[\s\S]*app\[worker\.1\]: pid \d+/, 5_000);
    run.child.kill('SIGINT');
    await run.exited;

    const pids = [...run.stdout().matchAll(/app\[worker\.1\]: pid (\d+)/g)].map((m) => m[1]);
    expect(new Set(pids).size).toBeGreaterThanOrEqual(2);
    expect(run.stdout()).not.toMatch(/State changed from up to crashed/);
  });
});
