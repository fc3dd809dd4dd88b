// Flags shared by the commands, parsed with node:util's parseArgs. Every flag problem is a
// UsageError that names the flag, the value received and what was expected.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { describeArgsError } from './describe-args-error.js';
import { DURATION_EXAMPLE, parseDuration } from '../settings/parse-duration.js';
import { parseSize, SIZE_EXAMPLE } from '../settings/parse-size.js';
import type { PlanOptions, RestartPolicy, SettingsFlags } from '../types.js';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export const PLAN_OPTIONS = {
  'no-profile': { type: 'boolean' },
  procfile: { type: 'string', short: 'f' },
  dir: { type: 'string', short: 'd' },
  env: { type: 'string', short: 'e' },
  port: { type: 'string', short: 'p' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} satisfies OptionsConfig;

export const START_OPTIONS = {
  ...PLAN_OPTIONS,
  formation: { type: 'string', short: 'm' },
  settings: { type: 'string', short: 's' },
  timeout: { type: 'string', short: 't' },
  'no-timestamp': { type: 'boolean' },
  'no-release': { type: 'boolean' },
  'heroku-env': { type: 'boolean' },
  restart: { type: 'string' },
  'max-restarts': { type: 'string' },
  'exit-on-crash': { type: 'boolean' },
  'boot-timeout': { type: 'string' },
  'release-timeout': { type: 'string' },
  'memory-quota': { type: 'string' },
  cycle: { type: 'string' },
  format: { type: 'string' },
  metrics: { type: 'boolean' },
  'metrics-interval': { type: 'string' },
  'log-format': { type: 'string' },
  'log-buffer': { type: 'string' },
  'log-dir': { type: 'string' },
  'log-max-size': { type: 'string' },
  'log-files': { type: 'string' },
  'on-event': { type: 'string' },
  'alert-interval': { type: 'string' },
} satisfies OptionsConfig;

export type ParsedValues = Record<string, string | boolean | undefined>;

export function parseCommandArgs(
  command: string,
  args: string[],
  options: OptionsConfig,
  stopAtPositional = false,
): { values: ParsedValues; positionals: string[] } {
  const { argv, rest } = stopAtPositional
    ? splitAtCommand(args, options)
    : { argv: args, rest: [] };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true });
    return { values: values as ParsedValues, positionals: [...positionals, ...rest] };
  } catch (error) {
    throw new UsageError(describeArgsError(command, error));
  }
}

// `dynorun run ls -la`: flags after the command belong to the command, not to dynorun.
function splitAtCommand(args: string[], options: OptionsConfig) {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') return { argv: args.slice(0, i), rest: args.slice(i + 1) };
    if (!arg.startsWith('-')) return { argv: args.slice(0, i), rest: args.slice(i) };
    if (takesValue(arg, options) && !arg.includes('=')) i++;
  }
  return { argv: args, rest: [] };
}

function takesValue(arg: string, options: OptionsConfig): boolean {
  const name = arg.startsWith('--')
    ? arg.slice(2)
    : Object.keys(options).find((key) => options[key]?.short === arg.slice(1, 2));
  if (!name) return false;
  // `-p5000`: the value is glued to a short flag.
  if (!arg.startsWith('--') && arg.length > 2) return false;
  return options[name]?.type === 'string';
}

export function planOptions(values: ParsedValues, only: string[] = []): PlanOptions {
  const envFiles = text(values.env)
    ?.split(',')
    .map((file) => file.trim())
    .filter(Boolean);
  if (envFiles?.length === 0) throw new UsageError('--env expects one or more files, got none');
  return {
    settingsFile: text(values.settings),
    settingsFlags: settingsFlags(values),
    releaseTimeoutMs: duration('--release-timeout', values['release-timeout']),
    herokuEnv: values['heroku-env'] === true,
    profile: values['no-profile'] !== true,
    procfile: text(values.procfile),
    dir: text(values.dir),
    envFiles,
    port: values.port === undefined ? undefined : integer('--port', values.port, 1, 65535),
    formation: text(values.formation),
    only: only.length > 0 ? only : undefined,
    release: values['no-release'] !== true,
  };
}

// Settings given as flags apply to every process type, over the settings file.
function settingsFlags(values: ParsedValues): SettingsFlags {
  const flags: SettingsFlags = {
    restart: restartPolicy(values.restart),
    maxRestarts:
      values['max-restarts'] === undefined
        ? undefined
        : integer('--max-restarts', values['max-restarts'], 0, 1e9),
    graceMs: duration('--timeout', values.timeout),
    bootTimeoutMs: duration('--boot-timeout', values['boot-timeout']),
    memoryQuotaBytes: size('--memory-quota', values['memory-quota']),
    cycleMs: duration('--cycle', values.cycle),
  };
  return Object.fromEntries(
    Object.entries(flags).filter(([, value]) => value !== undefined),
  ) as SettingsFlags;
}

/** A duration flag (`30s`, `500ms`, `24h`, or a bare number of seconds), in milliseconds. */
export function duration(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    throw new UsageError(`${flag} expects ${DURATION_EXAMPLE}, got "${String(value)}"`);
  }
  return ms;
}

/** A size flag (`512M`, `1.5G`, or bytes), in bytes; zero is refused. */
export function size(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const bytes = typeof value === 'string' ? parseSize(value) : undefined;
  if (bytes === undefined || bytes === 0) {
    throw new UsageError(`${flag} expects ${SIZE_EXAMPLE}, got "${String(value)}"`);
  }
  return bytes;
}

const FORMATS = ['foreman', 'heroku'] as const;
export type LogFormat = (typeof FORMATS)[number];

export function logFormat(value: unknown): LogFormat {
  if (value === undefined) return 'foreman';
  if (FORMATS.includes(value as LogFormat)) return value as LogFormat;
  throw new UsageError(`--format expects one of ${FORMATS.join(', ')}, got "${String(value)}"`);
}

export function integer(flag: string, value: unknown, min: number, max: number): number {
  const number = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || number < min || number > max) {
    throw new UsageError(`${flag} expects a whole number from ${min} to ${max}, got "${value}"`);
  }
  return number;
}

const POLICIES: RestartPolicy[] = ['never', 'on-failure', 'always'];

export function restartPolicy(value: unknown): RestartPolicy | undefined {
  if (value === undefined) return undefined;
  if (POLICIES.includes(value as RestartPolicy)) return value as RestartPolicy;
  throw new UsageError(`--restart expects one of ${POLICIES.join(', ')}, got "${String(value)}"`);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
