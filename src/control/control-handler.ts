// Answers control requests by calling the same Supervisor methods that signals call: the
// one door through which `dynorun ps`, `restart`, `stop`, `resume`, `scale` and `logs`
// reach a running formation, and `dynorun run` registers its one-off (see
// control-protocol.ts for the messages). Requests that change dynos take turns by type
// (see request-queue.ts).
import { ControlError } from '../errors.js';
import type { LogRing } from '../logging/log-ring.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';
import { checkLogFilter, knownLogNames } from './check-log-filter.js';
import type { ControlRequest, LogsRequest } from './control-protocol.js';
import type { ControlConnection, ControlHandler } from './control-server.js';
import { RequestQueue } from './request-queue.js';
import { streamLogs } from './stream-logs.js';

export interface ControlContext {
  supervisor: Supervisor;
  ring: LogRing;
  formation: Formation;
}

type ChangeRequest = Extract<ControlRequest, { command: 'restart' | 'stop' | 'resume' | 'scale' }>;

export function controlHandler(context: ControlContext): ControlHandler {
  const queue = new RequestQueue();
  return async (request, connection) => {
    if (request.command === 'logs') return logs(request, context, connection);
    const work = () => answer(request, context, connection);
    const result = isChange(request)
      ? await queue.run(typesOf(request, context.formation), describe(request), work, (ahead) =>
          connection.send({ waiting: ahead }),
        )
      : await work();
    connection.send({ ok: true, ...result });
    connection.end();
  };
}

function logs(request: LogsRequest, context: ControlContext, connection: ControlConnection) {
  const { supervisor, ring, formation } = context;
  const known = knownLogNames(supervisor, ring, formation);
  checkLogFilter(request, known);
  // The names set the width of the client's name column; the types, in Procfile order,
  // its colours.
  streamLogs(request, ring, connection, { names: known.dynos, types: known.types });
}

function isChange(request: ControlRequest): request is ChangeRequest {
  return ['restart', 'stop', 'resume', 'scale'].includes(request.command);
}

// The process types a request may change: the target's (`web.1` is a `web`), the types
// a scale names, or every type.
function typesOf(request: ChangeRequest, formation: Formation): string[] {
  const all = formation.settings.types.map((entry) => entry.type);
  const named =
    request.command === 'scale'
      ? request.formation.split(',').map((item) => item.split('=')[0]?.trim() ?? '')
      : [request.target?.replace(/\.\d+$/, '') ?? 'all'];
  return named.includes('all') ? all : named;
}

// The request as the user typed it: `restart web`, `scale web=3`.
function describe(request: ChangeRequest): string {
  const what = request.command === 'scale' ? request.formation : request.target;
  return what === undefined ? request.command : `${request.command} ${what}`;
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
      // Refused (and `dynorun run` runs on unregistered, as with no formation) once the
      // formation stops: its log would end before the one-off does.
      if (supervisor.isStopping) throw new ControlError('the formation is stopping');
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
