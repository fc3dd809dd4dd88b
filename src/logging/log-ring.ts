// The recent log in memory, for `dynorun logs`: the last `capacity` lines, as Logplex
// keeps the last 1,500 of an app. Output is counted and returned one line per event, so
// `-n 100` means 100 lines however the lines arrived; every lifecycle event counts as
// one line too.
//
// Memory stays bounded without copying. An output event holds its lines as one view into
// the bytes of one read from the pipe (at most 64 KiB), plus the end of a line carried over
// from the read before: keeping the event keeps those bytes. Bytes held in a larger buffer
// (a long line joined from several reads) are copied, each line cut to
// MAX_RING_LINE_BYTES. So each kept line pins at most 128 KiB: capacity × 128 KiB in the
// worst case (about 188 MiB for 1,500 one-line reads of very long lines), and about the
// lines' own size, well under 1 MiB, for lines of a typical 100 bytes.
//
// Every event is stamped with the time the ring got it, to the microsecond, as the
// `--format heroku` stream stamps its lines: sinks are called as the bytes arrive, so for
// output that is its arrival time, and a lifecycle event (which carries no time of its
// own) gets its own moment rather than its neighbour's.
import { LineBatch } from './line-batch.js';
import type { OutputEvent, Sink, SupervisorEvent } from './supervisor-event.js';
import { systemClock } from './system-clock.js';

/** Logplex's buffer: what `heroku logs` can show. */
export const DEFAULT_RING_CAPACITY = 1_500;
/** Longer lines are cut to this many bytes in the ring (the files and stdout get all). */
export const MAX_RING_LINE_BYTES = 64 * 1024;

export interface LogRingOptions {
  /** How many lines (and lifecycle events) to keep. @default 1500 */
  capacity?: number;
  /** Microseconds since the epoch. @default the system clock, to the microsecond */
  now?: () => number;
}

/** An event as the ring hands it out, with the time it was written to the ring. */
export interface StampedEvent {
  event: SupervisorEvent;
  /** Microseconds since the epoch. */
  micros: number;
}

export interface LogFilter {
  /** The most recent N matching events; all that match when absent. */
  lines?: number;
  /** Only this dyno's lines and lifecycle events (`web.1`). */
  dyno?: string;
  /** Only this process type's (`web`). */
  type?: string;
  /** `app`: process output only; `dynorun`: lifecycle events only. */
  source?: 'app' | 'dynorun';
}

export type LogListener = (stamped: StampedEvent) => void;

// One event as stored; for output, `first` is its first line not yet evicted. One-line
// events are only made when someone reads them: storing costs no object per line.
interface Entry {
  event: SupervisorEvent;
  first: number;
  micros: number;
}

const EVICTED: Entry = { event: { kind: 'finished', exitCode: 0 }, first: 0, micros: 0 };

export class LogRing implements Sink {
  readonly capacity: number;
  private entries: Entry[] = [];
  /** Index of the oldest entry still held in `entries`. */
  private head = 0;
  private lines = 0;
  private readonly listeners = new Set<LogListener>();
  private readonly named = new Map<string, string>();
  private readonly now: () => number;

  constructor(options: LogRingOptions = {}) {
    this.capacity = options.capacity ?? DEFAULT_RING_CAPACITY;
    this.now = options.now ?? systemClock();
    if (!Number.isInteger(this.capacity) || this.capacity < 1) {
      throw new RangeError(`LogRing capacity must be a whole number ≥ 1, got ${this.capacity}`);
    }
  }

  /** Never pushes back: old lines make room for new ones. */
  write(event: SupervisorEvent): boolean {
    if ('dyno' in event && 'type' in event && !this.named.has(event.dyno)) {
      this.named.set(event.dyno, event.type);
    }
    const kept = event.kind === 'output' ? keepable(event) : event;
    const entry = { event: kept, first: 0, micros: this.now() };
    this.entries.push(entry);
    this.lines += lineCount(entry.event);
    // Listeners first: a read bigger than the ring would otherwise be cut before they see it.
    if (this.listeners.size > 0) this.notify(oneLineEvents(entry, Infinity));
    this.evict();
    return true;
  }

