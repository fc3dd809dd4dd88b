// What the commands that operate a running formation (`ps`, `restart`, `stop`, `resume`,
// `scale`, `logs`) share: how they find it, and how they send it a request. The formation
// is the one running for the app directory that `-f` and `-d` name as they do for `start`
// (the current directory's Procfile by default), or `--app DIR`.
import { resolve } from 'node:path';
import { sendControlRequest } from '../control/control-client.js';
import type { ControlMessage, ControlRequest } from '../control/control-protocol.js';
import { UsageError } from '../errors.js';
import { locateApp } from '../plan/locate-app.js';
import { parseCommandArgs, type ParsedValues } from './options.js';

export const CONTROL_OPTIONS = {
  procfile: { type: 'string', short: 'f' },
  dir: { type: 'string', short: 'd' },
  app: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

export interface ControlArgs {
  values: ParsedValues;
  positionals: string[];
  appDir: string;
  /** True when --help or --version was printed: the command has nothing more to do. */
  done: boolean;
}

export function parseControlArgs(
  command: string,
  args: string[],
  options: Parameters<typeof parseCommandArgs>[2],
  printHelp: (version?: boolean) => void,
): ControlArgs {
  const { values, positionals } = parseCommandArgs(command, args, options);
  const done = values.help === true || values.version === true;
  if (done) printHelp(values.version === true);
  return { values, positionals, appDir: appDirOf(values), done };
}

function appDirOf(values: ParsedValues): string {
  if (typeof values.app === 'string') return resolve(values.app);
  const procfile = typeof values.procfile === 'string' ? values.procfile : undefined;
  const dir = typeof values.dir === 'string' ? values.dir : undefined;
  return locateApp({ procfile, dir }).appDir;
}

/** The one positional TARGET (`web`, `web.1`) of a command. */
export function oneTarget(command: string, positionals: string[], required: boolean) {
  if (positionals.length > 1) {
    throw new UsageError(`${command} takes one dyno or type, got ${positionals.join(' ')}`);
  }
  const [target] = positionals;
  if (required && target === undefined) {
    throw new UsageError(`${command}: which dyno or type? e.g. dynorun ${command} web.1`);
  }
  return target;
}

/**
 * Sends `request` to the formation running for `appDir` and passes on its answer; says
 * on stderr when the request waits for earlier ones on the same dynos.
 */
export function askFormation(
  appDir: string,
  request: ControlRequest,
  onMessage: (message: ControlMessage) => void,
): Promise<void> {
  return sendControlRequest(appDir, request, (message) => {
    if (!('waiting' in message)) return onMessage(message);
    const ahead = message.waiting.map((what) => `'dynorun ${what}'`).join(', ');
    process.stderr.write(`dynorun: waiting for ${ahead} to finish first\n`);
  });
}
