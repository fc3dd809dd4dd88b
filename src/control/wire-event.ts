// A SupervisorEvent as the control socket sends it to `dynorun logs`: the same fields,
// plus `micros`, the time the ring got it (microseconds since the epoch), and process
// output as base64, since it is bytes that need not be UTF-8 and must reach the client's
// writer unchanged.
import { LineBatch } from '../logging/line-batch.js';
import type { StampedEvent } from '../logging/log-ring.js';
import type { OutputEvent, SupervisorEvent } from '../logging/supervisor-event.js';

export type WireEvent = (
  Exclude<SupervisorEvent, OutputEvent> | (Omit<OutputEvent, 'batch'> & { bytes: string })
) & { micros: number };

export function toWire({ event, micros }: StampedEvent): WireEvent {
  if (event.kind === 'output') {
    const { batch, ...rest } = event;
    return { ...rest, bytes: batch.bytes.toString('base64'), micros };
  }
  return { ...event, micros };
}

export function fromWire(wire: WireEvent): StampedEvent {
  const { micros, ...event } = wire;
  if (event.kind === 'output') {
    const { bytes, ...rest } = event;
    return { event: { ...rest, batch: new LineBatch(Buffer.from(bytes, 'base64')) }, micros };
  }
  return { event: event as SupervisorEvent, micros };
}
