// `--log-format json`: one JSON object per line, written by pino, for every output line
// and every lifecycle event. It replaces the text stream on stdout.
//
//   {"level":"info","time":"2026-12-04T15:07:00.123Z","dyno":"web.1","type":"web",
//    "source":"app","stream":"stderr","pid":4242,"msg":"Listening at: http://0.0.0.0:5000"}
//   {"level":"warn","time":"…","source":"dynorun","event":"exit","dyno":"web.1","type":"web",
//    "pid":4242,"code":1,"signal":null,"stopped":false,"msg":"web.1 exited with code 1"}
//
// (each object is on one line; wrapped here). Output is decoded as UTF-8 with invalid
// bytes replaced by U+FFFD, so every line parses. Process output is `info` whatever its
// stream: servers such as gunicorn and celery log everything to stderr. Lifecycle
// events carry their fields under their own names and the console's wording in `msg`;
// the few with no console line (most state changes, a stop for shutdown) a plain line.
//
// pino formats into this writer, not into a file descriptor of its own: the lines of
// one event leave in one `write` to the same stream the text formats use, so a full
// pipe is reported back as `false` and a closed one ends output, as in
// console-writer.ts, and nothing waits in a buffer of pino's when dynorun exits.
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { eventText } from './lifecycle-message.js';
import type { OutputEvent, Sink, SupervisorEvent } from './supervisor-event.js';

export interface JsonWriterOptions {
  out: Writable;
}

type Level = 'info' | 'warn' | 'error';

export class JsonWriter implements Sink {
  private readonly out: Writable;
  private readonly logger: Logger;
  private readonly system: Logger;
  private readonly dynos = new Map<string, Logger>();
  private readonly pids = new Map<string, number>();
  private pending: string[] = [];
  private closed = false;

  constructor(options: JsonWriterOptions) {
    this.out = options.out;
    const collect = { write: (line: string) => void this.pending.push(line) };
    this.logger = pino(
      {
        base: null,
        messageKey: 'msg',
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      collect,
    );
    this.system = this.logger.child({ source: 'dynorun' });
    this.out.on('error', () => {
      // EPIPE and friends: the reader is gone. Stop writing; the CLI decides what
      // follows.
      this.closed = true;
    });
  }

  write(event: SupervisorEvent): boolean {
    if (this.closed) return true;
    if (event.kind === 'output') this.logOutput(event);
    else this.logLifecycle(event);

    const text = this.pending.join('');
    this.pending = [];
    return this.out.write(text);
  }

  onDrain(listener: () => void): void {
    this.out.once('drain', listener);
  }

  private logOutput(event: OutputEvent): void {
    const logger = this.loggerFor(event.dyno, event.type);
    const fields = { stream: event.stream, pid: this.pids.get(event.dyno) ?? null };
    for (const line of event.batch.lines()) logger.info(fields, line.toString('utf8'));
  }

  private logLifecycle(event: Exclude<SupervisorEvent, OutputEvent>): void {
    if (event.kind === 'spawn') this.pids.set(event.dyno, event.pid);
    const { kind, ...fields } = event;
    this.system[eventLevel(event)]({ event: kind, ...fields }, eventText(event));
  }

  private loggerFor(dyno: string, type: string): Logger {
    let logger = this.dynos.get(dyno);
    if (!logger) {
      logger = this.logger.child({ dyno, type, source: 'app' });
      this.dynos.set(dyno, logger);
    }
    return logger;
  }
}

/** `error`: something failed for good; `warn`: it went wrong and dynorun is dealing with it. */
export function eventLevel(event: SupervisorEvent): Level {
  switch (event.kind) {
    case 'spawn-error':
    case 'boot-timeout':
      return 'error';
    case 'release':
      return event.ok ? 'info' : 'error';
    case 'give-up':
      return event.reason === 'max-restarts' ? 'error' : 'warn';
    case 'memory':
      return event.code === 'R15' ? 'error' : 'warn';
    case 'exit':
      return event.stopped || (event.code === 0 && event.signal === null) ? 'info' : 'warn';
    case 'restart':
    case 'kill':
    case 'leftover':
    case 'watchdog-gone':
      return 'warn';
    default:
      return 'info';
  }
}
