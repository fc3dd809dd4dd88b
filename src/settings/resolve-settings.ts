// The effective settings of every process type, and where each came from.
//
// Precedence, lowest to highest, field by field:
//   1. DEFAULT_SETTINGS (Heroku's; `web` is ready once its port is bound)
//   2. `defaults:` in the settings file
//   3. `types.<type>:` in the settings file
//   4. flags (`--boot-timeout 60s`…), which apply to every type
// The release has one setting, its timeout: 1 hour < `types.release.timeout` < the flag.
// It is never restarted and keeps the default stop signal and grace period unless a flag
// sets them; the file's `defaults:` are for the formation's types.

import type {
  ResolvedSettings,
  ResolvedTypeSettings,
  SettingLines,
  SettingSource,
  SettingSources,
  SettingsFlags,
  TypeSettings,
} from '../types.js';
import { DEFAULT_RELEASE_TIMEOUT_MS, defaultSettings } from './default-settings.js';
import type { FileTypeSettings, SettingsFile } from './parse-settings.js';

export interface ResolveSettingsInput {
  /** The parsed settings file; undefined when there is none. */
  file: SettingsFile | undefined;
  /** The Procfile's types, `release` left out, in Procfile order. */
  types: string[];
  flags?: SettingsFlags;
  /** `--release-timeout`. */
  releaseTimeoutMs?: number;
}

export function resolveSettings(input: ResolveSettingsInput): ResolvedSettings {
  const { file, flags = {} } = input;
  const types = input.types.map((type) => {
    const layers = [file?.defaults ?? {}, file?.types.get(type) ?? {}];
    return resolveType(type, layers, flags);
  });
  return { types, release: resolveRelease(file, input.releaseTimeoutMs) };
}

// The settings of the release process: defaults, never restarted, flags over them.
export function releaseSettings(flags: SettingsFlags = {}): {
  settings: TypeSettings;
  sources: SettingSources;
} {
  const defaults = defaultSettings('release');
  const stopSignal = flags.stopSignal ?? defaults.stopSignal;
  const graceMs = flags.graceMs ?? defaults.graceMs;
  const sources = allFrom('default');
  if (flags.stopSignal !== undefined) sources.stopSignal = 'flag';
  if (flags.graceMs !== undefined) sources.graceMs = 'flag';

  const settings: TypeSettings = {
    ...defaults,
    restart: 'never',
    maxRestarts: 0,
    stopSignal,
    graceMs,
  };
  return { settings, sources };
}

function resolveType(
  type: string,
  fileLayers: FileTypeSettings[],
  flags: SettingsFlags,
): ResolvedTypeSettings {
  const settings = defaultSettings(type);
  const sources = allFrom('default');
  const lines: SettingLines = {};
  const values = settings as Record<keyof TypeSettings, unknown>;
  let maxInstancesReason: string | undefined;

  for (const layer of fileLayers) {
    for (const field of fieldsOf(layer)) {
      const setting = layer[field];
      if (setting === undefined) continue;
      values[field] = setting.value;
      sources[field] = 'file';
      lines[field] = setting.line;
      if (field === 'maxInstances') maxInstancesReason = setting.note;
    }
  }
  for (const field of fieldsOf(flags)) {
    if (flags[field] === undefined) continue;
    values[field] = flags[field];
    sources[field] = 'flag';
    delete lines[field];
    if (field === 'maxInstances') maxInstancesReason = undefined;
  }

  const resolved: ResolvedTypeSettings = { type, settings, sources, lines };
  if (maxInstancesReason === undefined) return resolved;
  return { ...resolved, maxInstancesReason };
}

// The flag, else the file's `types.release.timeout`, else Heroku's hour.
function resolveRelease(
  file: SettingsFile | undefined,
  flag: number | undefined,
): ResolvedSettings['release'] {
  if (flag !== undefined) return { timeoutMs: flag, source: 'flag', line: undefined };

  const fromFile = file?.releaseTimeout;
  if (fromFile !== undefined) {
    return { timeoutMs: fromFile.value, source: 'file', line: fromFile.line };
  }
  return { timeoutMs: DEFAULT_RELEASE_TIMEOUT_MS, source: 'default', line: undefined };
}

function fieldsOf<T extends object>(settings: T): (keyof T & keyof TypeSettings)[] {
  return Object.keys(settings) as (keyof T & keyof TypeSettings)[];
}

function allFrom(source: SettingSource): SettingSources {
  return {
    restart: source,
    maxRestarts: source,
    stopSignal: source,
    graceMs: source,
    readiness: source,
    bootTimeoutMs: source,
    memoryQuotaBytes: source,
    maxInstances: source,
    after: source,
    cycleMs: source,
  };
}
