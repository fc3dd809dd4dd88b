// What `dynorun ps` shows of each dyno: its state, pid, uptime, restarts, port, and the
// CPU and memory of its whole process tree.
import type { DynoState } from '../logging/supervisor-event.js';
import type { Dyno } from './dyno.js';
import { sampleTreeUsage } from './tree-usage.js';

export interface DynoStatus {
  name: string;
  type: string;
  state: DynoState;
  /**
   * True for a dyno that ended and will not be restarted (its restart policy, or
   * --max-restarts): only `dynorun resume` or `restart` starts it again. A `crashed` dyno
   * without it waits to restart.
   */
  givenUp: boolean;
  /** The pid of the dyno's command (its shell); null when no process runs. */
  pid: number | null;
  /** Milliseconds since the current process started; null when no process runs. */
  uptimeMs: number | null;
  /** Restarts after exits (crashes), not counting `dynorun restart`. */
  restarts: number;
  port: number | null;
  /** Percent of one core over the sample window (see tree-usage.ts). */
  cpuPercent: number;
  /** Resident memory of the whole process tree. */
  memoryBytes: number;
  /** Live processes in the tree. */
  processes: number;
  command: string;
}

/** How long CPU use is measured for each `ps`. */
export const CPU_SAMPLE_MS = 250;

// `stoppedOnRequest`: dynos `dynorun stop` stopped, shown `down` once their tree is gone.
export async function dynoStatus(
  dynos: Dyno[],
  stoppedOnRequest: (dyno: Dyno) => boolean,
  sampleMs = CPU_SAMPLE_MS,
): Promise<DynoStatus[]> {
  const usage = await sampleTreeUsage(() => dynos.map((dyno) => dyno.pids()), sampleMs);
  const now = Date.now();

  return dynos.map((dyno, i) => {
    const running = dyno.state === 'starting' || dyno.state === 'up' || dyno.state === 'stopping';
    const state = stoppedOnRequest(dyno) && dyno.final ? 'down' : dyno.state;
    const startedAt = running ? dyno.startedAt : undefined;
    const { cpuPercent = 0, memoryBytes = 0, processes = 0 } = usage[i] ?? {};
    return {
      name: dyno.name,
      type: dyno.spec.type,
      state,
      givenUp: dyno.final && state === 'crashed',
      pid: running ? (dyno.pid ?? null) : null,
      uptimeMs: startedAt === undefined ? null : now - startedAt,
      restarts: dyno.restarts,
      port: dyno.spec.port ?? null,
      cpuPercent: Math.round(cpuPercent * 10) / 10,
      memoryBytes,
      processes,
      command: dyno.spec.command,
    };
  });
}
