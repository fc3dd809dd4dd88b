// `dynorun stop TARGET`: stops a dyno, or every dyno of a type, gracefully (stop signal,
// grace period, SIGKILL) and keeps it in the formation, `down`, until `dynorun resume`.
// The run goes on; Ctrl-C or SIGTERM to `dynorun start` stops the whole formation.
import type { Writable } from 'node:stream';
import { sendControlRequest } from '../control/control-client.js';
import { CONTROL_OPTIONS, oneTarget, parseControlArgs } from './control-options.js';

export async function stopCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const parsed = parseControlArgs('stop', args, CONTROL_OPTIONS, printHelp);
  if (parsed.done) return 0;
  const target = oneTarget('stop', parsed.positionals, true) as string;

  await sendControlRequest(parsed.appDir, { command: 'stop', target }, (message) => {
    if (!('changed' in message)) return;
    if (message.changed.length > 0) out.write(`stopped ${message.changed.join(', ')}\n`);
    if (message.unchanged.length > 0) {
      out.write(`already stopped: ${message.unchanged.join(', ')}\n`);
    }
  });
  return 0;
}
