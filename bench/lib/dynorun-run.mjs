// One `dynorun start` in a directory of its own, marked so that every process it starts can
// be found in /proc, and the time its stop takes until all of them are gone.
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pidsWithMarker, processesOfRun } from './proc.mjs';
import { allGone, baseEnv, countOf, signal, startWatched } from './processes.mjs';
import { dynorunArgv } from './setup.mjs';

const MARKER = 'DYNORUN_BENCH_RUN';
export const STARTED = /^dynorun +\| \S+ started with pid \d+/;

/**
 * Starts dynorun on `procfile` (its text) in `tmp/name`, with a marker in its environment
 * that every dyno inherits. Resolves once `dynos` dynos have started.
 */
export async function startDynorun({ tmp, name, procfile, args = [], dynos, onLine }) {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Procfile'), procfile);
  const marker = `${MARKER}=${randomUUID()}`;
  const argv = dynorunArgv('start', '--no-timestamp', ...args);
  const env = baseEnv({ [MARKER]: marker.slice(MARKER.length + 1) });
  const run = startWatched(argv, { cwd: dir, env, onLine });
  await run.waitFor((lines) => countOf(lines, STARTED) >= dynos, `${name}: ${dynos} dynos`);
  return { ...run, marker, started: performance.now() };
}

/**
 * Sends `signalName` to dynorun and times until every process of the run (dynorun, every
 * dyno process, the watchdog) is gone; then scans the whole process table for anything
 * still carrying the run's marker, and kills it.
 */
export async function stopAndTime(run, signalName = 'SIGINT', timeoutMs = 60_000) {
  const pids = processesOfRun(run.child.pid, run.marker);
  const sent = performance.now();
  signal(run.child.pid, signalName);
  const goneAt = await allGone(pids, timeoutMs);
  const { code, signal: bySignal } = await run.gone;
  const leftovers = pidsWithMarker(run.marker);
  for (const pid of leftovers) signal(pid, 'SIGKILL');
  return { ms: goneAt - sent, code: bySignal ?? code, leftovers: leftovers.length };
}
