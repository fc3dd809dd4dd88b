// The effective settings for `dynorun check`, written in the file's own syntax so that a
// value can be copied into dynorun.yml. One block per type: first what the file or a flag
// set, with its line or `flag`, then the defaults. Lines wrap before 100 columns.
//
//   Settings:  /srv/app/dynorun.yml
//   release          timeout=1h (default)
//   worker           readiness={log: 'ready'} (line 9)  max_instances=1 (line 10)
//                    default: boot_timeout=1m restart=always max_restarts=unlimited …

import type { Readiness, ResolvedSettings, ResolvedTypeSettings, TypeSettings } from '../types.js';
import { formatDuration } from './parse-duration.js';
import { formatSize } from './parse-size.js';

const WIDTH = 100;

/** Every setting, by its key in the file, in the order `check` shows them. */
const SHOWN: [string, keyof TypeSettings][] = [
  ['readiness', 'readiness'],
  ['boot_timeout', 'bootTimeoutMs'],
  ['restart', 'restart'],
  ['max_restarts', 'maxRestarts'],
  ['stop_signal', 'stopSignal'],
  ['grace', 'graceMs'],
  ['memory_quota', 'memoryQuotaBytes'],
  ['max_instances', 'maxInstances'],
  ['after', 'after'],
  ['cycle', 'cycleMs'],
];

/** `file`: the settings file as it should be shown; undefined when none was read. */
export function describeSettings(resolved: ResolvedSettings, file?: string): string[] {
  const names = ['release', ...resolved.types.map((entry) => entry.type)];
  const width = Math.max(...names.map((name) => name.length)) + 2;
  const { release } = resolved;
  const origin = release.line === undefined ? release.source : `line ${release.line}`;
  const timeout = formatDuration(release.timeoutMs);

  return [
    `Settings:  ${file ?? '(no settings file: defaults and flags only)'}`,
    `${'release'.padEnd(width)}timeout=${timeout} (${origin})`,
    ...resolved.types.flatMap((entry) => describeType(entry, width)),
  ];
}

// The value of one setting as dynorun.yml would write it.
export function formatSetting(field: keyof TypeSettings, settings: TypeSettings): string {
  const value = settings[field];
  if (value === undefined) return 'none';
  switch (field) {
    case 'graceMs':
    case 'bootTimeoutMs':
    case 'cycleMs':
      return formatDuration(value as number);
    case 'memoryQuotaBytes':
      return formatSize(value as number);
    case 'maxRestarts':
      return value === Infinity ? 'unlimited' : String(value);
    case 'readiness':
      return formatReadiness(value as Readiness);
    case 'after':
      return `[${(value as string[]).join(', ')}]`;
    default:
      return String(value);
  }
}

function describeType(entry: ResolvedTypeSettings, width: number): string[] {
  const { settings, sources, lines } = entry;
  const chosen: string[] = [];
  const defaulted: string[] = [];
  for (const [key, field] of SHOWN) {
    const shown = `${key}=${formatSetting(field, settings)}`;
    const line = lines[field];
    if (sources[field] === 'default') defaulted.push(shown);
    else chosen.push(`${shown} (${line === undefined ? 'flag' : `line ${line}`})`);
  }

  const name = entry.type.padEnd(width);
  const indent = ' '.repeat(width);
  const first = chosen.length > 0 ? wrap(chosen, '  ', name, indent) : [];
  const label = `${first.length > 0 ? indent : name}default: `;
  return [...first, ...wrap(defaulted, ' ', label, `${indent}  `)];
}

function formatReadiness(readiness: Readiness): string {
  const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;
  switch (readiness.kind) {
    case 'log':
      return `{log: ${quote(readiness.pattern)}}`;
    case 'http':
      return `{http: ${quote(readiness.path)}}`;
    case 'command':
      return `{command: ${quote(readiness.command)}}`;
    default:
      return readiness.kind;
  }
}

// `items` joined by `gap` after `prefix`, continued on lines that start with `indent`.
// An item longer than a line stays whole. No items, no line.
function wrap(items: string[], gap: string, prefix: string, indent: string): string[] {
  if (items.length === 0) return [];

  const lines: string[] = [];
  let line = prefix + items[0];
  for (const item of items.slice(1)) {
    if (line.length + gap.length + item.length <= WIDTH) {
      line += gap + item;
      continue;
    }
    lines.push(line);
    line = indent + item;
  }
  return [...lines, line];
}
