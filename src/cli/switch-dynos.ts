// `dynorun stop TARGET` and `dynorun resume TARGET`, which mirror each other.
// - stop: a dyno, or every dyno of a type, stops gracefully (stop signal, grace period,
//   SIGKILL) and stays in the formation, `down`, until resumed. The run goes on; Ctrl-C or
//   SIGTERM to `dynorun start` stops the whole formation.
// - resume: starts again what `stop` stopped, or what was given up after its restarts, and
//   returns once each is up. (`start` already names the command that runs the formation.)
import type { Writable } from 'node:stream';
import { askFormation, CONTROL_OPTIONS, oneTarget, parseControlArgs } from './control-options.js';

const WORDING = {
  stop: { changed: 'stopped', unchanged: 'already stopped' },
  resume: { changed: 'started', unchanged: 'already running' },
} as const;

export function switchDynos(command: 'stop' | 'resume') {
  return async (args: string[], out: Writable, printHelp: (version?: boolean) => void) => {
    const parsed = parseControlArgs(command, args, CONTROL_OPTIONS, printHelp);
    if (parsed.done) return 0;
    const target = oneTarget(command, parsed.positionals, true) as string;
    const words = WORDING[command];
    const suffix = command === 'resume' ? ': up' : '';

    await askFormation(parsed.appDir, { command, target }, (message) => {
      if (!('changed' in message)) return;
      if (message.changed.length > 0) {
        out.write(`${words.changed} ${message.changed.join(', ')}${suffix}\n`);
      }
      if (message.unchanged.length > 0) {
        out.write(`${words.unchanged}: ${message.unchanged.join(', ')}\n`);
      }
    });
    return 0;
  };
}
