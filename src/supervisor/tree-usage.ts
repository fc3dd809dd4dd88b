// CPU and memory of whole process trees, for `dynorun ps`.
//
// CPU % is measured when asked, not kept by a timer: the utime + stime of every process
// of each tree is read from /proc/<pid>/stat twice, `windowMs` apart, and the difference
// is divided by the window. 100 % is one core busy, so a tree busy on four cores shows
// 400 %, as `top` counts. A process that started inside the window counts with all its
// time (it all falls in the window); one that ended inside the window is missed. The
// kernel reports these times in USER_HZ ticks, which Linux fixes at 100 a second for user
// space.
//
// Memory is the resident memory of the tree at the second reading (see tree-memory.ts).
// Without /proc (macOS) both read as 0.
import { readFileSync } from 'node:fs';
import { sleep } from './wait.js';
import { treeMemoryBytes } from './tree-memory.js';

export interface TreeUsage {
  /** Share of one CPU core over the window, in percent. */
  cpuPercent: number;
  memoryBytes: number;
  processes: number;
}

const TICKS_PER_SECOND = 100;

/** `trees()` gives each tree's pids now; it is called at the start and end of the window. */
export async function sampleTreeUsage(
  trees: () => number[][],
  windowMs: number,
): Promise<TreeUsage[]> {
  const before = trees().map(readTicks);
  const started = performance.now();
  await sleep(windowMs).promise;
  const elapsedMs = performance.now() - started;

  return trees().map((pids, i) => {
    const after = readTicks(pids);
    let ticks = 0;
    for (const [pid, now] of after) ticks += now - (before[i]?.get(pid) ?? 0);
    const cpuPercent = (ticks / TICKS_PER_SECOND / (elapsedMs / 1000)) * 100;
    return { cpuPercent, memoryBytes: treeMemoryBytes(pids), processes: pids.length };
  });
}

function readTicks(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const used = cpuTicks(pid);
    if (used !== undefined) ticks.set(pid, used);
  }
  return ticks;
}

function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields resume after the command name's last ')': state is field 3, utime 14, stime
    // 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined; // gone, or not Linux
  }
}
