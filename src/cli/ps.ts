// `dynorun ps`: every dyno of the running formation with its state, pid, uptime,
// restarts, port, and the CPU and memory of its whole process tree; `--json` for scripts.
import type { Writable } from 'node:stream';
import type { DynoStatus } from '../supervisor/dyno-status.js';
import { UsageError } from '../errors.js';
import { askFormation, CONTROL_OPTIONS, parseControlArgs } from './control-options.js';

const PS_OPTIONS = { ...CONTROL_OPTIONS, json: { type: 'boolean' } } as const;

export async function psCommand(
  args: string[],
  out: Writable,
  printHelp: (version?: boolean) => void,
): Promise<number> {
  const { values, positionals, appDir, done } = parseControlArgs('ps', args, PS_OPTIONS, printHelp);
  if (done) return 0;
  if (positionals.length > 0) throw new UsageError(`ps takes no arguments, got ${positionals[0]}`);

  let dynos: DynoStatus[] = [];
  await askFormation(appDir, { command: 'ps' }, (message) => {
    if ('dynos' in message) dynos = message.dynos;
  });
  if (values.json) out.write(`${JSON.stringify({ dynos }, null, 2)}\n`);
  else out.write(`${formatPs(dynos).join('\n')}\n`);
  return 0;
}

const HEADER = ['DYNO', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'PORT', 'CPU', 'MEMORY'];

/** The table, one row per dyno, columns padded to the widest cell. */
export function formatPs(dynos: DynoStatus[]): string[] {
  if (dynos.length === 0) return ['no dynos: the formation is empty'];
  const rows = dynos.map((dyno) => [
    dyno.name,
    dyno.givenUp ? `${dyno.state} (given up)` : dyno.state,
    dyno.pid === null ? '-' : String(dyno.pid),
    dyno.uptimeMs === null ? '-' : formatUptime(dyno.uptimeMs),
    String(dyno.restarts),
    dyno.port === null ? '-' : String(dyno.port),
    dyno.pid === null ? '-' : `${dyno.cpuPercent.toFixed(1)}%`,
    dyno.pid === null ? '-' : `${(dyno.memoryBytes / 1024 / 1024).toFixed(1)} MiB`,
  ]);
  const table = [HEADER, ...rows];
  const widths = HEADER.map((_, column) => Math.max(...table.map((row) => row[column]!.length)));
  return table.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
}

/** `45s`, `3m 05s`, `2h 07m`, `3d 04h`: the two largest units. */
export function formatUptime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const units: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor(seconds / 3_600) % 24, 'h'],
    [Math.floor(seconds / 60) % 60, 'm'],
    [seconds % 60, 's'],
  ];
  const first = units.findIndex(([value]) => value > 0);
  if (first === -1 || first === units.length - 1) return `${seconds}s`;
  const [major, majorUnit] = units[first]!;
  const [minor, minorUnit] = units[first + 1]!;
  return `${major}${majorUnit} ${String(minor).padStart(2, '0')}${minorUnit}`;
}
