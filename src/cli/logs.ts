// `dynorun logs`: the recent lines of the running formation (the last 100, `-n N`), then
// with `--tail` new lines as they come, laid out as the main stream lays them out
// (foreman columns, or `--format heroku`) by the same writers, each line with the time it
// was made.
//
// A tail ends when the run ends, which it says on stderr (exit 0); a tail that ends any
// other way (dropped for falling behind, dynorun killed) is an error (exit 1).
//
// The ring sends every event it holds; they are written to memory first and only the last
// N lines printed, because which events make a line (and how many) depends on the format.
import { Writable } from 'node:stream';
import { sendControlRequest } from '../control/control-client.js';
import type { ControlMessage, LogsRequest } from '../control/control-protocol.js';
import { fromWire } from '../control/wire-event.js';
import { UsageError } from '../errors.js';
import { ConsoleWriter } from '../logging/console-writer.js';
import { shouldColor } from '../logging/format-prefix.js';
import { HerokuWriter } from '../logging/heroku-writer.js';
import type { Sink } from '../logging/supervisor-event.js';
import { CONTROL_OPTIONS, parseControlArgs } from './control-options.js';
import { integer, logFormat, type ParsedValues } from './options.js';

export const DEFAULT_LOG_LINES = 100;

const LOGS_OPTIONS = {
  ...CONTROL_OPTIONS,
  tail: { type: 'boolean', short: 't' },
  num: { type: 'string', short: 'n' },
  dyno: { type: 'string' },
  type: { type: 'string' },
  source: { type: 'string' },
  format: { type: 'string' },
  'no-timestamp': { type: 'boolean' },
} as const;

export async function logsCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const parsed = parseControlArgs('logs', args, LOGS_OPTIONS, printHelp);
  if (parsed.done) return 0;
  if (parsed.positionals.length > 0) {
    throw new UsageError(`logs takes no arguments, got ${parsed.positionals[0]}; try --dyno`);
  }
  const { values } = parsed;
  const count = values.num === undefined ? DEFAULT_LOG_LINES : integer('-n', values.num, 0, 1e6);
  const format = logFormat(values.format);
  const history = new RecentLines(out, count);
  let micros = Date.now() * 1000;
  let writer: Sink | undefined;
  const gone = new AbortController();
  out.once('error', () => gone.abort());

  let stoppedWith: number | undefined;

  const onMessage = (message: ControlMessage) => {
    if ('names' in message) writer = createWriter(format, history, message, values, () => micros);
    if ('live' in message || 'end' in message) history.flush();
    if ('end' in message) stoppedWith = message.exitCode;
    if (!('event' in message) || writer === undefined) return;
    const received = fromWire(message.event);
    micros = received.micros;
    writer.write(received.event);
  };
  await sendControlRequest(parsed.appDir, logsRequest(values), onMessage, { signal: gone.signal });
  history.flush();
  // A tail ends only when the run does: say so, since the last line may not.
  if (stoppedWith !== undefined) {
    process.stderr.write(`dynorun: the formation stopped (exit code ${stoppedWith}); end of log\n`);
  }
  return 0;
}

// Keeps what the writer writes until `flush`, then prints the last `count` lines of it;
// after that, passes everything straight through.
class RecentLines extends Writable {
  private kept: Buffer[] = [];
  private flushed = false;

  constructor(
    private readonly out: Writable,
    private readonly count: number,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    if (this.flushed) this.out.write(chunk);
    else this.kept.push(chunk);
    done();
  }

  flush(): void {
    if (this.flushed) return;
    this.flushed = true;
    const lines = Buffer.concat(this.kept).toString('latin1').split('\n').slice(0, -1);
    const last = this.count === 0 ? [] : lines.slice(-this.count);
    if (last.length > 0) this.out.write(Buffer.from(`${last.join('\n')}\n`, 'latin1'));
    this.kept = [];
  }
}

function logsRequest(values: ParsedValues): LogsRequest {
  const source = values.source;
  if (source !== undefined && source !== 'app' && source !== 'dynorun') {
    throw new UsageError(`--source expects one of app, dynorun, got "${String(source)}"`);
  }
  return {
    command: 'logs',
    dyno: typeof values.dyno === 'string' ? values.dyno : undefined,
    type: typeof values.type === 'string' ? values.type : undefined,
    source,
    tail: values.tail === true,
  };
}

function createWriter(
  format: 'foreman' | 'heroku',
  out: Writable,
  header: { names: string[]; types: string[] },
  values: ParsedValues,
  micros: () => number,
): Sink {
  if (format === 'heroku') return new HerokuWriter({ out, now: micros });
  return new ConsoleWriter({
    out,
    names: header.names,
    types: header.types,
    timestamp: values['no-timestamp'] !== true,
    color: shouldColor(process.env, process.stdout.isTTY === true),
    now: () => micros() / 1000,
  });
}
