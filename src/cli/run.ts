// `dynorun run`: a one-off command with the app's environment and the terminal attached.
// `run web` runs that type's Procfile command; one argument runs through /bin/sh -c; several
// arguments run as they are, without a shell re-splitting them.
import { execa } from 'execa';
import { signalExitCode } from '../supervisor/exit-code.js';
import { buildPlan } from '../plan/build-plan.js';
import { parseCommandArgs, PLAN_OPTIONS, planOptions } from './options.js';
import { UsageError } from '../errors.js';

export async function runCommand(
  args: string[],
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const { values, positionals } = parseCommandArgs('run', args, PLAN_OPTIONS, true);
  if (values.help || values.version) {
    printHelp(values.version === true);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('run: which command? e.g. dynorun run bash');

  const formation = await buildPlan({ ...planOptions(values), formation: 'all=0', release: false });
  const entry =
    positionals.length === 1
      ? formation.processTypes.find((type) => type.name === positionals[0])?.command
      : undefined;
  const env = { ...formation.appEnv, DYNO: 'run.1', PS: 'run.1', PORT: String(formation.basePort) };
  const [file, ...rest] =
    entry !== undefined || positionals.length === 1
      ? ['/bin/sh', '-c', entry ?? (positionals[0] as string)]
      : positionals;

  // The terminal's Ctrl-C reaches the command directly (same process group); dynorun only
  // waits for it, and passes on a SIGTERM or SIGHUP sent to dynorun itself.
  const subprocess = execa(file as string, rest, {
    cwd: formation.cwd,
    env,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  const forward = (signal: NodeJS.Signals) => subprocess.kill(signal);
  const ignore = () => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  try {
    const result = await subprocess;
    if (result.failed && result.exitCode === undefined && !result.signal) {
      throw new UsageError(`run: ${result.shortMessage}`);
    }
    return result.signal ? signalExitCode(result.signal) : (result.exitCode ?? 0);
  } finally {
    process.off('SIGINT', ignore);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
  }
}
