// `dynorun resume TARGET`: starts again a dyno (or every dyno of a type) that `dynorun
// stop` stopped, or that was given up after its restarts; returns once each is up.
// (`start` already names the command that runs the formation, hence `resume`.)
import type { Writable } from 'node:stream';
import { sendControlRequest } from '../control/control-client.js';
import { CONTROL_OPTIONS, oneTarget, parseControlArgs } from './control-options.js';

export async function resumeCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const parsed = parseControlArgs('resume', args, CONTROL_OPTIONS, printHelp);
  if (parsed.done) return 0;
  const target = oneTarget('resume', parsed.positionals, true) as string;

  await sendControlRequest(parsed.appDir, { command: 'resume', target }, (message) => {
    if (!('changed' in message)) return;
    if (message.changed.length > 0) out.write(`started ${message.changed.join(', ')}: up\n`);
    if (message.unchanged.length > 0) {
      out.write(`already running: ${message.unchanged.join(', ')}\n`);
    }
  });
  return 0;
}
