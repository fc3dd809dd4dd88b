// Writes the one multiplexed stream: process lines and dynorun's lifecycle lines, each
// under its prefix. One `write` per event keeps every line whole; a full pipe is reported
// back as `false` so the supervisor slows the producers instead of buffering without end.
import type { Writable } from 'node:stream';
import { colorFor, formatPrefix, RESET, type PrefixStyle } from './format-prefix.js';
import { lifecycleMessage } from './lifecycle-message.js';
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
}

const NEWLINE = Buffer.from('\n');
const RESET_NEWLINE = Buffer.from(`${RESET}\n`);

export class ConsoleWriter implements Sink {
  private readonly out: Writable;
  private readonly types: string[];
  private readonly style: PrefixStyle;
  private readonly now: () => number;
  private readonly prefixes = new Map<string, { second: number; bytes: Buffer }>();
  private closed = false;

  constructor(options: ConsoleWriterOptions) {
    this.out = options.out;
    this.types = options.types;
    this.now = options.now ?? Date.now;
    const width = Math.max(SYSTEM_NAME.length, ...options.names.map((name) => name.length));
    this.style = { width, timestamp: options.timestamp, color: options.color };
    this.out.on('error', () => {
      // EPIPE and friends: the reader is gone. Stop writing; the CLI decides what follows.
      this.closed = true;
    });
  }

  write(event: SupervisorEvent): boolean {
    if (this.closed) return true;
    if (event.kind === 'output') return this.writeLines(event.dyno, event.type, event.lines);

    const message = lifecycleMessage(event);
    if (message === undefined) return true;
    return this.writeLines(SYSTEM_NAME, SYSTEM_NAME, [Buffer.from(message)]);
  }

  onDrain(listener: () => void): void {
    this.out.once('drain', listener);
  }

  private writeLines(name: string, type: string, lines: Buffer[]): boolean {
    const prefix = this.prefix(name, type);
    const end = this.style.color ? RESET_NEWLINE : NEWLINE;
    const parts: Buffer[] = new Array(lines.length * 3);
    let size = 0;

    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as Buffer;
      parts[i * 3] = prefix;
      parts[i * 3 + 1] = line;
      parts[i * 3 + 2] = end;
      size += prefix.length + line.length + end.length;
    }

    return this.out.write(Buffer.concat(parts, size));
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
