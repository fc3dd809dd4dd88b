// `--format heroku`: every line as Heroku's log shows it,
//
//   2026-12-04T15:07:00.123456+00:00 app[web.1]: Listening at: http://0.0.0.0:5000
//   2026-12-04T15:07:00.123789+00:00 heroku[web.1]: State changed from starting to up
//
// Process output goes under `app[<dyno>]` with its bytes untouched; the dyno manager's
// lines (worded in heroku-message.ts) under `heroku[<dyno>]`. As in console-writer.ts,
// each event is one `write` of one Buffer, and a full pipe is reported back as `false`.
//
// Every line is stamped when the writer gets it, in UTC with microseconds. The supervisor
// calls its sinks as the bytes arrive, so that is their arrival time; an output event's
// own `time` only has milliseconds.
//
// As Logplex does, a line longer than 10,000 bytes becomes 10,000-byte pieces, each with
// its own timestamp and source. The cut is made on bytes, so a multi-byte UTF-8 character
// that straddles it is split across two lines (Logplex does the same).
import { randomHex } from '../random-hex.js';
import type { Writable } from 'node:stream';
import {
  herokuMessage,
  type HerokuContext,
  type HerokuLine,
  type HerokuState,
} from './heroku-message.js';
import type { OutputEvent, Sink, SupervisorEvent } from './supervisor-event.js';
import { systemClock } from './system-clock.js';

/** Logplex's limit on one line's message, in bytes. */
export const HEROKU_LINE_BYTES = 10_000;

export interface HerokuWriterOptions {
  out: Writable;
  /** Microseconds since the epoch. @default the system clock, to the microsecond */
  now?: () => number;
  /** The release dyno's name. @default `release.` and four random digits, as on Heroku */
  releaseDyno?: string;
  /** For runtime metrics' `dyno=heroku.<runId>.<dyno>`. @default 8 random hex digits */
  runId?: string;
}

const NEWLINE = Buffer.from('\n');

export class HerokuWriter implements Sink {
  /** The release dyno's name in this writer's lines, e.g. `release.4821`. */
  readonly releaseDyno: string;
  private readonly out: Writable;
  private readonly now: () => number;
  private readonly context: HerokuContext;
  private readonly stopSignals = new Map<string, NodeJS.Signals>();
  private readonly shownStates = new Map<string, HerokuState>();
  private defaultStopSignal: NodeJS.Signals = 'SIGTERM';
  private second = Number.NaN;
  private secondText = '';
  private closed = false;

  constructor(options: HerokuWriterOptions) {
    this.out = options.out;
    this.now = options.now ?? systemClock();
    this.releaseDyno = options.releaseDyno ?? `release.${1000 + Math.floor(Math.random() * 9000)}`;
    this.context = {
      releaseDyno: this.releaseDyno,
      runId: options.runId ?? randomHex(8),
      stopSignal: (dyno) => this.stopSignals.get(dyno) ?? this.defaultStopSignal,
      shownState: (dyno) => this.shownStates.get(dyno),
    };
    this.out.on('error', () => {
      // EPIPE and friends: the reader is gone. Stop writing; the CLI decides the rest.
      this.closed = true;
    });
  }

  write(event: SupervisorEvent): boolean {
    if (this.closed) return true;
    if (event.kind === 'output') return this.writeOutput(event);

    const lines = herokuMessage(event, this.context);
    this.remember(event, lines);
    if (lines.length === 0) return true;
    return this.writeMessages(lines);
  }

  onDrain(listener: () => void): void {
    this.out.once('drain', listener);
  }

  // What later lines are worded from: each dyno's stop signal and last shown state.
  private remember(event: SupervisorEvent, lines: HerokuLine[]): void {
    if (event.kind === 'stopping') this.defaultStopSignal = event.signal;
    if (!('dyno' in event)) return;

    if (event.kind === 'stop') this.stopSignals.set(event.dyno, event.signal);
    const shown = lines.findLast((line) => line.state !== undefined)?.state;
    if (shown) this.shownStates.set(event.dyno, shown);
  }

  private writeOutput(event: OutputEvent): boolean {
    const dyno = event.type === 'release' ? this.releaseDyno : event.dyno;
    const prefix = Buffer.from(`${this.timestamp()} app[${dyno}]: `);
    const parts: Buffer[] = [];
    let size = 0;

    for (const line of event.batch.lines()) size += appendPieces(parts, prefix, line);
    return this.out.write(Buffer.concat(parts, size));
  }

  private writeMessages(lines: HerokuLine[]): boolean {
    const time = this.timestamp();
    const parts: Buffer[] = [];
    let size = 0;

    for (const { dyno, text } of lines) {
      const prefix = Buffer.from(`${time} heroku[${dyno}]: `);
      size += appendPieces(parts, prefix, Buffer.from(text));
    }
    return this.out.write(Buffer.concat(parts, size));
  }

  // RFC 5424 style, as Heroku prints it: `2026-12-04T15:07:00.123456+00:00`. The part up
  // to the second only changes once a second; keep it.
  private timestamp(): string {
    const micros = this.now();
    const second = Math.floor(micros / 1_000_000);
    if (second !== this.second) {
      this.second = second;
      this.secondText = new Date(second * 1000).toISOString().slice(0, 19);
    }
    const fraction = String(micros - second * 1_000_000).padStart(6, '0');
    return `${this.secondText}.${fraction}+00:00`;
  }
}

// Pushes `prefix piece \n` for every 10,000-byte piece of `line` (one piece if it is
// shorter, empty lines included); returns the bytes added. Pieces are views, not copies.
function appendPieces(parts: Buffer[], prefix: Buffer, line: Buffer): number {
  let size = 0;
  let start = 0;

  do {
    const piece = line.subarray(start, start + HEROKU_LINE_BYTES);
    parts.push(prefix, piece, NEWLINE);
    size += prefix.length + piece.length + 1;
    start += HEROKU_LINE_BYTES;
  } while (start < line.length);
  return size;
}
