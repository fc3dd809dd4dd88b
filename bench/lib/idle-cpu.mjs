// CPU dynorun uses while its 5 dynos are quiet: utime + stime from /proc/<pid>/stat before
// and after each of two windows, one right after start-up and the next, against an idle
// Node process watched over the same windows. V8's memory reducer runs a full GC or two some
// seconds after start-up, so the first window may see CPU the second does not.
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { startDynorun, stopAndTime } from './dynorun-run.mjs';
import { CLOCK_TICKS, readStat } from './proc.mjs';
import { baseEnv, exited, signal, track } from './processes.mjs';
import { HarnessError, progress } from './setup.mjs';
import { fixed } from './stats.mjs';

const SETTLE_MS = 1_000;

export async function runIdleCpu(options, tmp) {
  progress(`idle CPU: 2 × ${options.idleSeconds} s with 5 quiet dynos`);
  const procfile = [1, 2, 3, 4, 5].map((n) => `q${n}: sleep 1000\n`).join('');
  const run = await startDynorun({ tmp, name: 'idle', procfile, dynos: 5 });
  const idle = track(
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], {
      env: baseEnv(),
      stdio: 'ignore',
    }),
  );
  try {
    await delay(SETTLE_MS);
    const samples = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await delay(options.idleSeconds * 1000);
      samples.push([readStat(run.child.pid), readStat(idle.pid)]);
    }
    if (!samples.flat().every(Boolean)) {
      throw new HarnessError('idle CPU: dynorun or the idle Node process ended early');
    }
    const windows = [1, 2].map((i) =>
      samples[i].map((stat, which) => stat.cpuTicks - samples[i - 1][which].cpuTicks),
    );
    return { seconds: options.idleSeconds, windows };
  } finally {
    signal(idle.pid, 'SIGKILL');
    await exited(idle);
    await stopAndTime(run);
    progress('');
  }
}

export function idleCpuTargets({ seconds, windows }) {
  const ms = (ticks) => `${fixed((ticks * 1000) / CLOCK_TICKS, 0)} ms`;
  const when = [`${SETTLE_MS / 1000}–${1 + seconds} s`, `${1 + seconds}–${1 + 2 * seconds} s`];
  return windows.map(([dynorunTicks, nodeTicks], i) => ({
    target: `CPU of dynorun, 5 quiet dynos, ${when[i]} after start`,
    goal: '0 ms',
    measured: `${ms(dynorunTicks)} (${dynorunTicks} ticks)`,
    baseline: `${ms(nodeTicks)} (idle node)`,
    ratio: '—',
    pass: dynorunTicks === 0,
    note: i === 0 ? `one clock tick is ${fixed(1000 / CLOCK_TICKS, 0)} ms` : undefined,
  }));
}
