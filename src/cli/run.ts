// `dynorun run`: a one-off command with the app's environment and the terminal attached.
// `run web` runs that type's Procfile command; one argument runs through /bin/sh -c; several
// arguments run as they are, without a shell re-splitting them. As on Heroku, the one-off's
// dyno goes when its command ends: whatever the command left running is stopped then.
import { randomUUID } from 'node:crypto';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { buildPlan } from '../plan/build-plan.js';
import { signalExitCode } from '../supervisor/exit-code.js';
import { findTree, signalTree } from '../supervisor/kill-tree.js';
import { TAG_VARIABLE } from '../supervisor/process-table.js';
import { shellScript } from '../supervisor/spawn-process.js';
import { waitUntilGone } from '../supervisor/wait.js';
import { parseCommandArgs, PLAN_OPTIONS, planOptions } from './options.js';

const LEFTOVER_GRACE_MS = 2_000;

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
  // Like a dyno, a one-off sources .profile.d/*.sh and .profile first (Heroku's `run` does).
  const profile = { profileScripts: formation.profileScripts };
  const [file, ...rest] =
    entry !== undefined || positionals.length === 1
      ? ['/bin/sh', '-c', shellScript({ ...profile, command: entry ?? (positionals[0] as string) })]
      : profile.profileScripts.length === 0
        ? positionals
        : [
            '/bin/sh',
            '-c',
            shellScript({ ...profile, command: 'exec "$@"' }),
            'dynorun-run',
            ...positionals,
          ];
  const tag = `run.${randomUUID().slice(0, 8)}`;
  const env = {
    ...formation.appEnv,
    DYNO: 'run.1',
    PS: 'run.1',
    PORT: String(formation.basePort),
    [TAG_VARIABLE]: tag,
  };

  try {
    return await runAttached(file as string, rest, { cwd: formation.cwd, env });
  } finally {
    await stopLeftovers(tag);
  }
}

// The terminal's Ctrl-C reaches the command directly (same process group), so dynorun does
// not pass SIGINT on when it has a terminal, which would deliver it twice; without one
// (`kill -INT` from a script), it does. SIGTERM and SIGHUP are always passed on.
async function runAttached(file: string, args: string[], options: { cwd: string; env: Env }) {
  const subprocess = execa(file, args, {
    ...options,
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  const forward = (signal: NodeJS.Signals) => subprocess.kill(signal);
  const onInterrupt = () => (process.stdin.isTTY ? undefined : forward('SIGINT'));
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  try {
    const result = await subprocess;
    if (result.signal) return signalExitCode(result.signal);
    if (result.exitCode !== undefined) return result.exitCode;
    process.stderr.write(`dynorun: run: ${file}: command not found\n`);
    return 127;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', forward);
    process.off('SIGHUP', forward);
  }
}

async function stopLeftovers(tag: string): Promise<void> {
  const selector = { pgid: undefined, tag };
  if (findTree(selector).length === 0) return;
  signalTree(selector, 'SIGTERM');
  if (await waitUntilGone(() => findTree(selector).length, LEFTOVER_GRACE_MS)) return;
  signalTree(selector, 'SIGKILL');
}

type Env = Record<string, string>;
