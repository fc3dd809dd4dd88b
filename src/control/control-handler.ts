// Answers control requests by calling the same Supervisor methods that signals call: the
// one door through which `dynorun ps`, `restart`, `stop`, `resume`, `scale` and `logs`
// reach a running formation, and `dynorun run` registers its one-off (see
// control-protocol.ts for the messages).
import type { LogRing } from '../logging/log-ring.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';
import { checkLogFilter, knownLogNames } from './check-log-filter.js';
import type { ControlRequest } from './control-protocol.js';
import type { ControlConnection, ControlHandler } from './control-server.js';
import { streamLogs } from './stream-logs.js';

export interface ControlContext {
  supervisor: Supervisor;
  ring: LogRing;
  formation: Formation;
}

export function controlHandler(context: ControlContext): ControlHandler {
  return async (request, connection) => {
    if (request.command === 'logs') {
      const { supervisor, ring, formation } = context;
      const known = knownLogNames(supervisor, ring, formation);
      checkLogFilter(request, known);
      // The names set the width of the client's name column; the types, in Procfile
      // order, its colours.
      streamLogs(request, ring, connection, { names: known.dynos, types: known.types });
      return;
    }
    connection.send({ ok: true, ...(await answer(request, context, connection)) });
    connection.end();
  };
}

async function answer(
  request: Exclude<ControlRequest, { command: 'logs' }>,
  { supervisor, formation }: ControlContext,
  connection: ControlConnection,
) {
  switch (request.command) {
    case 'ping':
      return { pid: process.pid, appDir: formation.cwd };
    case 'ps':
      return { dynos: await supervisor.status() };
    case 'restart': {
      const progress = connection.send.bind(connection);
      const restarted = await supervisor.restart(request.target, (result) =>
        progress({ progress: result }),
      );
      return { restarted };
    }
    case 'stop':
      return supervisor.stopDynos(request.target);
    case 'resume':
      return supervisor.resumeDynos(request.target);
    case 'scale':
      return supervisor.scale(request.formation);
    case 'run-register':
      return { dyno: supervisor.oneOffs.register(request.pid, request.tag, request.line) };
    case 'run-started':
      supervisor.oneOffs.started(request.dyno, request.pid);
      return {};
    case 'run-exited': {
      const { code = null, signal = null, error } = request;
      supervisor.oneOffs.exited(request.dyno, { code, signal }, error);
      return {};
    }
  }
}
