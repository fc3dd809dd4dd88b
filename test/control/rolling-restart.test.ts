// A rolling restart never leaves a type with several dynos without one up: each new
// process is up before the next old one is stopped.
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES } from '../helpers/cli.js';
import { accepts, byName, dynorun, killFormations, ps, startFormation } from './control-helpers.js';

afterEach(killFormations);

describe('dynorun restart web with web=2', () => {
  it('replaces the dynos one at a time, always keeping one listening', async () => {
    // Each new process takes 300 ms to listen, so a gap would be seen.
    const procfile = `web: node ${PROCESSES}/listen.mjs 300\n`;
    const { run, cwd } = startFormation({ Procfile: procfile }, ['-m', 'web=2', '-p', '48300']);
    await run.waitFor(/web\.2 is up/);
    const before = await ps(cwd);

    const samples: number[] = [];
    const psStates: string[][] = [];
    let restarting = true;
    const sampleSockets = async () => {
      while (restarting) {
        const open = await Promise.all([accepts(48300), accepts(48301)]);
        samples.push(open.filter(Boolean).length);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const samplePs = async () => {
      while (restarting) psStates.push((await ps(cwd)).map((dyno) => dyno.state));
    };
    const sampling = Promise.all([sampleSockets(), samplePs()]);
    const started = Date.now();
    const result = await dynorun(cwd, ['restart', 'web']);
    const tookMs = Date.now() - started;
    restarting = false;
    await sampling;

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^web\.1 restarted: .*\nweb\.2 restarted: .*\n$/);
    expect(samples.length).toBeGreaterThan(20);
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);
    for (const states of psStates) expect(states).toContain('up');

    const after = await ps(cwd);
    for (const name of ['web.1', 'web.2']) {
      expect(byName(after, name).pid).not.toBe(byName(before, name).pid);
    }
    // web.2 got its stop signal only once web.1's new process was up.
    const lines = run.lines();
    const web1Up = lines.findLastIndex((line) => line.endsWith('web.1 is up'));
    expect(web1Up).toBeLessThan(
      lines.findIndex((line) => line.endsWith('sending SIGTERM to web.2')),
    );
    // Two replacements of about 300 ms each, not a grace period.
    expect(tookMs).toBeLessThan(5_000);
    console.log(`rolling restart of web=2: ${tookMs} ms, ${samples.length} socket samples`);
  });
});
