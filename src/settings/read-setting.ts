// One setting of the settings file, from its YAML value to its value in TypeSettings.
// Every reader names the key and shows the value it got when the value does not fit.

import { constants } from 'node:os';

import { isScalar, isSeq } from 'yaml';

import type { RestartPolicy, TypeSettings } from '../types.js';
import { DURATION_EXAMPLE, parseDuration } from './parse-duration.js';
import { SIZE_EXAMPLE, parseSize } from './parse-size.js';
import { readReadiness } from './read-readiness.js';
import { describeYamlValue, type SettingsContext } from './settings-context.js';

/** The keys of the file (snake_case) and the fields of TypeSettings they set. */
export const SETTING_KEYS = {
  after: 'after',
  boot_timeout: 'bootTimeoutMs',
  cycle: 'cycleMs',
  grace: 'graceMs',
  max_instances: 'maxInstances',
  max_restarts: 'maxRestarts',
  memory_quota: 'memoryQuotaBytes',
  readiness: 'readiness',
  restart: 'restart',
  stop_signal: 'stopSignal',
} as const satisfies Record<string, keyof TypeSettings>;

export type SettingKey = keyof typeof SETTING_KEYS;

/** Where a value stands: its key, the key's line, and the type it is for. */
export interface SettingPlace {
  context: SettingsContext;
  key: string;
  /** Line of the key; values without a place of their own (empty ones) get it too. */
  line: number;
  /** The process type, or undefined under `defaults`. */
  type: string | undefined;
  procfileTypes: string[];
}

type Reader<K extends SettingKey> = (
  node: unknown,
  place: SettingPlace,
) => TypeSettings[(typeof SETTING_KEYS)[K]];

const RESTART_POLICIES: RestartPolicy[] = ['always', 'on-failure', 'never'];

const READERS: { [K in SettingKey]: Reader<K> } = {
  after: (node, place) => readAfter(node, place),
  boot_timeout: (node, place) => readDuration(node, place, 1),
  cycle: (node, place) => readDuration(node, place, 1),
  grace: (node, place) => readDuration(node, place, 0),
  max_instances: (node, place) => readCount(node, place, 1),
  max_restarts: (node, place) => readCount(node, place, 0, 'unlimited'),
  memory_quota: (node, place) => readSize(node, place),
  readiness: (node, place) => readReadiness(node, place),
  restart: (node, place) => readChoice(node, place, RESTART_POLICIES),
  stop_signal: (node, place) => readSignal(node, place),
};

export function readSetting(key: SettingKey, node: unknown, place: SettingPlace) {
  return READERS[key](node, place);
}

// A problem with the value at `node`, reported on the value's line.
function valueError(node: unknown, place: SettingPlace, rule: string): Error {
  const { context, key, line } = place;
  const problem = `"${key}" must be ${rule}, got ${describeYamlValue(node)}`;
  return context.error(context.lineOf(node, line), problem);
}

// A scalar's text: a number as written, so `30` and `"30"` read the same.
function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  return typeof node.value === 'number' ? String(node.value) : undefined;
}

// `min` is 0 for the grace period, 1 ms for timeouts and periods (0 would disable them).
export function readDuration(node: unknown, place: SettingPlace, min: number): number {
  const text = scalarText(node);
  const ms = text === undefined ? undefined : parseDuration(text);
  if (ms === undefined) throw valueError(node, place, DURATION_EXAMPLE);
  if (ms < min) throw valueError(node, place, 'a duration above zero');
  return ms;
}

function readSize(node: unknown, place: SettingPlace): number {
  const text = scalarText(node);
  const bytes = text === undefined ? undefined : parseSize(text);
  if (bytes === undefined) throw valueError(node, place, SIZE_EXAMPLE);
  if (bytes === 0) throw valueError(node, place, 'a size above zero');
  return bytes;
}

// A whole number of at least `min`, or Infinity for the word `unlimited` when allowed.
function readCount(node: unknown, place: SettingPlace, min: number, unlimited?: string) {
  const value = isScalar(node) ? node.value : undefined;
  if (unlimited !== undefined && value === unlimited) return Infinity;
  if (Number.isSafeInteger(value) && (value as number) >= min) return value as number;

  const rule = `a whole number of ${min} or more`;
  const rules = unlimited === undefined ? rule : `${rule}, or ${unlimited}`;
  throw valueError(node, place, rules);
}

function readChoice<T extends string>(node: unknown, place: SettingPlace, choices: T[]) {
  const value = isScalar(node) ? node.value : undefined;
  const choice = choices.find((candidate) => candidate === value);
  if (choice !== undefined) return choice;

  const listed = `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
  throw valueError(node, place, listed);
}

// `SIGTERM`, `TERM` or `term`: any signal this platform knows, by name.
function readSignal(node: unknown, place: SettingPlace): NodeJS.Signals {
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : '';
  const upper = value.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const known = value !== '' && Object.hasOwn(constants.signals, name);
  if (known) return name as NodeJS.Signals;

  throw valueError(node, place, 'a signal name like SIGTERM or QUIT');
}

// `after: web` or `after: [web, worker]`: Procfile types but this one and `release`.
function readAfter(node: unknown, place: SettingPlace): string[] {
  const { context } = place;
  const items = isSeq(node) ? node.items.map((item) => context.resolve(item)) : [node];
  const types: string[] = [];
  for (const item of items) {
    const type = isScalar(item) ? item.value : undefined;
    if (typeof type !== 'string') {
      throw valueError(item, place, 'a process type or a list of them');
    }
    checkAfter(type, item, place, types);
    types.push(type);
  }
  return types;
}

// One type named by `after`; `seen` holds those before it in the list.
function checkAfter(type: string, node: unknown, place: SettingPlace, seen: string[]) {
  const { context, procfileTypes } = place;
  const line = context.lineOf(node, place.line);
  if (type === place.type) {
    throw context.error(line, `"${type}" cannot start after itself`);
  }
  if (seen.includes(type)) throw context.error(line, `"after" names "${type}" twice`);
  if (type === 'release') {
    const why = 'it runs before every process type';
    throw context.error(line, `"after" cannot name "release": ${why}`);
  }
  if (!procfileTypes.includes(type)) {
    const problem = `"after" names unknown process type "${type}"`;
    const defined = procfileTypes.filter((name) => name !== 'release').join(', ');
    throw context.error(line, `${problem}; the Procfile defines: ${defined}`);
  }
}
