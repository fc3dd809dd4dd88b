// One run of a dyno's command: the child, its exit status, and the end of its output.
import type { Readable } from 'node:stream';
import type { OutputStream } from '../logging/supervisor-event.js';
import type { LineBatch } from '../logging/line-batch.js';
import { LineSplitter } from '../logging/line-splitter.js';
import type { ExitStatus } from './restart-policy.js';
import { peerNames } from './pipe-holders.js';
import type { DynoChild } from './spawn-process.js';

export type LinesListener = (stream: OutputStream, batch: LineBatch) => void;

export class TreeRun {
  readonly child: DynoChild;
  /** Resolves when the shell exits (its descendants may still run). */
  readonly exited: Promise<ExitStatus>;
  /** Resolves when the shell exited and every holder of its stdout and stderr closed them. */
  readonly closed: Promise<ExitStatus>;
  readonly startedAt: number;
  /**
   * `performance.now()` once the shell exists, and once its exit was seen: a process table
   * scanned earlier may miss what it started, or what it left running (see kill-tree.ts).
   */
  readonly spawnedAt = performance.now();
  exitedAt: number | undefined;
  private readonly flushers: (() => void)[];

  constructor(child: DynoChild, onLines: LinesListener, now: number) {
    this.child = child;
    this.startedAt = now;
    this.exited = new Promise((resolve) => {
      const exit = (status: ExitStatus) => {
        this.exitedAt ??= performance.now();
        resolve(status);
      };
      child.once('exit', (code, signal) => exit({ code, signal }));
      child.once('error', () => exit({ code: 127, signal: null }));
    });
    this.closed = new Promise((resolve) => {
      child.once('close', (code, signal) => resolve({ code, signal }));
      child.once('error', () => resolve({ code: 127, signal: null }));
    });
    this.flushers = [
      readLines(child.stdout, 'stdout', onLines),
      readLines(child.stderr, 'stderr', onLines),
    ];
  }

  /** The far ends of the output channels, as /proc names them (see pipe-holders.ts). */
  pipeNames(): string[] {
    const fds = [this.child.stdout, this.child.stderr].map(
      (stream) => (stream as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1,
    );
    return peerNames(fds.filter((fd) => fd >= 0));
  }

  /** Stops reading: prints what is left of unfinished lines and closes both pipes. */
  abandonOutput(): void {
    for (const flush of this.flushers) flush();
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  pause(): void {
    this.child.stdout.pause();
    this.child.stderr.pause();
  }

  resume(): void {
    this.child.stdout.resume();
    this.child.stderr.resume();
  }
}

// Returns a function that passes on an unfinished last line, once.
function readLines(stream: Readable, name: OutputStream, onLines: LinesListener): () => void {
  const splitter = new LineSplitter();
  const flush = () => {
    const last = splitter.flush();
    if (last !== undefined) onLines(name, last);
  };
  stream.on('data', (chunk: Buffer) => {
    const batch = splitter.push(chunk);
    if (batch !== undefined) onLines(name, batch);
  });
  stream.on('end', flush);
  stream.on('error', () => {
    // The pipe broke with the process; whatever arrived was already passed on.
  });
  return flush;
}
