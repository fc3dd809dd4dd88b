// `dynorun start`: plan, supervise, print; stop everything on SIGINT, SIGTERM or SIGHUP.
import type { Writable } from 'node:stream';
import { ConsoleWriter } from '../logging/console-writer.js';
import { shouldColor } from '../logging/format-prefix.js';
import { HerokuWriter } from '../logging/heroku-writer.js';
import type { Sink } from '../logging/supervisor-event.js';
import { buildPlan } from '../plan/build-plan.js';
import { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';
import {
  duration,
  logFormat,
  parseCommandArgs,
  planOptions,
  START_OPTIONS,
  type ParsedValues,
} from './options.js';
import { openOutputStream } from './output-stream.js';

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function startCommand(
  args: string[],
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('start', args, START_OPTIONS);
  if (values.help || values.version) {
    printHelp(values.version === true);
    return 0;
  }

  const format = logFormat(values.format);
  const sampleIntervalMs = duration('--metrics-interval', values['metrics-interval']);
  const formation = await buildPlan(planOptions(values, positionals));
  const out = openOutputStream();
  const supervisor = new Supervisor({
    formation,
    sinks: [createWriter(format, out, formation, values)],
    exitOnCrash: values['exit-on-crash'] === true,
    sampleIntervalMs,
    metrics: values.metrics === true,
  });
  return superviseUntilDone(supervisor, out);
}

function createWriter(
  format: 'foreman' | 'heroku',
  out: Writable,
  formation: Formation,
  values: ParsedValues,
): Sink {
  if (format === 'heroku') return new HerokuWriter({ out });
  return new ConsoleWriter({
    out,
    names: [...formation.dynos.map((dyno) => dyno.name), 'release'],
    types: [...new Set(formation.dynos.map((dyno) => dyno.type))],
    timestamp: values['no-timestamp'] !== true,
    color: shouldColor(process.env, process.stdout.isTTY === true),
  });
}

async function superviseUntilDone(supervisor: Supervisor, out: Writable): Promise<number> {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return supervisor.kill();
    signalled = true;
    void supervisor.stop({ signal });
  };
  // A reader that went away (`dynorun start | head`) ends the run as SIGPIPE would.
  const onOutputError = () => onSignal('SIGPIPE');

  // Should dynorun itself fail, its process trees go with it rather than outlive it.
  const onCrash = (error: unknown) => {
    supervisor.kill();
    throw error;
  };

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  out.on('error', onOutputError);
  try {
    const code = await supervisor.run();
    if (supervisor.sinkError !== undefined) throw supervisor.sinkError;
    return code;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    if (out !== process.stdout) out.end();
  }
}
