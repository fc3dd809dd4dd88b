// Samples the memory of every dyno's whole process tree on one timer: R14 when a dyno is
// over its quota (at most once a minute per dyno), R15 and a kill when it is over twice its
// quota, and optional runtime-metrics events. Memory has no event to wait for, so this is
// sampling by design; dynos without a quota cost nothing unless metrics are on.
import { loadavg } from 'node:os';
import type { Dyno } from './dyno.js';
import { treeMemoryBytes } from './tree-memory.js';

export interface MemoryWatchOptions {
  intervalMs: number;
  metrics: boolean;
  /** @default 60_000 */
  r14IntervalMs?: number;
}

export class MemoryWatch {
  private timer: NodeJS.Timeout | undefined;
  private readonly lastR14 = new Map<Dyno, number>();

  constructor(
    private readonly dynos: Dyno[],
    private readonly options: MemoryWatchOptions,
  ) {
    const watched = dynos.some((dyno) => dyno.settings.memoryQuotaBytes !== undefined);
    if (watched || options.metrics) this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.sample();
      if (this.timer) this.schedule();
    }, this.options.intervalMs);
  }

  private sample(): void {
    for (const dyno of this.dynos) {
      if (dyno.state !== 'up' && dyno.state !== 'starting') continue;
      const pids = dyno.pids();
      const used = treeMemoryBytes(pids);
      if (this.options.metrics) {
        const load1m = loadavg()[0] ?? 0;
        dyno.emit({ kind: 'metrics', memoryBytes: used, processes: pids.length, load1m });
      }
      this.checkQuota(dyno, used);
    }
  }

  private checkQuota(dyno: Dyno, used: number): void {
    const quota = dyno.settings.memoryQuotaBytes;
    if (quota === undefined || used <= quota) return;

    if (used > 2 * quota) {
      dyno.emit({ kind: 'memory', code: 'R15', usedBytes: used, quotaBytes: quota });
      dyno.crash();
      return;
    }
    const now = Date.now();
    const last = this.lastR14.get(dyno);
    if (last !== undefined && now - last < (this.options.r14IntervalMs ?? 60_000)) return;
    this.lastR14.set(dyno, now);
    dyno.emit({ kind: 'memory', code: 'R14', usedBytes: used, quotaBytes: quota });
  }
}
