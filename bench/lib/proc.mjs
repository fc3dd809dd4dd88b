// Reading the process table from /proc: one process's CPU time, memory and state, its
// children, and every process that carries a marker in its environment. Zombies count as
// gone everywhere: they have exited and only wait for their parent to reap them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of utime and stime in /proc/<pid>/stat. */
export const CLOCK_TICKS =
  Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** State letter and utime + stime (in ticks, every thread) of a process, or undefined. */
export function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may hold spaces and parentheses; fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM (peak RSS) of a process in MB, or undefined once it is gone. */
export function readMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kib = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1]);
    const rss = kib('VmRSS');
    return Number.isFinite(rss) ? { rssMB: rss / 1024, peakMB: kib('VmHWM') / 1024 } : undefined;
  } catch {
    return undefined;
  }
}

export function isAlive(pid) {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
}

export function childrenOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'latin1').trim();
    return text ? text.split(' ').map(Number) : [];
  } catch {
    return [];
  }
}

/** Every live process, on the whole machine, whose environment holds `marker` (NAME=value). */
export function pidsWithMarker(marker) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (environ.includes(marker) && isAlive(pid)) found.push(pid);
    } catch {
      // another user's process, or gone while we looked
    }
  }
  return found;
}

/**
 * The processes of a run, to time their end: everything carrying the run's marker
 * (dynorun and every dyno process) and dynorun's own children (its watchdog, which gets a
 * bare environment).
 */
export function processesOfRun(dynorunPid, marker) {
  return [...new Set([...pidsWithMarker(marker), ...childrenOf(dynorunPid)])];
}

/** Busy and total CPU ticks of the machine, and of this harness with what it waited for. */
export function cpuTicks() {
  try {
    const machine = readFileSync('/proc/stat', 'latin1').split('\n')[0].trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = machine.slice(1).map(Number);
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const own = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .slice(11, 15)
      .map(Number);
    return {
      busy: user + nice + system + irq + softirq + steal,
      all: user + nice + system + idle + iowait + irq + softirq + steal,
      own: own.reduce((sum, n) => sum + n, 0),
    };
  } catch {
    return undefined;
  }
}
