// Complete lines as one read from a pipe brought them: their bytes, each line ending in
// '\n', in one buffer that is usually a view of the chunk read (no copy). Sinks that
// format line by line ask for `lines()`; the console inserts its prefixes in one pass over
// `bytes` using `ends()`. Both are worked out once, when first asked for, and shared.

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from('\n');

export class LineBatch {
  private lineEnds: number[] | undefined;
  private views: Buffer[] | undefined;

  /** `bytes` must be empty or end with '\n'. */
  constructor(readonly bytes: Buffer) {}

  /** A batch of these lines (given without their '\n'). Copies them. */
  static of(lines: readonly Buffer[]): LineBatch {
    return new LineBatch(Buffer.concat(lines.flatMap((line) => [line, NEWLINE_BYTES])));
  }

  get count(): number {
    return this.ends().length;
  }

  /** The offset of each line's '\n' in `bytes`. */
  ends(): readonly number[] {
    if (this.lineEnds) return this.lineEnds;
    const ends: number[] = [];
    const bytes = this.bytes;
    for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, end + 1)) {
      ends.push(end);
    }
    this.lineEnds = ends;
    return ends;
  }

  /** Each line, without its '\n' (a trailing '\r' stays), as a view of `bytes`. */
  lines(): readonly Buffer[] {
    if (this.views) return this.views;
    let start = 0;
    this.views = this.ends().map((end) => {
      const line = this.bytes.subarray(start, end);
      start = end + 1;
      return line;
    });
    return this.views;
  }

  /** Line `index` alone, as a batch viewing the same bytes. */
  line(index: number): LineBatch {
    const ends = this.ends();
    const start = index === 0 ? 0 : (ends[index - 1] as number) + 1;
    return new LineBatch(this.bytes.subarray(start, (ends[index] as number) + 1));
  }
}
