// `--log-dir DIR`: the log on disk. Every line goes to the combined `dynorun.log` and
// to its dyno's own file (`web.1.log`; the release phase's output to `release.log`), in
// the foreman column format without colour, with the date in the time column since such
// files outlive a day:
//
//   2026-12-04T15:07:00.123Z web.1   | Listening at: http://0.0.0.0:5000
//   2026-12-04T15:07:01.002Z dynorun | web.1 exited with code 1
//
// dynorun's own lines go to the combined file, and also to the file of the dyno they
// are about. One-off dynos (`run.1`, `run.2`, …) share `run.log`, so a script that calls
// `dynorun run` every minute does not leave a file per call; their output goes to their
// terminal, so only their start and exit lines are here. Each file rotates by size (see
// rotating-file.ts). Existing files are appended to.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_NAME } from './console-writer.js';
import { lifecycleMessage, ONE_OFF_TYPE } from './lifecycle-message.js';
import { RotatingFile } from './rotating-file.js';
import type { Sink, SupervisorEvent } from './supervisor-event.js';

export interface LogDirWriterOptions {
  dir: string;
  /** Rotate a file before it grows past this. */
  maxBytes: number;
  /** Files kept per log, the live one included. */
  files: number;
  /** Every dyno name that may appear: the column is as wide as the widest from the start. */
  names: string[];
  /**
   * Called once per file that cannot be opened or written (a directory in its place, a
   * full disk, a removed directory); that file stops, every other file goes on.
   */
  onError?: (path: string, error: Error) => void;
  /**
   * Called once per log whose rotation would rename `slot`, which is not a regular file
   * (`what`: `a directory`, …); that log stops rotating and its live file grows on.
   */
  onRotationStop?: (path: string, slot: string, what: string) => void;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
}

export const COMBINED_LOG = 'dynorun.log';
const NEWLINE = Buffer.from('\n');

export class LogDirWriter implements Sink {
  private readonly options: LogDirWriterOptions;
  private readonly combined: RotatingFile;
  private readonly files = new Map<string, RotatingFile>();
  private readonly now: () => number;
  private width: number;

  /** Creates the directory and opens the combined file now; dyno files open on first use. */
  constructor(options: LogDirWriterOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.width = Math.max(SYSTEM_NAME.length, ...options.names.map((name) => name.length));
    mkdirSync(options.dir, { recursive: true });
    this.combined = this.open(COMBINED_LOG);
  }

  write(event: SupervisorEvent): boolean {
    if (event.kind === 'output') {
      const chunk = this.format(event.dyno, event.batch.lines());
      return this.writeTo(chunk, event.dyno);
    }
    const message = lifecycleMessage(event);
    if (message === undefined) return true;
    const chunk = this.format(SYSTEM_NAME, [Buffer.from(message)]);
    return this.writeTo(chunk, subjectOf(event));
  }

  /** Calls `listener` once every file that was full can take more. */
  onDrain(listener: () => void): void {
    const full = this.all().filter((file) => file.needsDrain);
    let waiting = full.length;
    if (waiting === 0) return queueMicrotask(listener);
    for (const file of full) file.onDrain(() => --waiting === 0 && listener());
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((file) => file.close()));
  }

  private writeTo(chunk: Buffer, dyno: string | undefined): boolean {
    const combined = this.combined.write(chunk);
    const own = dyno === undefined ? true : this.fileFor(dyno).write(chunk);
    return combined && own;
  }

  private format(name: string, lines: readonly Buffer[]): Buffer {
    if (name.length > this.width) this.width = name.length;
    const prefix = Buffer.from(
      `${new Date(this.now()).toISOString()} ${name.padEnd(this.width)} | `,
    );
    const parts: Buffer[] = [];
    let size = 0;
    for (const line of lines) {
      parts.push(prefix, line, NEWLINE);
      size += prefix.length + line.length + 1;
    }
    return Buffer.concat(parts, size);
  }

  private fileFor(dyno: string): RotatingFile {
    let file = this.files.get(dyno);
    if (!file) {
      file = this.open(`${dyno}.log`);
      this.files.set(dyno, file);
    }
    return file;
  }

  private open(name: string): RotatingFile {
    const path = join(this.options.dir, name);
    const { maxBytes, files, onError, onRotationStop } = this.options;
    return new RotatingFile({
      path,
      maxBytes,
      files,
      onError: (error) => onError?.(path, error),
      onRotationStop: (slot, what) => onRotationStop?.(path, slot, what),
    });
  }

  private all(): RotatingFile[] {
    return [this.combined, ...this.files.values()];
  }
}

// The dyno a lifecycle line is about, whose own file gets it too.
function subjectOf(event: SupervisorEvent): string | undefined {
  if (event.kind === 'release') return 'release';
  if ('type' in event && event.type === ONE_OFF_TYPE) return ONE_OFF_TYPE;
  return 'dyno' in event && typeof event.dyno === 'string' ? event.dyno : undefined;
}
