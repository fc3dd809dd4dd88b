// Writes the one multiplexed stream: process lines and dynorun's lifecycle lines, each
// under its prefix. One `write` per event keeps every line whole; a full pipe is reported
// back as `false` so the supervisor slows the producers instead of buffering without end.
import type { Writable } from 'node:stream';
import { colorFor, formatPrefix, RESET, type PrefixStyle } from './format-prefix.js';
import { lifecycleMessage } from './lifecycle-message.js';
import { LineBatch } from './line-batch.js';
import type { Sink, SupervisorEvent } from './supervisor-event.js';

export const SYSTEM_NAME = 'dynorun';

export interface ConsoleWriterOptions {
  out: Writable;
  /** Every name that may appear, so the column is as wide as the widest from the start. */
  names: string[];
  /** Process types in Procfile order, for stable colours. */
  types: string[];
  timestamp: boolean;
  color: boolean;
  /** The time a line is stamped with (ms since the epoch). @default Date.now */
  now?: () => number;
  /**
   * `out` is a file, terminal or socket of this process, whose writes call back once the
   * bytes are the system's: the buffer of a completed write may then be reused. Not so
   * for a stream that keeps or passes on the buffers it is given. @default false
   */
  reuseBuffers?: boolean;
}

const NEWLINE = Buffer.from('\n');
const SLAB_BYTES = 128 * 1024;
const MAX_SPARE_SLABS = 8;
const RESET_NEWLINE = Buffer.from(`${RESET}\n`);

export class ConsoleWriter implements Sink {
  private readonly out: Writable;
  private readonly types: string[];
  private readonly style: PrefixStyle;
  private readonly now: () => number;
  private readonly prefixes = new Map<string, { second: number; bytes: Buffer }>();
  private closed = false;
  private readonly reuseBuffers: boolean;
  /** Output buffers whose write completed, for the next batches (see `buffer()`). */
  private spare: Buffer[] = [];

  constructor(options: ConsoleWriterOptions) {
    this.out = options.out;
    this.types = options.types;
    this.now = options.now ?? Date.now;
    this.reuseBuffers = options.reuseBuffers ?? false;
    const width = Math.max(SYSTEM_NAME.length, ...options.names.map((name) => name.length));
    this.style = { width, timestamp: options.timestamp, color: options.color };
    this.out.on('error', () => {
      // EPIPE and friends: the reader is gone. Stop writing; the CLI decides what follows.
      this.closed = true;
    });
  }

  write(event: SupervisorEvent): boolean {
    if (this.closed) return true;
    if (event.kind === 'output') return this.writeBatch(event.dyno, event.type, event.batch);

    const message = lifecycleMessage(event);
    if (message === undefined) return true;
    return this.writeBatch(SYSTEM_NAME, SYSTEM_NAME, LineBatch.of([Buffer.from(message)]));
  }

  onDrain(listener: () => void): void {
    this.out.once('drain', listener);
  }

  // The prefix goes in front of each line and, with colour, a reset before its newline.
  // The batch is copied once to the end of the output buffer, then each line is moved down
  // to its place with its prefix before it: no object per line, one `write` per batch.
  private writeBatch(name: string, type: string, batch: LineBatch): boolean {
    const prefix = this.prefix(name, type);
    const tail = this.style.color ? RESET_NEWLINE : NEWLINE;
    const ends = batch.ends();
    const extra = ends.length * (prefix.length + tail.length - 1);
    const size = batch.bytes.length + extra;
    const slab = this.buffer(size);
    const bytes = new Uint8Array(slab.buffer, slab.byteOffset, size);
    bytes.set(batch.bytes, extra);

    let at = 0;
    let start = extra;
    for (const end of ends) {
      bytes.set(prefix, at);
      at += prefix.length;
      bytes.copyWithin(at, start, extra + end);
      at += extra + end - start;
      bytes.set(tail, at);
      at += tail.length;
      start = extra + end + 1;
    }
    if (slab.length === size) return this.out.write(slab);
    return this.out.write(slab.subarray(0, size), () => this.release(slab));
  }

  // A flood writes a batch per 64 KiB read. Reusing the buffers of completed writes keeps
  // that from turning into as much garbage as the flood itself, which the runtime would
  // collect late and hold as memory meanwhile.
  private buffer(size: number): Buffer {
    if (size > SLAB_BYTES || !this.reuseBuffers) return Buffer.allocUnsafe(size);
    return this.spare.pop() ?? Buffer.allocUnsafeSlow(SLAB_BYTES);
  }

  private release(slab: Buffer): void {
    if (this.spare.length < MAX_SPARE_SLABS) this.spare.push(slab);
  }

  // The prefix only changes when the clock's second does; cache it per name.
  private prefix(name: string, type: string): Buffer {
    const now = this.now();
    const second = Math.floor(now / 1000);
    const cached = this.prefixes.get(name);
    if (cached && (cached.second === second || !this.style.timestamp)) return cached.bytes;

    if (name.length > this.style.width) this.style.width = name.length;
    const text = formatPrefix(name, colorFor(type, this.types), new Date(now), this.style);
    const bytes = Buffer.from(text);
    this.prefixes.set(name, { second, bytes });
    return bytes;
  }
}
