// Resident memory of a process tree: the sum of VmRSS over its processes, as Heroku's
// memory_total counts the whole dyno. Shared pages are counted once per process, so this
// overstates a forking server's use a little, as RSS-based quotas do.
import { readFileSync } from 'node:fs';

export function treeMemoryBytes(pids: number[]): number {
  let total = 0;
  for (const pid of pids) total += rssBytes(pid);
  return total;
}

function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // gone, or not Linux
  }
}
