// `dynorun start`: plan, supervise, print; stop everything on SIGINT, SIGTERM or SIGHUP.
import { randomHex } from '../random-hex.js';
import type { Writable } from 'node:stream';
import { describeFileError } from '../logging/prepare-log-dir.js';
import type { Sink } from '../logging/supervisor-event.js';
import { buildPlan } from '../plan/build-plan.js';
import { preflight } from '../plan/preflight.js';
import { OUTPUT_FAILED_EXIT_CODE } from '../supervisor/exit-code.js';
import { signalTree } from '../supervisor/kill-tree.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { startWatchdog } from '../supervisor/watchdog.js';
import { claimAppDir, type AppClaim } from './claim-app-dir.js';
import { duration, parseCommandArgs, planOptions, START_OPTIONS } from './options.js';
import { openControl } from './open-control.js';
import { openOutputStream } from './output-stream.js';
import { alertTag, sinkFlags, startSinks } from './start-sinks.js';

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

  const flags = sinkFlags(values);
  const sampleIntervalMs = duration('--metrics-interval', values['metrics-interval']);
  const formation = await buildPlan(planOptions(values, positionals));
  const { out, owned } = openOutputStream();
  const runId = randomHex(8);
  const { sinks, ring } = await startSinks(flags, formation, out, runId);
  const supervisor = new Supervisor({
    runId,
    formation,
    sinks,
    exitOnCrash: values['exit-on-crash'] === true,
    sampleIntervalMs,
    metrics: values.metrics === true,
  });
  // Before the release: a second start for this app is refused while the first lives.
  const control = await openControl(formation, supervisor, ring);
  const watchdog = startWatchdog(supervisor.runId, {
    onGone: (pid) => supervisor.report({ kind: 'watchdog-gone', pid }),
  });
  let claim: AppClaim | undefined;
  try {
    // What a killed run left goes first: a leftover dyno may hold a port checked next.
    claim = await claimAppDir(formation.cwd, control.path, supervisor);
    // Once this start owns the app directory, so a second start hears "already running".
    await preflight(formation);
    return await superviseUntilDone(supervisor, { out, owned }, sinks);
  } finally {
    claim?.release();
    await control.close();
    await watchdog.release();
  }
}

async function superviseUntilDone(
  supervisor: Supervisor,
  { out, owned }: { out: Writable; owned: boolean },
  sinks: Sink[],
): Promise<number> {
  // A stop begins once, whatever begins it. Only signals count towards "again": a reader
  // that dies with the same Ctrl-C (`dynorun start | tee log`) must not turn the graceful
  // stop into a SIGKILL of every dyno.
  let stopping = false;
  let signals = 0;
  const stopOnce = (...args: Parameters<Supervisor['stop']>) => {
    if (stopping) return;
    stopping = true;
    void supervisor.stop(...args);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) return supervisor.kill();
    stopOnce({ signal });
  };
  // A reader that went away (`dynorun start | head`) ends the run as SIGPIPE would, and
  // silently, as a shell pipeline expects. Any other write error (a full disk, an I/O
  // error) is said once: the run stops as it does for a gone reader, with exit 1.
  let outputFailed = false;
  const onOutputError = (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') return stopOnce({ signal: 'SIGPIPE' });
    if (outputFailed) return;
    outputFailed = true;
    const problem = describeFileError(error);
    process.stderr.write(
      `dynorun: cannot write the log to stdout (${problem}); stopping the formation\n`,
    );
    stopOnce({ output: error.code ?? 'EIO' }, OUTPUT_FAILED_EXIT_CODE);
  };

  // Should dynorun itself fail, its process trees go with it rather than outlive it.
  const onCrash = (error: unknown) => {
    try {
      supervisor.kill();
    } finally {
      // The first error is the one to report, whatever killing the trees ran into.
      // eslint-disable-next-line no-unsafe-finally
      throw error;
    }
  };

  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onCrash);
  out.on('error', onOutputError);
  try {
    const code = await supervisor.run();
    if (supervisor.sinkError !== undefined) throw supervisor.sinkError;
    return code;
  } finally {
    // Log files flushed, alert commands finished or killed: nothing outlives the run.
    await Promise.all(sinks.map((sink) => sink.close?.()));
    // What alert commands left running (even in a new session) goes with the run.
    signalTree({ pgid: undefined, tag: `${alertTag(supervisor.runId)}*` }, 'SIGKILL');
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    if (owned) out.end();
  }
}
