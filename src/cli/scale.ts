// `dynorun scale web=3 worker=0`: changes the running formation. New dynos get the next
// instance numbers and their ports; removed ones (highest number first) stop gracefully,
// and the command returns once their processes are gone. `max_instances` and the other
// formation rules of `start` apply, with the same messages.
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { formatFormation } from '../plan/formation.js';
import { askFormation, CONTROL_OPTIONS, parseControlArgs } from './control-options.js';

export async function scaleCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const parsed = parseControlArgs('scale', args, CONTROL_OPTIONS, printHelp);
  if (parsed.done) return 0;
  if (parsed.positionals.length === 0) {
    throw new UsageError('scale: how many of which type? e.g. dynorun scale web=2 worker=1');
  }
  const formation = parsed.positionals.join(',');

  await askFormation(parsed.appDir, { command: 'scale', formation }, (message) => {
    if (!('counts' in message)) return;
    const added = message.added.map(({ dyno, port }) => (port ? `${dyno} (PORT ${port})` : dyno));
    if (added.length > 0) out.write(`added ${added.join(', ')}\n`);
    if (message.removed.length > 0) {
      const whose = message.removed.length === 1 ? 'its' : 'their';
      out.write(`removed ${message.removed.join(', ')}; ${whose} processes are gone\n`);
    }
    out.write(`formation: ${formatFormation(new Map(Object.entries(message.counts)))}\n`);
  });
  return 0;
}