  /** The most recent matching events, oldest first; output one line per event. */
  query(filter: LogFilter = {}): StampedEvent[] {
    let wanted = filter.lines ?? Infinity;
    const found: StampedEvent[][] = [];

    for (let i = this.entries.length - 1; i >= this.head && wanted > 0; i--) {
      const entry = this.entries[i] as Entry;
      if (!matchesLogFilter(entry.event, filter)) continue;
      const events = oneLineEvents(entry, wanted);
      found.push(events);
      wanted -= events.length;
    }
    return found.reverse().flat();
  }

  /**
   * Every dyno that has written to the ring, with its type, in order of appearance: the
   * names `dynorun logs --dyno` may ask for, even once their lines are gone.
   */
  dynos(): ReadonlyMap<string, string> {
    return this.named;
  }

  /** Calls `listener` with every event stored from now on; returns the unsubscribe call. */
  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private evict(): void {
    while (this.lines > this.capacity) {
      const oldest = this.entries[this.head] as Entry;
      const held = lineCount(oldest.event) - oldest.first;
      const excess = this.lines - this.capacity;
      if (held > excess) {
        oldest.first += excess;
        this.lines -= excess;
        break;
      }
      this.lines -= held;
      // Let go of it now: an evicted event must not keep its chunk until the next batch.
      this.entries[this.head] = EVICTED;
      this.head += 1;
    }
    // Drop evicted entries in batches, so eviction stays O(1) per event on average.
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  private notify(events: StampedEvent[]): void {
    for (const listener of this.listeners) {
      try {
        for (const stamped of events) listener(stamped);
      } catch {
        // A listener that throws is broken (its reader went away mid-write): it goes, the
        // ring and the other listeners stay.
        this.listeners.delete(listener);
      }
    }
  }
}

/** Whether an event passes a `dynorun logs` filter (`lines` aside). */
export function matchesLogFilter(event: SupervisorEvent, filter: LogFilter): boolean {
  if (filter.source === 'app' && event.kind !== 'output') return false;
  if (filter.source === 'dynorun' && event.kind === 'output') return false;
  if (filter.dyno !== undefined && dynoOf(event) !== filter.dyno) return false;
  if (filter.type !== undefined && typeOf(event) !== filter.type) return false;
  return true;
}

function dynoOf(event: SupervisorEvent): string | undefined {
  return 'dyno' in event && typeof event.dyno === 'string' ? event.dyno : undefined;
}

function typeOf(event: SupervisorEvent): string | undefined {
  return 'type' in event ? event.type : undefined;
}

function lineCount(event: SupervisorEvent): number {
  return event.kind === 'output' ? event.batch.count : 1;
}

// The event, or, when its bytes are held in a buffer larger than a read from a pipe and
// the line carried over from the read before (a long line joined from several reads), a
// copy with each line cut to its first MAX_RING_LINE_BYTES bytes.
function keepable(event: OutputEvent): OutputEvent {
  if (event.batch.bytes.buffer.byteLength <= 2 * MAX_RING_LINE_BYTES) return event;
  const lines = event.batch.lines().map((line) => line.subarray(0, MAX_RING_LINE_BYTES));
  return { ...event, batch: LineBatch.of(lines) };
}

// The entry's last `count` held lines (or its lifecycle event), one event each.
function oneLineEvents(entry: Entry, count: number): StampedEvent[] {
  const { event, micros } = entry;
  if (event.kind !== 'output') return [{ event, micros }];
  const from = Math.max(entry.first, event.batch.count - count);
  const events: StampedEvent[] = [];
  for (let i = from; i < event.batch.count; i++) {
    events.push({ event: { ...event, batch: event.batch.line(i) }, micros });
  }
  return events;
}
