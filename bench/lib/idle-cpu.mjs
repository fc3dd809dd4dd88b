// CPU dynorun uses while its 5 dynos are quiet: utime + stime from /proc/<pid>/stat before
// and after a window, against an idle Node process watched over the same window.
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { startDynorun, stopAndTime } from './dynorun-run.mjs';
import { CLOCK_TICKS, readStat } from './proc.mjs';
import { baseEnv, exited, signal, track } from './processes.mjs';
import { HarnessError, progress } from './setup.mjs';
import { fixed } from './stats.mjs';

const SETTLE_MS = 1_000;

export async function runIdleCpu(options, tmp) {
  progress(`idle CPU: ${options.idleSeconds} s with 5 quiet dynos`);
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
    const before = [readStat(run.child.pid), readStat(idle.pid)];
    await delay(options.idleSeconds * 1000);
    const after = [readStat(run.child.pid), readStat(idle.pid)];
    if (![...before, ...after].every(Boolean)) {
      throw new HarnessError('idle CPU: dynorun or the idle Node process ended early');
    }
    const ticks = after.map((stat, i) => stat.cpuTicks - before[i].cpuTicks);
    return { seconds: options.idleSeconds, dynorunTicks: ticks[0], nodeTicks: ticks[1] };
  } finally {
    signal(idle.pid, 'SIGKILL');
    await exited(idle);
    await stopAndTime(run);
    progress('');
  }
}

export function idleCpuTargets({ seconds, dynorunTicks, nodeTicks }) {
  const ms = (ticks) => `${fixed((ticks * 1000) / CLOCK_TICKS, 0)} ms`;
  return [
    {
      target: `CPU of dynorun with 5 quiet dynos over ${seconds} s`,
      goal: '0 ms',
      measured: `${ms(dynorunTicks)} (${dynorunTicks} ticks)`,
      baseline: `${ms(nodeTicks)} (idle node)`,
      ratio: '—',
      pass: dynorunTicks === 0,
      note: `clock tick ${fixed(1000 / CLOCK_TICKS, 0)} ms`,
    },
  ];
}
