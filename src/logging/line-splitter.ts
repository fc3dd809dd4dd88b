// Splits a byte stream into lines without decoding it. Complete lines come out as soon as
// their newline arrives, as one LineBatch per read; the unterminated rest is carried until
// more bytes or `flush()`. Bytes stay bytes so invalid UTF-8 and ANSI sequences pass
// through untouched and no multi-byte character is ever cut by a chunk boundary.
import { LineBatch } from './line-batch.js';

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from('\n');

/** Lines longer than this are emitted in pieces so one process cannot exhaust memory. */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private readonly maxLineBytes: number;

  constructor(maxLineBytes = DEFAULT_MAX_LINE_BYTES) {
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * The lines completed by `chunk`, if any. In the usual case (nothing carried) the batch
   * is a view of the chunk up to its last newline: the lines are never copied one by one.
   */
  push(chunk: Buffer): LineBatch | undefined {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      this.keep(chunk);
      return this.cutLongCarry();
    }
    const head = chunk.subarray(0, last + 1);
    const bytes = this.carryBytes === 0 ? head : this.takeCarry(head);
    if (last + 1 < chunk.length) this.keep(chunk.subarray(last + 1));
    return bytes.length > this.maxLineBytes ? this.cutLongLines(bytes) : new LineBatch(bytes);
  }

  /** The unterminated last line, if any; call when the stream has ended. */
  flush(): LineBatch | undefined {
    if (this.carryBytes === 0) return undefined;
    return this.cutLongLines(this.takeCarry(NEWLINE_BYTES));
  }

  private takeCarry(tail: Buffer): Buffer {
    this.carry.push(tail);
    const bytes = Buffer.concat(this.carry, this.carryBytes + tail.length);
    this.carry = [];
    this.carryBytes = 0;
    return bytes;
  }

  private keep(rest: Buffer): void {
    // Copy: the chunk's memory belongs to the stream and a small view would pin it.
    this.carry.push(Buffer.from(rest));
    this.carryBytes += rest.length;
  }

  // A line is cut every `maxLineBytes` from its start, however its bytes were chunked:
  // whole pieces of the carry go out at once, the rest when its newline comes.
  private cutLongCarry(): LineBatch | undefined {
    if (this.carryBytes <= this.maxLineBytes) return undefined;
    const all = Buffer.concat(this.carry, this.carryBytes);
    // A last piece of exactly the limit stays: the line may end right after it.
    const max = this.maxLineBytes;
    const whole = Math.floor((all.length - 1) / max) * max;
    this.carry = whole < all.length ? [all.subarray(whole)] : [];
    this.carryBytes = all.length - whole;
    return LineBatch.of(this.pieces(all.subarray(0, whole)));
  }

  private cutLongLines(bytes: Buffer): LineBatch {
    const batch = new LineBatch(bytes);
    const lines = batch.lines();
    if (lines.every((line) => line.length <= this.maxLineBytes)) return batch;
    return LineBatch.of(lines.flatMap((line) => this.pieces(line)));
  }

  private pieces(line: Buffer): Buffer[] {
    if (line.length <= this.maxLineBytes) return [line];
    const pieces: Buffer[] = [];
    for (let start = 0; start < line.length; start += this.maxLineBytes) {
      pieces.push(line.subarray(start, start + this.maxLineBytes));
    }
    return pieces;
  }
}
