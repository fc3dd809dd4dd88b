// Stop time: from `kill -INT <dynorun>` until every process of the run is gone, with dynos
// that exit on SIGTERM (against the same commands signalled directly), and with one that
// ignores SIGTERM under `-t 2`.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { startDynorun, stopAndTime } from './dynorun-run.mjs';
import { allGone, baseEnv, countOf, signal, track } from './processes.mjs';
import { progress } from './setup.mjs';
import { fixed, median, spread } from './stats.mjs';

const TARGET_PROMPT_MS = 50;
const GRACE_S = 2;
const TOLERANCE_MS = 100;
const SETTLE_MS = 300; // let start-up work finish: measure a steady supervisor
const QUIET = [1, 2, 3, 4, 5].map((n) => `sleep 1000${n}`);
const STUBBORN = `trap '' TERM; echo ignoring TERM; while :; do sleep 1; done`;

export async function runStopTime(options, tmp) {
  const prompt = [];
  const direct = [];
  const stubborn = [];
  for (let i = 0; i < options.stopRuns; i++) {
    progress(`stop time: run ${i + 1}`);
    direct.push(await stopDirectly(QUIET));
    const procfile = QUIET.map((command, n) => `q${n + 1}: ${command}\n`).join('');
    const run = await startDynorun({ tmp, name: `stop-${i}`, procfile, dynos: 5 });
    await delay(SETTLE_MS);
    prompt.push(await stopAndTime(run));
  }
  for (let i = 0; i < options.stubbornRuns; i++) {
    progress(`stop time with a dyno ignoring SIGTERM: run ${i + 1}`);
    const procfile =
      `${QUIET.slice(0, 4)
        .map((c, n) => `q${n + 1}: ${c}\n`)
        .join('')}` + `stubborn: ${STUBBORN}\n`;
    const args = ['-t', String(GRACE_S)];
    const run = await startDynorun({ tmp, name: `stubborn-${i}`, procfile, args, dynos: 5 });
    await run.waitFor((lines) => countOf(lines, /ignoring TERM/) > 0, 'the stubborn dyno');
    await delay(SETTLE_MS);
    stubborn.push(await stopAndTime(run));
  }
  progress('');
  return { prompt, direct, stubborn };
}

// The floor: the same commands spawned here, each leading its group, SIGTERM to each group.
async function stopDirectly(commands) {
  const children = commands.map((command) =>
    track(
      spawn('/bin/sh', ['-c', command], { detached: true, stdio: 'ignore', env: baseEnv() }),
      true,
    ),
  );
  await delay(SETTLE_MS);
  const sent = performance.now();
  for (const child of children) signal(-child.pid, 'SIGTERM');
  return { ms: (await allGone(children.map((child) => child.pid))) - sent, leftovers: 0 };
}

export function stopTargets({ prompt, direct, stubborn }) {
  const ms = median(prompt.map((r) => r.ms));
  const floor = median(direct.map((r) => r.ms));
  const slow = stubborn.map((r) => r.ms);
  const left = (runs) => runs.reduce((sum, r) => sum + r.leftovers, 0);
  const within = slow.every((t) => Math.abs(t - GRACE_S * 1000) <= TOLERANCE_MS);
  return [
    {
      target: 'stop, 5 dynos exiting on SIGTERM: kill -INT → all gone',
      goal: `≤ ${TARGET_PROMPT_MS} ms`,
      measured: `${fixed(ms, 1)} ms (${spread(
        prompt.map((r) => r.ms),
        0,
      )})`,
      baseline: `${fixed(floor, 1)} ms (SIGTERM to the 5 directly)`,
      ratio: fixed(ms / floor, 1),
      pass: ms <= TARGET_PROMPT_MS && left(prompt) === 0,
      note: `${left(prompt)} left behind; exit ${[...new Set(prompt.map((r) => r.code))]}`,
    },
    {
      target: `stop, one dyno ignoring SIGTERM, -t ${GRACE_S}: all gone (every run)`,
      goal: `${GRACE_S * 1000} ± ${TOLERANCE_MS} ms`,
      measured: `${fixed(median(slow), 0)} ms (${spread(slow, 0)})`,
      baseline: `${GRACE_S * 1000} ms (the grace period)`,
      ratio: fixed(median(slow) / (GRACE_S * 1000), 3),
      pass: within && left(stubborn) === 0,
      note: `${left(stubborn)} left behind`,
    },
  ];
}
