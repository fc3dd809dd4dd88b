// An output event as a dyno's pipe would bring it, for the sink tests.
import { LineBatch } from '../../src/logging/line-batch.js';
import type { OutputEvent, OutputStream } from '../../src/logging/supervisor-event.js';

/** `lines` (without their newlines) from `dyno`, whose type is the part before the dot. */
export function outputEvent(dyno: string, lines: string[], stream: OutputStream = 'stdout') {
  const batch = LineBatch.of(lines.map((line) => Buffer.from(line)));
  const type = dyno.split('.')[0] as string;
  return { kind: 'output', dyno, type, stream, batch, time: 0 } satisfies OutputEvent;
}
