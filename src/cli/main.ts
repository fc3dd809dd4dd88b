// The command line: picks the command, runs it, and turns every error into one line on
// stderr and an exit code. The only place that knows about argv; bin/ only calls main().
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';
import { DynorunError } from '../errors.js';
import { HELP } from './help.js';

// Each command is loaded when it is used: `run` alone pulls in execa, and a quick
// `dynorun check` should not pay for the supervisor.
const startCommand = async (...args: Parameters<typeof import('./start.js').startCommand>) =>
  (await import('./start.js')).startCommand(...args);
const checkCommand = async (...args: Parameters<typeof import('./check.js').checkCommand>) =>
  (await import('./check.js')).checkCommand(...args);
const runCommand = async (...args: Parameters<typeof import('./run.js').runCommand>) =>
  (await import('./run.js')).runCommand(...args);

// The commands that talk to a running formation over its control socket.
type ControlCommand = (
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
) => Promise<number>;
const CONTROL_COMMANDS: Record<string, () => Promise<ControlCommand>> = {
  ps: async () => (await import('./ps.js')).psCommand,
  restart: async () => (await import('./restart.js')).restartCommand,
  stop: async () => (await import('./switch-dynos.js')).switchDynos('stop'),
  resume: async () => (await import('./switch-dynos.js')).switchDynos('resume'),
  scale: async () => (await import('./scale.js')).scaleCommand,
  logs: async () => (await import('./logs.js')).logsCommand,
};

export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    return report(error);
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  const help = (name: string) => (showVersion?: boolean) => {
    process.stdout.write(`${showVersion ? version() : HELP[name]}\n`);
  };

  switch (first) {
    case undefined:
    case 'start':
      return startCommand(rest, help('start'));
    case 'check':
      return checkCommand(rest, process.stdout, help('check'));
    case 'run':
      return runCommand(rest, help('run'));
    case '-h':
    case '--help':
    case 'help':
      help('main')();
      return 0;
    case '-v':
    case '--version':
      process.stdout.write(`${version()}\n`);
      return 0;
    default:
      if (Object.hasOwn(CONTROL_COMMANDS, first)) {
        const command = await (CONTROL_COMMANDS[first] as () => Promise<ControlCommand>)();
        return command(rest, process.stdout, help(first));
      }
      if (first.startsWith('-')) return startCommand(argv, help('start'));
      process.stderr.write(`dynorun: unknown command "${first}"\n\n${HELP.main}\n`);
      return 2;
  }
}

function report(error: unknown): number {
  if (error instanceof DynorunError) {
    process.stderr.write(`dynorun: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`dynorun: internal error: ${message}\n`);
  if (process.env.DYNORUN_DEBUG) process.stderr.write(`${(error as Error)?.stack}\n`);
  return 70;
}

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}
