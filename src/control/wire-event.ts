// A SupervisorEvent as the control socket sends it to `dynorun logs`: the same fields,
// plus `time` (ms since the epoch) on every event, and process output as base64, since it
// is bytes that need not be UTF-8 and must reach the client's writer unchanged.
import { LineBatch } from '../logging/line-batch.js';
import type { OutputEvent, SupervisorEvent } from '../logging/supervisor-event.js';

export type WireEvent =
  | (Exclude<SupervisorEvent, OutputEvent> & { time: number })
  | (Omit<OutputEvent, 'batch'> & { bytes: string });

export function toWire(event: SupervisorEvent, time: number): WireEvent {
  if (event.kind === 'output') {
    const { batch, ...rest } = event;
    return { ...rest, bytes: batch.bytes.toString('base64') };
  }
  return { ...event, time };
}

export function fromWire(wire: WireEvent): { event: SupervisorEvent; time: number } {
  if (wire.kind === 'output') {
    const { bytes, ...rest } = wire;
    const batch = new LineBatch(Buffer.from(bytes, 'base64'));
    return { event: { ...rest, batch }, time: wire.time };
  }
  const { time, ...event } = wire;
  return { event: event as SupervisorEvent, time };
}

/** The time an event carries, if any: output events have one; the ring may stamp others. */
export function eventTime(event: SupervisorEvent): number | undefined {
  const time = (event as { time?: unknown }).time;
  return typeof time === 'number' ? time : undefined;
}
