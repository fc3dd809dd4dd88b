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
// Every event goes out with a time. Output carries its own; a lifecycle event without one
// in the ring takes the time of the event before it (or after it, at the very start),
// which is within the same moment in practice; a live one takes the time it arrives.
import { matchesLogFilter, type LogFilter, type LogRing } from '../logging/log-ring.js';
import type { ControlConnection } from './control-server.js';
import type { ControlMessage, LogsRequest } from './control-protocol.js';
import { eventTime, toWire } from './wire-event.js';

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
  const times = fillTimes(history.map(eventTime));
  history.forEach((event, i) => connection.send({ event: toWire(event, times[i] as number) }));
  if (!request.tail) return endWith(connection, { end: true });
  connection.send({ live: true });
  const last = ring.query({ lines: 1 })[0];
  if (last?.kind === 'finished') return endWith(connection, { end: true, exitCode: last.exitCode });

  let ended = false;
  const end = (message: ControlMessage) => {
    ended = true;
    unsubscribe();
    endWith(connection, message);
  };
  const unsubscribe = ring.subscribe((event) => {
    // The ring may still hand over the rest of a batch after the end.
    if (ended) return;
    if (matchesLogFilter(event, filter)) {
      connection.send({ event: toWire(event, eventTime(event) ?? Date.now()) });
    }
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
  const behind = `${connection.backlog} bytes behind (${limit})`;
  return `dropped: logs --tail fell ${behind}; dynorun does not wait for a slow reader`;
}

// Fills each missing time from the one before it, then leading gaps from the first known.
function fillTimes(times: (number | undefined)[]): number[] {
  let previous: number | undefined;
  const forward = times.map((time) => (previous = time ?? previous));
  const first = forward.find((time) => time !== undefined) ?? Date.now();
  return forward.map((time) => time ?? first);
}
