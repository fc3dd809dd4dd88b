// Start-up: time from launching until a first line from each of 5 dynos has arrived, through
// dynorun and with the same `sh -c` commands spawned directly: from this (running) harness,
// and from a minimal Node launcher started cold like dynorun.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startDynorun, stopAndTime } from './dynorun-run.mjs';
import { allGone, countOf, exited, signal, startWatched } from './processes.mjs';
import { FIXTURES, progress } from './setup.mjs';
import { fixed, median, spread } from './stats.mjs';

const TARGET_RATIO = 1.5;
const TYPES = [1, 2, 3, 4, 5].map((n) => `t${n}`);
const command = (type) => `echo first line from ${type}; exec sleep 1000`;
const FIRST = /first line from t\d$/;

export async function runFirstLine(options, tmp) {
  const runs = { dynorun: [], direct: [], launcher: [] };
  const procfile = TYPES.map((type) => `${type}: ${command(type)}\n`).join('');
  for (let i = 0; i < options.firstLineRuns; i++) {
    progress(`first lines: run ${i + 1}`);
    runs.direct.push(await direct());
    runs.launcher.push(await launcher());
    const started = performance.now();
    const run = await startDynorun({
      tmp,
      name: `first-${i}`,
      procfile,
      args: ['-p', '22500'],
      dynos: 0,
    });
    await run.waitFor((lines) => countOf(lines, FIRST) >= 5, 'first lines through dynorun');
    runs.dynorun.push(performance.now() - started);
    await stopAndTime(run);
  }
  progress('');
  return runs;
}

async function direct() {
  const started = performance.now();
  const children = TYPES.map((type) =>
    startWatched(['/bin/sh', '-c', command(type)], { detached: true }),
  );
  await Promise.all(children.map((c) => c.waitFor((lines) => lines.length > 0, 'first line')));
  const ms = performance.now() - started;
  for (const c of children) signal(-c.child.pid, 'SIGTERM');
  await allGone(children.map((c) => c.child.pid));
  return ms;
}

async function launcher() {
  const started = performance.now();
  const argv = [process.execPath, join(FIXTURES, 'launcher.mjs'), ...TYPES.map(command)];
  const run = startWatched(argv);
  await run.waitFor((lines) => countOf(lines, FIRST) >= 5, 'first lines through the launcher');
  const ms = performance.now() - started;
  signal(run.child.pid, 'SIGTERM');
  await exited(run.child);
  return ms;
}

export function firstLineTargets(runs) {
  const of = (name) => median(runs[name]);
  const row = (name, label) => ({
    target: `first line from each of 5 dynos, vs ${label}`,
    goal: `≤ ${TARGET_RATIO}×`,
    measured: `${fixed(of('dynorun'), 1)} ms (${spread(runs.dynorun, 0)})`,
    baseline: `${fixed(of(name), 1)} ms`,
    ratio: fixed(of('dynorun') / of(name), 2),
    pass: of('dynorun') / of(name) <= TARGET_RATIO,
  });
  return [
    row('direct', 'the `sh -c` commands spawned directly'),
    row('launcher', 'a minimal Node launcher (Node start-up on both sides)'),
  ];
}
