// `dynorun start`: plan, supervise, print; stop everything on SIGINT, SIGTERM or SIGHUP.
import { ConsoleWriter } from '../logging/console-writer.js';
import { shouldColor } from '../logging/format-prefix.js';
import { buildPlan } from '../plan/build-plan.js';
import { DEFAULT_RESTART, type RestartOptions } from '../supervisor/restart-policy.js';
import { Supervisor } from '../supervisor/supervisor.js';
import type { Formation } from '../types.js';
import {
  integer,
  parseCommandArgs,
  planOptions,
  restartPolicy,
  seconds,
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

  const graceMs = seconds('--timeout', values.timeout, 30_000);
  const restart = restartOptions(values);
  const formation = await buildPlan(planOptions(values, positionals));
  const out = openOutputStream();
  const writer = new ConsoleWriter({
    out,
    names: [...formation.dynos.map((dyno) => dyno.name), 'release'],
    types: typesOf(formation),
    timestamp: values['no-timestamp'] !== true,
    color: shouldColor(process.env, process.stdout.isTTY === true),
  });
  const supervisor = new Supervisor({
    formation,
    sinks: [writer],
    graceMs,
    restart,
    exitOnCrash: values['exit-on-crash'] === true,
  });
  return superviseUntilDone(supervisor, out);
}

async function superviseUntilDone(
  supervisor: Supervisor,
  out: NodeJS.WritableStream,
): Promise<number> {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) return supervisor.kill();
    signalled = true;
    void supervisor.stop({ signal });
  };
  // A reader that went away (`dynorun start | head`) ends the run as SIGPIPE would.
  const onOutputError = () => onSignal('SIGPIPE');

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  out.on('error', onOutputError);
  try {
    return await supervisor.run();
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    if (out !== process.stdout) out.end();
  }
}

function restartOptions(values: ParsedValues): RestartOptions {
  const policy = restartPolicy(values.restart) ?? DEFAULT_RESTART.policy;
  const max = values['max-restarts'];
  const maxRestarts =
    max === undefined ? DEFAULT_RESTART.maxRestarts : integer('--max-restarts', max, 0, 1e9);
  return { ...DEFAULT_RESTART, policy, maxRestarts };
}

function typesOf(formation: Formation): string[] {
  return [...new Set(formation.dynos.map((dyno) => dyno.type))];
}
