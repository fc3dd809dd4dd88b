// One log file that rotates by size: `web.1.log` is the live file; when the next line
// would take it past `maxBytes` it becomes `web.1.log.1`, `.1` becomes `.2` and so on,
// and the file past `files - 1` is overwritten, so at most `files` files exist. The cut
// is always between lines: a line is never split across two files. A single line longer
// than `maxBytes` gets a fresh file of its own, which is then larger than `maxBytes`.
//
// A file that cannot be opened (a directory in its place, its directory removed) or
// written (a full disk) fails: `onError` is called once and later writes are dropped, so
// one bad file never stops the others or the run.
//
// Rotation renames only regular files: it never moves something of the user's that
// happens to have a log's name. If the live file or one of its numbered slots is a
// directory, a symlink or anything else, `onRotationStop` names it once and rotation
// stops; lines go on to the live file, which then grows past `maxBytes`.
//
// Writes go through an fs write stream, so a slow disk never blocks the event loop;
// when the stream's buffer is full `write` returns false and `onDrain` says when it has
// room. Rotation itself (a few renames and an open) is synchronous: it happens once per
// `maxBytes`. Renaming a file under a stream that is still flushing is safe on POSIX:
// the stream's descriptor follows the file to its new name.
import {
  createWriteStream,
  lstatSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  type WriteStream,
} from 'node:fs';
import { finished } from 'node:stream/promises';

export interface RotatingFileOptions {
  path: string;
  /** Rotate before the live file would grow past this many bytes. */
  maxBytes: number;
  /** Files kept, the live one included (1: the live file is simply started over). */
  files: number;
  /** The first open or write error (a full disk, a removed directory); the file then stops. */
  onError?: (error: Error) => void;
  /**
   * Rotation would rename `path`, which is not a regular file (`what`: `a directory`,
   * `a symlink`, …): it stops, once, and the live file grows on.
   */
  onRotationStop?: (path: string, what: string) => void;
}

const NEWLINE = 0x0a;

export class RotatingFile {
  readonly path: string;
  private readonly options: RotatingFileOptions;
  private stream: WriteStream | undefined;
  private size: number;
  private readonly ending: Promise<void>[] = [];
  private drainListeners: (() => void)[] = [];
  private failed = false;
  private rotationStopped = false;

  /** Opens (appending to) the live file now; if it cannot, `onError` is called at once. */
  constructor(options: RotatingFileOptions) {
    this.options = options;
    this.path = options.path;
    this.size = sizeOf(options.path);
    this.stream = this.open();
  }

  get needsDrain(): boolean {
    return !this.failed && this.stream !== undefined && this.stream.writableNeedDrain;
  }

  /** Appends `chunk`, which holds whole lines each ending in `\n`; false when buffered full. */
  write(chunk: Buffer): boolean {
    if (this.failed) return true;
    const { maxBytes } = this.options;
    let start = 0;

    while (start < chunk.length) {
      const rest = chunk.length - start;
      if (rest <= maxBytes - this.size || this.rotationStopped) {
        this.append(chunk.subarray(start));
        break;
      }
      const cut = this.lastFittingLineEnd(chunk, start);
      if (cut !== -1) {
        this.append(chunk.subarray(start, cut + 1));
        start = cut + 1;
      }
      if (start < chunk.length && !this.rotate()) return true;
    }
    return !this.needsDrain;
  }

  /** Calls `listener` once the live file can take more. */
  onDrain(listener: () => void): void {
    if (!this.needsDrain) return queueMicrotask(listener);
    this.drainListeners.push(listener);
    if (this.drainListeners.length === 1) this.stream?.once('drain', () => this.drained());
  }

  /** Flushes and closes every stream this file opened. */
  async close(): Promise<void> {
    if (this.stream) this.ending.push(endStream(this.stream));
    this.stream = undefined;
    await Promise.all(this.ending);
  }

  // The end of the last line of `chunk` from `start` that still fits the live file; for
  // an empty live file, the end of the first line whatever its length (it must go
  // somewhere). -1 when the live file has data and not even one more line fits.
  private lastFittingLineEnd(chunk: Buffer, start: number): number {
    const room = this.options.maxBytes - this.size;
    const cut = room > 0 ? chunk.lastIndexOf(NEWLINE, start + room - 1) : -1;
    if (cut >= start) return cut;
    if (this.size > 0) return -1;
    const end = chunk.indexOf(NEWLINE, start);
    return end === -1 ? chunk.length - 1 : end;
  }

  private append(piece: Buffer): void {
    this.size += piece.length;
    this.stream?.write(piece);
  }

  // False when the file could not be rotated (it has then stopped); true when it was, or
  // when rotation stopped short of renaming something that is not ours.
  private rotate(): boolean {
    if (this.refusesRotation()) return true;
    const old = this.stream;
    this.stream = undefined;
    if (old) {
      this.ending.push(endStream(old));
      // An ended stream never emits `drain`: whoever waits on it waits for its flush
      // instead.
      if (this.drainListeners.length > 0) void finished(old).then(this.drained, this.drained);
    }

    const { path, files } = this.options;
    try {
      if (files <= 1) unlinkSync(path);
      for (let index = files - 1; index >= 2; index--) {
        renameIfPresent(`${path}.${index - 1}`, `${path}.${index}`);
      }
      if (files > 1) renameSync(path, `${path}.1`);
    } catch (error) {
      this.fail(error as Error);
      return false;
    }
    this.size = 0;
    this.stream = this.open();
    return this.stream !== undefined;
  }

  // True, after saying so once, when the live file or a numbered slot rotation would
  // rename exists and is not a regular file.
  private refusesRotation(): boolean {
    const { path, files } = this.options;
    const slots = [path, ...Array.from({ length: files - 1 }, (_, i) => `${path}.${i + 1}`)];
    for (const slot of slots) {
      const what = notRegularFile(slot);
      if (what === undefined) continue;
      this.rotationStopped = true;
      this.options.onRotationStop?.(slot, what);
      return true;
    }
    return false;
  }

  // Undefined when the file cannot be opened; it has then failed.
  private open(): WriteStream | undefined {
    let fd: number;
    try {
      fd = openSync(this.path, 'a');
    } catch (error) {
      this.fail(error as Error);
      return undefined;
    }
    const stream = createWriteStream(this.path, { fd });
    stream.on('error', (error) => this.fail(error));
    return stream;
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.options.onError?.(error);
    this.drained();
  }

  private readonly drained = (): void => {
    const listeners = this.drainListeners;
    this.drainListeners = [];
    for (const listener of listeners) listener();
  };
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

// What is at `path` when it exists and is not a regular file: `a directory`, `a symlink`…
function notRegularFile(path: string): string | undefined {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symlink';
  return 'not a regular file';
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function endStream(stream: WriteStream): Promise<void> {
  stream.end();
  return finished(stream).then(
    () => undefined,
    () => undefined,
  );
}
