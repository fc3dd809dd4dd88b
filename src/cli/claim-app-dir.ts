// Once `dynorun start` holds the app directory's control socket, it claims the directory
// for its run: it clears away what a killed run left there, then leaves its own record
// (see run-record.ts) for the next start to find should this one be killed too.
//
// A killed dynorun's watchdog normally stops its processes within a second or two. When
// the watchdog died as well (killed with it, an OOM kill of both), the processes run on,
// still carrying the killed run's DYNORUN_TAG. The next start finds them from the record,
// names each on a dynorun line, and stops them (SIGTERM, a short grace, SIGKILL) before
// its preflight, so a leftover web dyno does not hold the port the new one needs.
import { ControlError } from '../errors.js';
import { controlSocketPaths } from '../control/control-socket-path.js';
import { findLeftovers, runTagPattern } from '../supervisor/find-leftovers.js';
import {
  currentRunRecord,
  isRecordedRunAlive,
  readRunRecord,
  removeRunRecord,
  runRecordPath,
  writeRunRecord,
} from '../supervisor/run-record.js';
import { stopTagged } from '../supervisor/stop-tagged.js';
import type { Supervisor } from '../supervisor/supervisor.js';

export interface AppClaim {
  /** At a clean end: removes the record, so nothing is looked for next time. */
  release(): void;
}

export async function claimAppDir(
  appDir: string,
  socketPath: string,
  supervisor: Supervisor,
): Promise<AppClaim> {
  // The record is beside the socket, which a killed run may have had in the other place.
  const paths = new Set([socketPath, ...controlSocketPaths(appDir)].map(runRecordPath));
  for (const path of paths) await clearKilledRun(path, appDir, supervisor);

  const own = runRecordPath(socketPath);
  writeRunRecord(own, currentRunRecord(supervisor.runId));
  return { release: () => removeRunRecord(own) };
}

async function clearKilledRun(path: string, appDir: string, supervisor: Supervisor) {
  const record = readRunRecord(path);
  if (record === undefined) return;
  // Its socket is gone (we hold ours), yet it runs: it is ending, or its socket was deleted.
  if (isRecordedRunAlive(record)) {
    throw new ControlError(
      `dynorun is already running for ${appDir} (pid ${record.pid}) without its control ` +
        'socket; stop it first',
    );
  }
  const leftovers = findLeftovers(record.runId);
  for (const { pid, dyno, command } of leftovers) {
    supervisor.report({ kind: 'leftover', pid, leftBy: dyno, command, runPid: record.pid });
  }
  if (leftovers.length > 0) await stopTagged(runTagPattern(record.runId));
  removeRunRecord(path);
}
