// `dynorun run`: a one-off command with the app's environment and the terminal attached.
// `run web` runs that type's Procfile command; one argument runs through /bin/sh -c;
// several arguments run as they are, without a shell re-splitting them. As on Heroku, the
// one-off's dyno goes when its command ends: whatever the command left running is stopped
// then.
//
// When a `dynorun start` runs for the same app, the one-off joins it (see
// one-off-registration.ts): it is named `run.N` by that formation and listed by its `ps`.
// Otherwise it is `run.1`.
//
// Its processes carry a tag of their own, `<id>.run`, and a watchdog started with that id
// (see watchdog.ts) stops them should `dynorun run` itself be killed.
import { randomHex } from '../random-hex.js';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { buildPlan } from '../plan/build-plan.js';
import type { Env, Formation } from '../types.js';
import { signalExitCode } from '../supervisor/exit-code.js';
import { TAG_VARIABLE } from '../supervisor/process-table.js';
import type { ExitStatus } from '../supervisor/restart-policy.js';
import { shellQuote, shellScript } from '../supervisor/spawn-process.js';
import { stopTagged } from '../supervisor/stop-tagged.js';
import { startWatchdog } from '../supervisor/watchdog.js';
import { watchdogGone } from '../logging/lifecycle-message.js';
import { registerOneOff } from './one-off-registration.js';
import { parseCommandArgs, PLAN_OPTIONS, planOptions } from './options.js';

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
  const { argv, line } = oneOffCommand(formation, positionals);
  const runId = randomHex(8);
  const tag = `${runId}.run`;
  const registration = await registerOneOff(formation.cwd, { tag, line });
  const dyno = registration?.dyno ?? 'run.1';
  const env = {
    ...formation.appEnv,
    DYNO: dyno,
    PS: dyno,
    PORT: String(formation.basePort),
    [TAG_VARIABLE]: tag,
  };

  let started: Promise<void> = Promise.resolve();
  const onSpawn = (pid: number) => {
    if (registration) started = registration.started(pid);
  };
  const watchdog = startWatchdog(runId, {
    onGone: (pid) => process.stderr.write(`dynorun: ${watchdogGone(pid)}\n`),
  });
  try {
    const [file, ...rest] = argv as [string, ...string[]];
    const ended = await runAttached(file, rest, { cwd: formation.cwd, env }, onSpawn);
    const error = ended.spawned ? undefined : 'command not found';
    if (error) process.stderr.write(`dynorun: run: ${file}: ${error}\n`);
    await started;
    await registration?.exited(ended.exit, error && `${file}: ${error}`);
    return ended.exitCode;
  } finally {
    await stopTagged(tag);
    await watchdog.release();
  }
}

// What to execute, and the command as `ps` and the log show it.
function oneOffCommand(formation: Formation, positionals: string[]) {
  const [first, ...others] = positionals as [string, ...string[]];
  // Like a dyno, a one-off sources .profile.d/*.sh and .profile first (as Heroku's `run`).
  const profileScripts = formation.profileScripts;
  if (others.length === 0) {
    const entry = formation.processTypes.find((type) => type.name === first);
    const line = entry?.command ?? first;
    const script = shellScript({ profileScripts, command: line });
    return { argv: ['/bin/sh', '-c', script], line };
  }

  const line = positionals.map(shownArgument).join(' ');
  if (profileScripts.length === 0) return { argv: positionals, line };
  const script = shellScript({ profileScripts, command: 'exec "$@"' });
  return { argv: ['/bin/sh', '-c', script, 'dynorun-run', ...positionals], line };
}

function shownArgument(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : shellQuote(arg);
}

interface Ended {
  exit: ExitStatus;
  /** dynorun's exit code: the command's, 128 + n for a signal, 127 if it did not start. */
  exitCode: number;
  spawned: boolean;
}

// The terminal's Ctrl-C reaches the command directly (same process group), so dynorun
// does not pass SIGINT on when it has a terminal, which would deliver it twice; without
// one (`kill -INT` from a script), it does. SIGTERM and SIGHUP are always passed on.
async function runAttached(
  file: string,
  args: string[],
  options: { cwd: string; env: Env },
  onSpawn: (pid: number) => void,
): Promise<Ended> {
  // Listening before the spawn: on a busy machine the command may print and be signalled
  // before execa returns, and a SIGINT nobody listened for killed dynorun instead of
  // reaching the command. The listeners run only once `attached.subprocess` is set.
  const attached: { subprocess?: ReturnType<typeof startAttached> } = {};
  const forward = (signal: NodeJS.Signals) => attached.subprocess?.kill(signal);
  const onInterrupt = () => (process.stdin.isTTY ? undefined : forward('SIGINT'));
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  const subprocess = startAttached(file, args, options);
  attached.subprocess = subprocess;
  if (subprocess.pid !== undefined) onSpawn(subprocess.pid);
  try {
    const result = await subprocess;
    const signal = result.signal ?? null;
    // execa reports neither a code nor a signal for a command that could not start.
    const spawned = signal !== null || result.exitCode !== undefined;
    const code = signal ? null : (result.exitCode ?? 127);
    const exitCode = signal ? signalExitCode(signal) : (code ?? 127);
    return { exit: { code, signal }, exitCode, spawned };
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
  }
}

function startAttached(file: string, args: string[], options: { cwd: string; env: Env }) {
  return execa(file, args, { ...options, extendEnv: false, stdio: 'inherit', reject: false });
}
