// If dynorun itself dies without stopping its dynos (SIGKILL, a crash, the OOM killer), a
// watchdog process stops them. It is a tiny shell, started in its own process group and
// session (so the terminal's Ctrl-C does not reach it), whose stdin is a pipe that only
// dynorun holds open. The kernel closes that pipe whenever dynorun exits, however it exits;
// the watchdog's `read` then returns, and it sends SIGTERM to every process that carries
// this run's DYNORUN_TAG, waits up to a second, and SIGKILLs what is left. After a clean
// stop dynorun writes a line first, and the watchdog exits without looking.
//
// It finds processes through /proc/<pid>/environ, like kill-tree.ts, so on systems without
// /proc it finds nothing; a process that cleared its environment is not found either.
import { spawn } from 'node:child_process';
import { TAG_VARIABLE } from './process-table.js';
import { settlesWithin } from './wait.js';

// A line on stdin means dynorun stopped everything itself; end of file without one means it
// died.
const SCRIPT = `
read line && exit 0
tagged() {
  grep -laE "${TAG_VARIABLE}=$1[.-]" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3
}
pids=$(tagged "$1")
[ -n "$pids" ] || exit 0
kill -TERM $pids 2>/dev/null
for _ in 1 2 3 4 5 6 7 8 9 10; do
  sleep 0.1
  pids=$(tagged "$1")
  [ -n "$pids" ] || exit 0
done
kill -KILL $pids 2>/dev/null
`;

export interface WatchdogOptions {
  /** Called once if the watchdog exits before `release` (it was killed): `pid` was its. */
  onGone?: (pid: number) => void;
}

export interface Watchdog {
  /** After a clean stop: tells the watchdog there is nothing to do, and waits for it to exit. */
  release(): Promise<void>;
}

/**
 * Starts the watchdog for a run whose processes are tagged `<runId>.<dyno>` (a formation's
 * dynos, a one-off's `<runId>.run`) or `<runId>-alert` (its alert commands).
 */
export function startWatchdog(runId: string, options: WatchdogOptions = {}): Watchdog {
  if (process.platform !== 'linux') return { release: async () => {} };
  const watchdog = spawn('/bin/sh', ['-c', SCRIPT, 'dynorun-watchdog', runId], {
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  let released = false;
  const exited = new Promise<void>((resolve) => {
    watchdog.once('exit', () => {
      if (!released && watchdog.pid !== undefined) options.onGone?.(watchdog.pid);
      resolve();
    });
    watchdog.once('error', () => resolve()); // no watchdog: every other exit path still works
  });
  // Neither the watchdog nor its pipe keeps dynorun's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void }).unref?.();

  return {
    async release() {
      released = true;
      watchdog.stdin.end('stopped\n');
      await settlesWithin(exited, 2_000);
    },
  };
}
