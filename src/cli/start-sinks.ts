// The sinks of `dynorun start`, from its flags: the stream on stdout (foreman or Heroku
// text, or JSON lines with `--log-format json`), the in-memory ring `dynorun logs`
// reads, and optionally the log directory and the alert command.
//
// `--format` picks the text layout; `--log-format json` replaces the text on stdout, so
// the two do not combine and asking for both is an error. The files of `--log-dir` are
// always text, whatever stdout gets.
import type { Writable } from 'node:stream';
import { isatty } from 'node:tty';
import { UsageError } from '../errors.js';
import { TAG_VARIABLE } from '../supervisor/process-table.js';
import { AlertRunner } from '../logging/alert-runner.js';
import { ConsoleWriter } from '../logging/console-writer.js';
import { shouldColor } from '../logging/format-prefix.js';
import { HerokuWriter } from '../logging/heroku-writer.js';
import { LogDirWriter } from '../logging/log-dir-writer.js';
import { LogRing } from '../logging/log-ring.js';
import { describeFileError, prepareLogDir } from '../logging/prepare-log-dir.js';
import type { Sink } from '../logging/supervisor-event.js';
import type { Formation } from '../types.js';
import {
  duration,
  integer,
  logFormat,
  size,
  type LogFormat,
  type ParsedValues,
} from './options.js';

const MIB = 1024 * 1024;

/** The sink flags of `dynorun start`, checked before anything is planned or started. */
export interface SinkFlags {
  json: boolean;
  format: LogFormat;
  timestamp: boolean;
  ringCapacity: number | undefined;
  logDir: { dir: string; maxBytes: number; files: number } | undefined;
  alerts: { command: string; intervalMs: number | undefined } | undefined;
}

export function sinkFlags(values: ParsedValues): SinkFlags {
  const json = jsonOutput(values['log-format']);
  if (json && values.format !== undefined) {
    throw new UsageError(
      '--format and --log-format json cannot be combined: JSON replaces the text',
    );
  }
  const dir = values['log-dir'];
  const command = values['on-event'];
  if (typeof command !== 'string' && values['alert-interval'] !== undefined) {
    throw new UsageError('--alert-interval needs --on-event');
  }
  return {
    json,
    format: logFormat(values.format),
    timestamp: values['no-timestamp'] !== true,
    ringCapacity: count('--log-buffer', values['log-buffer'], 1_000_000),
    logDir:
      typeof dir === 'string'
        ? {
            dir,
            maxBytes: size('--log-max-size', values['log-max-size']) ?? 10 * MIB,
            files: count('--log-files', values['log-files'], 1000) ?? 5,
          }
        : undefined,
    alerts:
      typeof command === 'string'
        ? { command, intervalMs: duration('--alert-interval', values['alert-interval']) }
        : undefined,
  };
}

export interface StartSinks {
  sinks: Sink[];
  /** The recent lines, for the control socket's `dynorun logs`. */
  ring: LogRing;
}

/** The DYNORUN_TAG of alert commands: not `<runId>.…`, which the run's end kills at once. */
export function alertTag(runId: string): string {
  return `${runId}-alert`;
}

export async function startSinks(
  flags: SinkFlags,
  formation: Formation,
  out: Writable,
  runId: string,
): Promise<StartSinks> {
  const ring = new LogRing({ capacity: flags.ringCapacity });
  const names = [...formation.dynos.map((dyno) => dyno.name), 'release'];
  const sinks: Sink[] = [await stdoutWriter(flags, formation, names, out), ring];

  if (flags.logDir) sinks.push(logDirWriter(flags.logDir, names));
  if (flags.alerts) {
    sinks.push(
      new AlertRunner({
        command: flags.alerts.command,
        intervalMs: flags.alerts.intervalMs,
        appDir: formation.cwd,
        // Tagged, so the watchdog and the end of the run find what an alert leaves behind.
        env: { ...formation.appEnv, [TAG_VARIABLE]: alertTag(runId) },
        onError: (error) => warn(`alert command could not start: ${error.message}`),
      }),
    );
  }
  return { sinks, ring };
}

async function stdoutWriter(
  flags: SinkFlags,
  formation: Formation,
  names: string[],
  out: Writable,
): Promise<Sink> {
  // pino is loaded only for JSON output: most runs print text and should start fast.
  if (flags.json) return new (await import('../logging/json-writer.js')).JsonWriter({ out });
  if (flags.format === 'heroku') return new HerokuWriter({ out });
  return new ConsoleWriter({
    out,
    names,
    types: [...new Set(formation.dynos.map((dyno) => dyno.type))],
    timestamp: flags.timestamp,
    color: shouldColor(process.env, isatty(1)),
    // stdout itself, or a socket on fd 1 (see output-stream.ts).
    reuseBuffers: true,
  });
}

// A directory that cannot hold the files is a usage error, before anything starts. A file
// that fails later is reported once and left out; the exit code stays the run's own, since
// it tells how the dynos ended, and the console stream and the other files lost nothing.
function logDirWriter(options: NonNullable<SinkFlags['logDir']>, names: string[]): Sink {
  prepareLogDir(options.dir);
  return new LogDirWriter({
    ...options,
    names,
    onError: (path, error) => {
      const problem = describeFileError(error);
      warn(`cannot write log file ${path} (${problem}); it is left out, the run goes on`);
    },
    onRotationStop: (path, slot, what) => {
      const left = `${slot} is ${what}, not a log file; it is left alone`;
      warn(`cannot rotate log file ${path}: ${left}, and ${path} grows past --log-max-size`);
    },
  });
}

function jsonOutput(value: unknown): boolean {
  if (value === undefined || value === 'text') return false;
  if (value === 'json') return true;
  throw new UsageError(`--log-format expects one of text, json, got "${String(value)}"`);
}

function count(flag: string, value: unknown, max: number): number | undefined {
  return value === undefined ? undefined : integer(flag, value, 1, max);
}

// Problems of a sink while running: one line on stderr, supervision goes on.
function warn(message: string): void {
  process.stderr.write(`dynorun: ${message}\n`);
}
