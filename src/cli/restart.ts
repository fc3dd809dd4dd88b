// `dynorun restart [TARGET]`: fresh processes for a type, a dyno, or every dyno, one dyno
// of a type at a time, each new one up before the next is touched. Prints each as it is
// up.
import type { Writable } from 'node:stream';
import { formatSeconds } from '../logging/lifecycle-message.js';
import type { RestartResult } from '../supervisor/rolling-restart.js';
import { askFormation, CONTROL_OPTIONS, oneTarget, parseControlArgs } from './control-options.js';

export async function restartCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const parsed = parseControlArgs('restart', args, CONTROL_OPTIONS, printHelp);
  if (parsed.done) return 0;
  const target = oneTarget('restart', parsed.positionals, false);

  await askFormation(parsed.appDir, { command: 'restart', target }, (message) => {
    if ('progress' in message) out.write(`${describeRestart(message.progress)}\n`);
  });
  return 0;
}

export function describeRestart(result: RestartResult): string {
  const up = `up after ${formatSeconds(Math.round(result.upAfterMs / 100) * 100)}`;
  if (result.oldPid === null) return `${result.dyno} started: pid ${result.newPid}, ${up}`;
  return `${result.dyno} restarted: pid ${result.oldPid} → ${result.newPid}, ${up}`;
}
