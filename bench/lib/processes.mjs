// Starting processes for a measurement, watching their output line by line, and making sure
// nothing the harness started outlives it.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { HarnessError } from './setup.mjs';
import { isAlive } from './proc.mjs';

// Processes this harness started and has not seen exit: pid -> whether it leads its own
// process group (then a stop reaches everything it started).
const live = new Map();

export function baseEnv(extra = {}) {
  const env = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return env;
}

export function track(child, leadsGroup = false) {
  live.set(child.pid, leadsGroup);
  child.once('exit', () => live.delete(child.pid));
  return child;
}

export function exited(child) {
  return new Promise((resolveExit, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolveExit({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
}

export function signal(pid, name) {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** SIGKILL to everything the harness still has running: on a harness failure or Ctrl-C. */
export function stopLive() {
  for (const [pid, leadsGroup] of live) signal(leadsGroup ? -pid : pid, 'SIGKILL');
}

export function setTimeoutUnref(fn, ms) {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return timer;
}

/**
 * Spawns argv with stdout piped and split into lines. `onLine(line, at)` sees each line with
 * the time (performance.now()) its chunk arrived.
 */
export function startWatched(argv, { cwd, env = baseEnv(), onLine, detached = false } = {}) {
  const child = track(
    spawn(argv[0], argv.slice(1), { cwd, env, detached, stdio: ['ignore', 'pipe', 'pipe'] }),
    detached,
  );
  const lines = [];
  const waiters = new Set();
  let carry = '';
  let stderr = '';
  child.stdout.setEncoding('latin1');
  child.stdout.on('data', (chunk) => {
    const at = performance.now();
    const parts = (carry + chunk).split('\n');
    carry = parts.pop();
    for (const line of parts) {
      lines.push(line);
      onLine?.(line, at);
    }
    for (const check of waiters) check();
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    if (stderr.length < 20_000) stderr += text;
  });
  const gone = exited(child);
  gone.then(() => waiters.forEach((check) => check()));

  // Resolves once `done(lines)` is true; fails after `timeoutMs` or when the process ends.
  const waitFor = (done, what, timeoutMs = 30_000) =>
    new Promise((resolveWait, reject) => {
      const finish = (error) => {
        waiters.delete(check);
        clearTimeout(timer);
        if (error) reject(error);
        else resolveWait();
      };
      const fail = (why) =>
        new HarnessError(`${what}: ${why}\n${lines.slice(-20).join('\n')}\n${stderr}`);
      const check = () => {
        if (done(lines)) finish();
        else if (child.exitCode !== null || child.signalCode !== null) {
          finish(fail('the process ended first'));
        }
      };
      const timer = setTimeoutUnref(() => finish(fail(`not within ${timeoutMs} ms`)), timeoutMs);
      waiters.add(check);
      check();
    });
  return { child, lines, waitFor, gone, stderr: () => stderr };
}

/** Count of lines matching `pattern`, for waitFor. */
export function countOf(lines, pattern) {
  let n = 0;
  for (const line of lines) if (pattern.test(line)) n++;
  return n;
}

/**
 * Polls every pid until none is alive (zombies count as gone); resolves with the time
 * (performance.now()) the last one was seen gone. Fails after `timeoutMs`.
 */
export async function allGone(pids, timeoutMs = 30_000) {
  const deadline = performance.now() + timeoutMs;
  let left = pids;
  for (;;) {
    left = left.filter(isAlive);
    const now = performance.now();
    if (left.length === 0) return now;
    if (now > deadline) throw new HarnessError(`still alive after ${timeoutMs} ms: ${left}`);
    await delay(1);
  }
}
