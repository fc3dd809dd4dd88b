// Finds and reads the settings file: `--settings FILE` (which must exist), else
// `dynorun.yml` in the app directory when there is one. No file means defaults only.

import { join, resolve } from 'node:path';

import { SettingsError } from '../errors.js';
import { displayPath, readInputFile } from '../read-input-file.js';
import type { SettingsFile } from './parse-settings.js';

export const SETTINGS_FILE_NAME = 'dynorun.yml';

export interface LoadSettingsOptions {
  /** `--settings FILE` as the user wrote it, relative to the working directory. */
  file?: string;
  /** The app directory, where the default file is looked up. */
  appDir: string;
  /** Every type the Procfile defines, `release` included when it has one. */
  procfileTypes: string[];
}

export interface LoadedSettings {
  /** Absolute path of the file that was read; undefined when there was none. */
  path: string | undefined;
  settings: SettingsFile | undefined;
}

// Undefined `path` and `settings` when no file was named and the app has no dynorun.yml.
export async function loadSettings(options: LoadSettingsOptions) {
  const { file, appDir, procfileTypes } = options;
  const path = resolve(file ?? join(appDir, SETTINGS_FILE_NAME));
  const display = file ?? displayPath(path);

  const fail = (problem: string, line?: number) => new SettingsError(display, line, problem);
  const text = await readInputFile(path, fail, file === undefined);
  const loaded: LoadedSettings = { path: undefined, settings: undefined };
  if (text === undefined) return loaded;
  // The YAML parser is loaded only when there is a file: most runs have none.
  const { parseSettings } = await import('./parse-settings.js');
  return { path, settings: parseSettings(text, display, procfileTypes) };
}
