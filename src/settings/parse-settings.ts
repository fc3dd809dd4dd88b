// The per-type settings file, `dynorun.yml`: YAML with two optional top-level keys.
//
//   defaults:            settings for every process type
//   types:
//     <type>:            settings for one type of the Procfile, over `defaults`
//     release:           only `timeout`: the release runs once and is never restarted
//
// The keys of a type are those of SETTING_KEYS. Anything else is an error naming file and
// line: YAML syntax, unknown keys, values of the wrong kind, types the Procfile does not
// define, and `after:` lists that name unknown types or form a cycle. Defaults and flags
// are applied elsewhere (resolve-settings.ts).

import { isMap, type Pair, type YAMLMap } from 'yaml';

import type { TypeSettings } from '../types.js';
import { checkStartOrder, type StartOrderEntry } from './check-start-order.js';
import { readDuration, readSetting, SETTING_KEYS } from './read-setting.js';
import type { SettingKey } from './read-setting.js';
import { describeYamlValue, isEmptyValue, SettingsContext } from './settings-context.js';

/** One value from the file, the line of its key, and the comment written with it. */
export interface FileSetting<T> {
  value: T;
  line: number;
  /** The comment beside the value or on the lines above its key, without `#`. */
  note?: string;
}

export type FileTypeSettings = {
  [K in keyof TypeSettings]?: FileSetting<TypeSettings[K]>;
};

export interface SettingsFile {
  fileName: string;
  defaults: FileTypeSettings;
  /** Settings of the types the file names, `release` excepted. */
  types: Map<string, FileTypeSettings>;
  /** `types.release.timeout`. */
  releaseTimeout: FileSetting<number> | undefined;
}

const RELEASE = 'release';
const VALID_KEYS = Object.keys(SETTING_KEYS).sort().join(', ');
const VALID_DEFAULT_KEYS = VALID_KEYS.replace('after, ', '');

// `procfileTypes`: every name the Procfile defines, `release` included when it has one.
export function parseSettings(
  text: string,
  fileName: string,
  procfileTypes: string[],
): SettingsFile {
  const context = new SettingsContext(fileName, text);
  const scope = { context, procfileTypes };
  const { root } = context;
  const settings: SettingsFile = {
    fileName,
    defaults: {},
    types: new Map(),
    releaseTimeout: undefined,
  };
  if (isEmptyValue(root)) return settings;
  if (!isMap(root)) {
    const problem = `expected a mapping with "defaults" and "types"`;
    const got = describeYamlValue(root);
    throw context.error(context.lineOf(root), `${problem}, got ${got}`);
  }

  for (const pair of root.items) {
    const { key, value, line } = context.entry(pair, 1);
    if (key === 'types') {
      readTypes(value, line, settings, scope);
    } else if (key === 'defaults') {
      settings.defaults = readSettings(value, line, undefined, scope);
    } else {
      const problem = `unknown top-level key "${key}"; valid keys: defaults, types`;
      throw context.error(line, problem);
    }
  }
  return settings;
}

interface Scope {
  context: SettingsContext;
  procfileTypes: string[];
}

function readTypes(node: unknown, line: number, settings: SettingsFile, scope: Scope) {
  const { context, procfileTypes } = scope;
  if (isEmptyValue(node)) return;
  if (!isMap(node)) {
    const problem = `"types" must be a mapping of process types to their settings`;
    const got = describeYamlValue(node);
    throw context.error(context.lineOf(node, line), `${problem}, got ${got}`);
  }

  const order = new Map<string, StartOrderEntry>();
  for (const pair of node.items) {
    const { key, value, line: keyLine } = context.entry(pair, line);
    if (key === RELEASE && procfileTypes.includes(RELEASE)) {
      settings.releaseTimeout = readRelease(value, keyLine, context);
      continue;
    }
    if (!procfileTypes.includes(key)) {
      const defined = `the Procfile defines: ${procfileTypes.join(', ')}`;
      throw context.error(keyLine, `unknown process type "${key}"; ${defined}`);
    }

    const typeSettings = readSettings(value, keyLine, key, scope);
    settings.types.set(key, typeSettings);
    const { after } = typeSettings;
    if (after !== undefined) order.set(key, { after: after.value, line: after.line });
  }
  checkStartOrder(order, procfileTypes, context);
}

// The settings of one type, or of `defaults` when `type` is undefined.
function readSettings(
  node: unknown,
  line: number,
  type: string | undefined,
  scope: Scope,
): FileTypeSettings {
  const { context } = scope;
  if (isEmptyValue(node)) return {};
  if (!isMap(node)) {
    const owner = type === undefined ? '"defaults"' : `settings of "${type}"`;
    const problem = `${owner} must be a mapping, got ${describeYamlValue(node)}`;
    throw context.error(context.lineOf(node, line), problem);
  }

  const settings: Record<string, FileSetting<unknown>> = {};
  node.items.forEach((pair, index) => {
    const entry = context.entry(pair, line);
    const key = settingKey(entry.key, entry.line, type, context);
    const place = { ...scope, key, line: entry.line, type };
    const setting = { value: readSetting(key, entry.value, place), line: entry.line };
    const note = noteOf(node, pair, index);
    settings[SETTING_KEYS[key]] = note === undefined ? setting : { ...setting, note };
  });
  return settings as FileTypeSettings;
}

function settingKey(
  key: string,
  line: number,
  type: string | undefined,
  context: SettingsContext,
): SettingKey {
  if (type === undefined && key === 'after') {
    const why = 'a type cannot start after itself, so set it per type';
    throw context.error(line, `"after" cannot be set in "defaults": ${why}`);
  }
  if (Object.hasOwn(SETTING_KEYS, key)) return key as SettingKey;

  const where = type === undefined ? 'in "defaults"' : `for "${type}"`;
  const valid = type === undefined ? VALID_DEFAULT_KEYS : VALID_KEYS;
  throw context.error(line, `unknown key "${key}" ${where}; valid keys: ${valid}`);
}

// `types.release`: a mapping whose only key is `timeout`.
function readRelease(node: unknown, line: number, context: SettingsContext) {
  if (isEmptyValue(node)) return undefined;
  if (!isMap(node)) {
    const got = describeYamlValue(node);
    const problem = `settings of "release" must be a mapping, got ${got}`;
    throw context.error(context.lineOf(node, line), problem);
  }

  let timeout: FileSetting<number> | undefined;
  for (const pair of node.items) {
    const { key, value, line: keyLine } = context.entry(pair, line);
    if (key !== 'timeout') {
      const rule = `runs once before the formation; its only setting is "timeout"`;
      throw context.error(keyLine, `"release" ${rule}, not "${key}"`);
    }
    const place = { context, key, line: keyLine, type: RELEASE, procfileTypes: [] };
    timeout = { value: readDuration(value, place, 1), line: keyLine };
  }
  return timeout;
}

// A comment beside the value, else on the lines above the key. yaml hangs the comment
// above the first key of a block mapping on the mapping itself.
function noteOf(map: YAMLMap, pair: Pair, index: number): string | undefined {
  const value = pair.value as { comment?: string | null } | null;
  const key = pair.key as { commentBefore?: string | null } | null;
  const above = key?.commentBefore ?? (index === 0 ? map.commentBefore : undefined);
  const comment = value?.comment ?? above;
  if (comment === undefined || comment === null) return undefined;

  const words = comment.split('\n').map((part) => part.trim());
  const text = words.filter(Boolean).join(' ');
  return text === '' ? undefined : text;
}
