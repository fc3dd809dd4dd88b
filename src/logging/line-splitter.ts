// Splits a byte stream into lines without decoding it. Complete lines come out as soon as
// their newline arrives; the unterminated rest is carried until more bytes or `flush()`.
// Bytes stay bytes so invalid UTF-8 and ANSI sequences pass through untouched and no
// multi-byte character is ever cut by a chunk boundary.

const NEWLINE = 0x0a;

/** Lines longer than this are emitted in pieces so one process cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private readonly maxLineBytes: number;

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.maxLineBytes = maxLineBytes;
  }

  /** Returns the lines completed by `chunk`, without their `\n` (a trailing `\r` is kept). */
  push(chunk: Buffer): Buffer[] {
    const lines: Buffer[] = [];
    let start = 0;
    let end = chunk.indexOf(NEWLINE);

    while (end !== -1) {
      lines.push(this.takeCarry(chunk.subarray(start, end)));
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }

    if (start < chunk.length) this.keep(chunk.subarray(start), lines);
    return lines;
  }

  /** The unterminated last line, if any; call when the stream has ended. */
  flush(): Buffer | undefined {
    if (this.carryBytes === 0) return undefined;
    return this.takeCarry(Buffer.alloc(0));
  }

  private takeCarry(tail: Buffer): Buffer {
    if (this.carryBytes === 0) return tail;

    this.carry.push(tail);
    const line = Buffer.concat(this.carry, this.carryBytes + tail.length);
    this.carry = [];
    this.carryBytes = 0;
    return line;
  }

  private keep(rest: Buffer, lines: Buffer[]): void {
    // Copy: the chunk's memory belongs to the stream and a small view would pin it.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;

    while (this.carryBytes >= this.maxLineBytes) {
      const all = this.takeCarry(Buffer.alloc(0));
      lines.push(all.subarray(0, this.maxLineBytes));
      const remainder = all.subarray(this.maxLineBytes);
      if (remainder.length > 0) {
        this.carry.push(remainder);
        this.carryBytes = remainder.length;
      }
    }
  }
}
