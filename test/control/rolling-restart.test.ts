// A rolling restart never leaves a type with several dynos without one up: each new
// process is up before the next old one is stopped, and a second restart of the same
// type waits for the first instead of running across it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROCESSES } from '../helpers/cli.js';
import { accepts, byName, dynorun, killFormations, ps, startFormation } from './control-helpers.js';

afterEach(killFormations);

// Each new process takes 300 ms to listen, so a gap would be seen.
const PROCFILE = `web: node ${PROCESSES}/listen.mjs 300\n`;

// Samples how many of `ports` accept, and the states ps gives, until `work` is done.
async function sampleDuring<T>(cwd: string, ports: number[], work: () => Promise<T>) {
  const samples: number[] = [];
  const psStates: string[][] = [];
  let working = true;
  const sampleSockets = async () => {
    while (working) {
      const open = await Promise.all(ports.map(accepts));
      samples.push(open.filter(Boolean).length);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const samplePs = async () => {
    while (working) psStates.push((await ps(cwd)).map((dyno) => dyno.state));
  };
  const sampling = Promise.all([sampleSockets(), samplePs()]);
  const result = await work();
  working = false;
  await sampling;
  return { result, samples, psStates };
}

function expectNeverNoneUp({ samples, psStates }: { samples: number[]; psStates: string[][] }) {
  expect(samples.length).toBeGreaterThan(20);
  expect(Math.min(...samples)).toBeGreaterThanOrEqual(1);
  for (const states of psStates) expect(states).toContain('up');
}

describe('dynorun restart web with web=2', () => {
  it('replaces the dynos one at a time, always keeping one listening', async () => {
    const { run, cwd } = startFormation({ Procfile: PROCFILE }, ['-m', 'web=2', '-p', '48300']);
    await run.waitFor(/web\.2 is up/);
    const before = await ps(cwd);

    const started = Date.now();
    const sampled = await sampleDuring(cwd, [48300, 48301], () => dynorun(cwd, ['restart', 'web']));
    const tookMs = Date.now() - started;

    expect(sampled.result.code).toBe(0);
    expect(sampled.result.stdout).toMatch(/^web\.1 restarted: .*\nweb\.2 restarted: .*\n$/);
    expectNeverNoneUp(sampled);
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
    console.log(`rolling restart of web=2: ${tookMs} ms, ${sampled.samples.length} socket samples`);
  });

  it('runs a second restart given meanwhile after the first, never with none up', async () => {
    const { run, cwd } = startFormation({ Procfile: PROCFILE }, ['-m', 'web=2', '-p', '48310']);
    await run.waitFor(/web\.2 is up/);
    const before = await ps(cwd);

    const sampled = await sampleDuring(cwd, [48310, 48311], () =>
      Promise.all([dynorun(cwd, ['restart', 'web']), dynorun(cwd, ['restart', 'web'])]),
    );

    expectNeverNoneUp(sampled);
    const pids = sampled.result.map((result) => {
      expect(result.stderr).toMatch(
        /^(dynorun: waiting for 'dynorun restart web' to finish first\n)?$/,
      );
      expect(result.code).toBe(0);
      const restarted = [...result.stdout.matchAll(/^(web\.\d) restarted: pid (\d+) → (\d+),/gm)];
      expect(restarted.map((match) => match[1])).toEqual(['web.1', 'web.2']);
      return restarted.map((match) => ({ old: Number(match[2]), new: Number(match[3]) }));
    });
    // One restart replaced the processes the other had started: they ran one after the other.
    const [first, second] = before
      .map((dyno) => dyno.pid)
      .every((pid, i) => pids[0]?.[i]?.old === pid)
      ? pids
      : [pids[1], pids[0]];
    expect(first?.map((pid) => pid.old)).toEqual(before.map((dyno) => dyno.pid));
    expect(second?.map((pid) => pid.old)).toEqual(first?.map((pid) => pid.new));
    expect(run.lines().filter((line) => line.includes('restarting web on request'))).toHaveLength(
      2,
    );
  });
});

// A shutdown during a restart signals the dyno being replaced no second time: it waits for
// that stop, and starts no replacement.
describe('Ctrl-C during dynorun restart', () => {
  const cases = [
    { target: 'worker.1', formation: 'worker=1', dynos: ['worker.1'] },
    { target: 'worker', formation: 'worker=2', dynos: ['worker.1', 'worker.2'] },
  ];

  it.each(cases)('restart $target: one SIGTERM each, no new process', async (when) => {
    const procfile = `worker: sh ${PROCESSES}/count-term.sh $DYNO\n`;
    const { run, cwd } = startFormation({ Procfile: procfile }, ['-m', when.formation, '-t', '5']);
    for (const dyno of when.dynos) await run.waitFor(new RegExp(`${dyno} ready`));

    const restart = dynorun(cwd, ['restart', when.target]);
    await run.waitFor(/worker\.1 TERM 1/);
    run.child.kill('SIGINT');
    const [{ code }, answer] = await Promise.all([run.exited, restart]);

    expect(code).toBe(130);
    const names = when.dynos.join(', ');
    expect(answer.stderr).toBe(
      `dynorun: the formation is shutting down; not restarted: ${names}\n`,
    );
    expect(answer.code).toBe(1);
    const terms = run.lines().flatMap((line) => line.match(/\| (\S+ TERM \d+)$/)?.[1] ?? []);
    expect(terms.sort()).toEqual(when.dynos.map((dyno) => `${dyno} TERM 1`));
    const started = run.lines().filter((line) => line.includes(' started with pid '));
    expect(started).toHaveLength(when.dynos.length);
  });
});

// A replacement starts once the old process's whole tree is gone: it may hold the PORT, and
// the end of its grace period used to SIGKILL the new process too, which carries its tag.
it('starts the replacement once what the old process left has exited', async () => {
  const daemon = `trap "sleep 1; echo gone > daemon.log; exit 0" TERM; while :; do sleep 0.1; done`;
  const procfile = `worker: setsid sh -c '${daemon}' >/dev/null 2>&1 & exec sleep 1000\n`;
  const { run, cwd } = startFormation({ Procfile: procfile }, ['-t', '3']);
  await run.waitFor(/worker\.1 is up/);

  const result = await dynorun(cwd, ['restart', 'worker.1']);

  expect(result.code).toBe(0);
  expect(readFileSync(join(cwd, 'daemon.log'), 'utf8')).toBe('gone\n');
  expect(byName(await ps(cwd), 'worker.1').state).toBe('up');
});
