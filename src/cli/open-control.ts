// The control socket of `dynorun start`, opened before the release phase: it refuses a
// second start in the same app directory while the first lives, and says so when it
// removes a socket that a killed dynorun left behind.
import { controlHandler } from '../control/control-handler.js';
import { ControlServer } from '../control/control-server.js';
import type { LogRing } from '../logging/log-ring.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';

export async function openControl(
  formation: Formation,
  supervisor: Supervisor,
  ring: LogRing,
): Promise<ControlServer> {
  const handler = controlHandler({ supervisor, ring, formation });
  const server = await ControlServer.open(formation.cwd, handler);
  if (server.staleRemoved) supervisor.announce('stale-socket');
  return server;
}
