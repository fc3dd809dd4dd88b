import { describe, expect, it } from 'vitest';
import type { Sink, SupervisorEvent } from '../../src/logging/supervisor-event.js';
import { SinkFanout } from '../../src/supervisor/sink-fanout.js';

const event: SupervisorEvent = { kind: 'finished', exitCode: 0 };

describe('SinkFanout', () => {
  it('drops a sink that throws, keeps its error, and goes on with the others', () => {
    const seen: string[] = [];
    const broken: Sink = {
      write: () => {
        throw new Error('sink bug');
      },
    };
    const fanout = new SinkFanout([broken, { write: () => (seen.push('ok'), true) }], () => {});

    fanout.emit(event);
    fanout.emit(event);

    expect(seen).toEqual(['ok', 'ok']);
    expect((fanout.error as Error).message).toBe('sink bug');
  });

  it('pauses output while any full sink has not drained', () => {
    const drains: (() => void)[] = [];
    const full = (): Sink => ({ write: () => false, onDrain: (listener) => drains.push(listener) });
    const paused: boolean[] = [];
    const fanout = new SinkFanout([full(), full()], (value) => paused.push(value));

    fanout.emit(event);
    drains[0]?.();
    expect(paused).toEqual([true, true]);
    drains[1]?.();
    expect(paused).toEqual([true, true, false]);
  });
});
