// `dynorun logs`: the recent lines from the ring (all it holds unless the request says
// how many), then with `--tail` every new line as it comes, until the client goes or the
// run ends. The CLI asks for all and prints the last `-n` of the lines they make, since
// only it knows which events its format prints as lines.
//
// A tail ends with `{"end":true,"exitCode":N}` when the run ends.
//
// The ring never pushes back on the formation, so neither does a reader: a `--tail` that
// falls more than MAX_TAIL_BACKLOG behind is dropped, and the dynos never wait for it. It
// still gets what was queued for it, then `{"ok":false,"error":"dropped: …"}`, and
// `dynorun logs` exits 1 with that message.
//
// Every event goes out with the time the ring stamped it with (see log-ring.ts).
import { matchesLogFilter, type LogFilter, type LogRing } from '../logging/log-ring.js';
import type { ControlConnection } from './control-server.js';
import type { ControlMessage, LogsRequest } from './control-protocol.js';
import { toWire } from './wire-event.js';

export const MAX_TAIL_BACKLOG = 8 * 1024 * 1024;

/** `header`: the names and types the client's writer lays its columns out for. */
export function streamLogs(
  request: LogsRequest,
  ring: LogRing,
  connection: ControlConnection,
  header: { names: string[]; types: string[] },
): void {
  const { dyno, type, source } = request;
  const filter: LogFilter = { lines: request.lines, dyno, type, source };
  connection.send({ ok: true, ...header });

  const history = request.lines === 0 ? [] : ring.query(filter);
  for (const stamped of history) connection.send({ event: toWire(stamped) });
  if (!request.tail) return endWith(connection, { end: true });
  connection.send({ live: true });
  const last = ring.query({ lines: 1 })[0]?.event;
  if (last?.kind === 'finished') return endWith(connection, { end: true, exitCode: last.exitCode });

  let ended = false;
  const end = (message: ControlMessage) => {
    ended = true;
    unsubscribe();
    endWith(connection, message);
  };
  const unsubscribe = ring.subscribe((stamped) => {
    const { event } = stamped;
    // The ring may still hand over the rest of a batch after the end.
    if (ended) return;
    if (matchesLogFilter(event, filter)) connection.send({ event: toWire(stamped) });
    // The run is over: the tail ends, and says so, whatever its filter.
    if (event.kind === 'finished') return end({ end: true, exitCode: event.exitCode });
    // After everything it has not read yet, the reader gets why its tail ends here.
    if (connection.backlog > MAX_TAIL_BACKLOG) end({ ok: false, error: dropped(connection) });
  });
  connection.onClose(unsubscribe);
}

function endWith(connection: ControlConnection, message: ControlMessage): void {
  connection.send(message);
  connection.end();
}

function dropped(connection: ControlConnection): string {
  const limit = `more than ${MAX_TAIL_BACKLOG / 1024 / 1024} MiB`;
  // Counted as sent: JSON with each line in base64, about twice the size of the lines.
  const behind = `${connection.backlog} bytes of messages behind (${limit})`;
  return `dropped: logs --tail fell ${behind}; dynorun does not wait for a slow reader`;
}
