// The ring `dynorun logs` reads: bounded, counted in lines, filtered like `heroku
// logs`.
import { describe, expect, it } from 'vitest';
import { LineBatch } from '../../src/logging/line-batch.js';
import { outputEvent } from './output-event.js';
import { LogRing, MAX_RING_LINE_BYTES, type StampedEvent } from '../../src/logging/log-ring.js';
import type { OutputEvent, SupervisorEvent } from '../../src/logging/supervisor-event.js';

const output = outputEvent;
const spawn = (dyno: string): SupervisorEvent => ({
  kind: 'spawn',
  dyno,
  type: dyno.split('.')[0] as string,
  pid: 7,
  command: 'x',
});

// One line per output event or `<kind> <dyno>` for lifecycle events.
function show(stamped: StampedEvent[]): string[] {
  return stamped.map(({ event }) => {
    if (event.kind !== 'output') return `${event.kind} ${'dyno' in event ? event.dyno : ''}`;
    expect(event.batch.count).toBe(1);
    return `${event.dyno}: ${event.batch.lines()[0]?.toString()}`;
  });
}

function filled(): LogRing {
  const ring = new LogRing({ capacity: 6 });
  ring.write(spawn('web.1'));
  ring.write(output('web.1', ['a', 'b', 'c']));
  ring.write(spawn('worker.1'));
  ring.write(output('worker.1', ['w1', 'w2']));
  ring.write(output('web.1', ['d']));
  return ring;
}

describe('LogRing', () => {
  it('keeps the last `capacity` lines, oldest first, one per output line', () => {
    expect(show(filled().query())).toEqual([
      'web.1: b',
      'web.1: c',
      'spawn worker.1',
      'worker.1: w1',
      'worker.1: w2',
      'web.1: d',
    ]);
  });

  it.each([
    [{ lines: 2 }, ['worker.1: w2', 'web.1: d']],
    [{ dyno: 'web.1' }, ['web.1: b', 'web.1: c', 'web.1: d']],
    [{ dyno: 'web.1', lines: 1 }, ['web.1: d']],
    [{ type: 'worker' }, ['spawn worker.1', 'worker.1: w1', 'worker.1: w2']],
    [{ source: 'dynorun' as const }, ['spawn worker.1']],
    [{ source: 'app' as const, lines: 3 }, ['worker.1: w1', 'worker.1: w2', 'web.1: d']],
    [{ dyno: 'web.2' }, []],
    [{ lines: 0 }, []],
  ])('query(%j) gives %j', (filter, expected) => {
    expect(show(filled().query(filter))).toEqual(expected);
  });

  it('never pushes back, and tells subscribers every line until they leave', () => {
    const ring = new LogRing();
    const seen: string[] = [];
    const leave = ring.subscribe((event) => seen.push(...show([event])));
    expect(ring.write(output('web.1', ['x', 'y']))).toBe(true);
    leave();
    ring.write(output('web.1', ['z']));
    expect(seen).toEqual(['web.1: x', 'web.1: y']);
    expect(ring.capacity).toBe(1_500);
  });

  // `dynorun logs --tail` lost lines when one read brought more lines than the ring holds.
  it('tells subscribers every line of an event larger than the ring', () => {
    const ring = new LogRing({ capacity: 3 });
    const seen: string[] = [];
    ring.subscribe((event) => seen.push(...show([event])));
    ring.write(output('web.1', ['1', '2', '3', '4', '5']));
    expect(seen).toEqual(['web.1: 1', 'web.1: 2', 'web.1: 3', 'web.1: 4', 'web.1: 5']);
    expect(show(ring.query())).toEqual(['web.1: 3', 'web.1: 4', 'web.1: 5']);
  });

  it('drops a subscriber that throws and keeps the others', () => {
    const ring = new LogRing();
    const seen: number[] = [];
    ring.subscribe(() => {
      throw new Error('gone');
    });
    ring.subscribe(() => seen.push(1));
    ring.write(spawn('web.1'));
    ring.write(spawn('web.1'));
    expect(seen).toEqual([1, 1]);
  });

  it('keeps views into pipe-sized reads, and copies the lines of a larger buffer, cut', () => {
    const read = Buffer.alloc(8, 'one\ntwo\n'); // outside Node's shared pool, as a pipe read is
    const joined = Buffer.alloc(200 * 1024, 'x\n');
    joined.fill('y', 2, joined.length - 1);
    const ring = new LogRing();
    ring.write({ ...(output('web.1', []) as OutputEvent), batch: new LineBatch(read) });
    ring.write({ ...(output('web.1', []) as OutputEvent), batch: new LineBatch(joined) });

    const kept = ring.query().map(({ event }) => (event as OutputEvent).batch.bytes);
    expect(kept.map((bytes) => bytes.length)).toEqual([4, 4, 2, MAX_RING_LINE_BYTES + 1]);
    expect(kept.map((bytes) => bytes.buffer === read.buffer)).toEqual([true, true, false, false]);
    expect(kept.map((bytes) => bytes.buffer === joined.buffer)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('remembers every dyno that wrote to it, with its type, after its lines are gone', () => {
    const ring = filled();
    ring.write(output('run.1', ['x', 'y', 'z', 'u', 'v', 'w']));
    expect(show(ring.query()).some((line) => line.startsWith('web.1'))).toBe(false);
    expect([...ring.dynos()]).toEqual([
      ['web.1', 'web'],
      ['worker.1', 'worker'],
      ['run.1', 'run'],
    ]);
  });

  // `dynorun logs` showed a lifecycle line with the time of the output line before it.
  it('stamps every event with the time it was written, lines of one read alike', () => {
    let now = 1_000_000;
    const ring = new LogRing({ now: () => (now += 1_234) });
    ring.write(output('web.1', ['a', 'b']));
    ring.write(spawn('web.1'));
    ring.write(output('web.1', ['c']));
    expect(ring.query().map(({ micros }) => micros)).toEqual([
      1_001_234, 1_001_234, 1_002_468, 1_003_702,
    ]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new LogRing({ capacity: 0 })).toThrow(
      'LogRing capacity must be a whole number ≥ 1, got 0',
    );
  });
});
