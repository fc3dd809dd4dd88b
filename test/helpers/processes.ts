// Looks at the whole process table, not only at pids dynorun remembers.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** Live (not zombie) processes whose environment contains `marker` (NAME=value). */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (state(pid) === 'Z') continue;
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (environ.includes(marker)) found.push(pid);
    } catch {
      // gone while we looked
    }
  }
  return found;
}

export function isAlive(pid: number): boolean {
  try {
    return state(pid) !== 'Z';
  } catch {
    return false;
  }
}

function state(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Polls until `check` is true; fails with `describe()` after the deadline. */
export async function eventually(
  check: () => boolean,
  describe: () => string,
  timeoutMs = 5_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Kills leftovers of a failed test, by pid. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A fresh `NAME=value` marker and the environment that gives it to a run and its dynos. */
export function runMarker(): { marker: string; env: NodeJS.ProcessEnv } {
  const value = randomUUID();
  return { marker: `DYNORUN_TEST_RUN=${value}`, env: { DYNORUN_TEST_RUN: value } };
}
