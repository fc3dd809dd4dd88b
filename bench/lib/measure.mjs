// Runs one command under GNU time with its stdout to a file, and measures the tool's own
// process (not its children) when it is a Node program: CPU time and peak RSS from the
// rusage hook, cross-checked by sampling /proc.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { readTimeReport, timeArgs } from './gnu-time.mjs';
import { CLOCK_TICKS, childrenOf, readMemory, readStat } from './proc.mjs';
import { baseEnv, exited, setTimeoutUnref, signal, track } from './processes.mjs';
import { HarnessError, HOOK_URL, shebangOptions } from './setup.mjs';

const SAMPLE_MS = 20;
const RUN_TIMEOUT_MS = 180_000;

/** argv of a Node script with the rusage hook preloaded, for its own CPU and peak RSS. */
export function nodeHooked(script) {
  return [process.execPath, ...shebangOptions(script), '--import', HOOK_URL, script];
}

/**
 * Runs argv under `time -v` with stdout to `outPath` (or ignored). Returns the wall time from
 * spawn to exit, GNU time's totals (the command and every child it waited for), and, when
 * `hooked`, the tool process's own usage from the rusage hook and from /proc samples.
 */
export async function measure({ argv, cwd, outPath, hooked = false, tmp }) {
  const timeFile = join(tmp, 'time.txt');
  const rusageFile = join(tmp, 'rusage.json');
  rmSync(timeFile, { force: true });
  rmSync(rusageFile, { force: true });
  const out = outPath ? openSync(outPath, 'w') : 'ignore';
  const started = performance.now();
  const child = spawn(timeArgs(timeFile)[0], [...timeArgs(timeFile).slice(1), ...argv], {
    cwd,
    env: baseEnv({ DYNORUN_BENCH_RUSAGE: rusageFile }),
    stdio: ['ignore', out, 'pipe'],
    detached: true,
  });
  if (out !== 'ignore') closeSync(out);
  track(child, true);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    if (stderr.length < 20_000) stderr += text;
  });

  const sampler = hooked ? sampleChild(child.pid) : undefined;
  const watchdog = setTimeoutUnref(() => stopRunaway(child.pid), RUN_TIMEOUT_MS);
  const { code, signal: bySignal } = await exited(child);
  const wallS = (performance.now() - started) / 1000;
  clearTimeout(watchdog);
  sampler?.stop();

  if (bySignal || code === null) {
    throw new HarnessError(`${argv.join(' ')} was killed by ${bySignal}\n${stderr}`);
  }
  return {
    code,
    wallS,
    stderr,
    total: readTimeReport(timeFile),
    self: hooked ? readRusage(rusageFile) : undefined,
    sampled: sampler?.last(),
  };
}

// A run that hangs: SIGTERM to the process group the harness gave it (the tool stops the
// dynos it put in groups of their own), SIGKILL to that group 10 s later.
function stopRunaway(pid) {
  console.error(`\nharness: a run took over ${RUN_TIMEOUT_MS / 1000} s; stopping group ${pid}`);
  signal(-pid, 'SIGTERM');
  setTimeoutUnref(() => signal(-pid, 'SIGKILL'), 10_000);
}

function readRusage(path) {
  if (!existsSync(path)) return undefined;
  const record = JSON.parse(readFileSync(path, 'utf8'));
  return {
    cpuS: (record.userMicros + record.systemMicros) / 1e6,
    maxRssMB: record.maxRssKiB / 1024,
  };
}

// The process GNU time started is the tool; sample its own utime + stime and VmHWM, keeping
// the last values read before it exited.
function sampleChild(timePid) {
  let pid;
  let last;
  const read = () => {
    pid ??= childrenOf(timePid)[0];
    if (pid === undefined) return;
    const stat = readStat(pid);
    const memory = readMemory(pid);
    if (stat && memory) last = { cpuS: stat.cpuTicks / CLOCK_TICKS, maxRssMB: memory.peakMB };
  };
  const timer = setInterval(read, SAMPLE_MS);
  read();
  return { stop: () => clearInterval(timer), last: () => last };
}
