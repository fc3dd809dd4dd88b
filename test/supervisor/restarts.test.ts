// Exits are restarted with back-off, and the run ends the way the README says.
import { describe, expect, it } from 'vitest';
import { linesOf, makeApp, runCli, startCli } from '../helpers/cli.js';

describe('restarts and exit codes', () => {
  it('backs off a crash loop instead of spinning: at once, then 1 s, then 2 s', async () => {
    const run = startCli(['start', '--no-timestamp'], {
      cwd: makeApp({ Procfile: 'crash: echo "start $(date +%s%N)"; exit 1\n' }),
    });
    await run.waitFor(/restarting in 4 s \(restart 4\)/, 8_000);
    run.child.kill('SIGINT');
    await run.exited;

    const starts = linesOf(run.lines(), 'crash.1').map((line) => Number(line.split(' ')[1]) / 1e6);
    const gaps = starts.slice(1).map((time, i) => time - (starts[i] as number));
    expect(starts.length).toBe(4);
    expect(gaps[0]).toBeLessThan(500);
    expect(gaps[1]).toBeGreaterThan(900);
    expect(gaps[1]).toBeLessThan(1_600);
    expect(gaps[2]).toBeGreaterThan(1_900);
    expect(gaps[2]).toBeLessThan(2_700);
    expect(run.stdout()).toContain('crash.1 restarting now (restart 1)');
    expect(run.stdout()).toContain('crash.1 restarting in 1 s (restart 2)');
  });

  it('exits with the first failing code once nothing will be restarted', async () => {
    const procfile = 'ok: true\nbad: sleep 0.2; exit 4\nworse: sleep 0.4; exit 5\n';
    const result = await runCli(['start', '--no-timestamp', '--restart', 'never'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toContain('bad.1 exited with code 4');
    expect(result.stdout).toContain('bad.1 will not be restarted (restart policy)');
    expect(result.stdout).toContain(
      'no dyno is left running or waiting to restart; nothing to stop',
    );
  });

  it('restarts only failures with --restart on-failure', async () => {
    const procfile = 'ok: echo ok-ran\nbad: echo bad-ran; exit 2\n';
    const result = await runCli(
      ['start', '--no-timestamp', '--restart', 'on-failure', '--max-restarts', '2'],
      { cwd: makeApp({ Procfile: procfile }) },
    );
    expect(result.code).toBe(2);
    expect(linesOf(result.lines, 'ok.1')).toEqual(['ok-ran']);
    expect(linesOf(result.lines, 'bad.1')).toEqual(['bad-ran', 'bad-ran', 'bad-ran']);
    expect(result.stdout).toContain('bad.1 will not be restarted: 2 restarts used up');
  });

  it('stops everything on the first exit with --exit-on-crash and exits with its code', async () => {
    const procfile = 'long: sleep 1000\nshort: sleep 0.3; exit 7\n';
    const result = await runCli(['start', '--no-timestamp', '--exit-on-crash'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('short.1 ended the run; sending SIGTERM to all processes');
    expect(result.stdout).toContain('long.1 exited on SIGTERM');
  });

  it('starts nothing when the release fails, and exits with its code', async () => {
    const procfile = 'release: echo migrating; exit 3\nweb: echo web-ran\n';
    const result = await runCli(['start', '--no-timestamp'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('release failed (exited with code 3); nothing else will start');
    expect(result.stdout).not.toContain('web-ran');
    expect(result.stdout).not.toContain('web.1 started');
  });

  it('runs the release to completion before any dyno starts', async () => {
    const procfile = 'web: echo web-ran\nrelease: sleep 0.3; echo released\n';
    const result = await runCli(['start', '--no-timestamp', '--restart', 'never'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    const order = result.lines.map((line) => line.replace(/^\S+ +\| /, ''));
    const released = order.indexOf('released');
    expect(released).toBeGreaterThan(-1);
    expect(released).toBeLessThan(order.findIndex((line) => line.startsWith('web.1 started')));
    expect(released).toBeLessThan(order.indexOf('web-ran'));
    expect(result.code).toBe(0);
  });

  it('skips the release with --no-release', async () => {
    const procfile = 'release: echo released\nweb: echo web-ran\n';
    const result = await runCli(['start', '--no-timestamp', '--no-release', '--restart', 'never'], {
      cwd: makeApp({ Procfile: procfile }),
    });
    expect(result.stdout).not.toContain('released');
    expect(result.stdout).toContain('web-ran');
  });

  it('reports a dyno the kernel refuses to start, without a stack trace', async () => {
    const huge = Array.from({ length: 25 }, (_, i) => `V${i}=${'x'.repeat(120_000)}`).join('\n');
    const withEnv = await runCli(
      ['start', '--no-timestamp', '--restart', 'never', '-e', 'big.env'],
      { cwd: makeApp({ Procfile: 'a: echo a-ran\n', 'big.env': `${huge}\n` }) },
    );

    expect(withEnv.code).toBe(127);
    expect(withEnv.stdout).toContain('a.1 could not start: spawn E2BIG');
    expect(withEnv.stderr).toBe('');
  });
});
