import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadSettings } from '../../src/settings/load-settings.js';

const procfileTypes = ['web', 'worker'];

describe('loadSettings', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  const failure = (message: string) =>
    expect.objectContaining({ name: 'SettingsError', code: 'DYNORUN_SETTINGS', message });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynorun-settings-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads dynorun.yml in the app directory', async () => {
    await write('dynorun.yml', 'types:\n  web: {grace: 5s}\n');
    const loaded = await loadSettings({ appDir: dir, procfileTypes });
    expect(loaded.path).toBe(join(dir, 'dynorun.yml'));
    expect(loaded.settings?.types.get('web')?.graceMs).toEqual({ value: 5_000, line: 2 });
  });

  it('is content without a default file', async () => {
    expect(await loadSettings({ appDir: dir, procfileTypes })).toEqual({
      path: undefined,
      settings: undefined,
    });
  });

  it('reads a named file instead of the default one', async () => {
    await write('dynorun.yml', 'nonsense: 1\n');
    await write('other.yml', 'types:\n  worker: {max_instances: 1}\n');
    const file = relative('.', join(dir, 'other.yml'));
    const loaded = await loadSettings({ file, appDir: dir, procfileTypes });
    expect(loaded.path).toBe(join(dir, 'other.yml'));
    expect(loaded.settings?.fileName).toBe(file);
  });

  it('rejects a named file that is missing, named as given', async () => {
    const file = 'no-such/dynorun.yml';
    await expect(loadSettings({ file, appDir: dir, procfileTypes })).rejects.toThrow(
      failure('no-such/dynorun.yml: no such file'),
    );
  });

  it('rejects a default file that is a directory', async () => {
    await mkdir(join(dir, 'dynorun.yml'));
    const shown = join(dir, 'dynorun.yml');
    await expect(loadSettings({ appDir: dir, procfileTypes })).rejects.toThrow(
      failure(`${shown}: is a directory, not a file`),
    );
  });

  it('names a default file outside the working directory by its full path', async () => {
    await write('dynorun.yml', 'types:\n  wbe: {}\n');
    const problem = 'unknown process type "wbe"; the Procfile defines: web, worker';
    await expect(loadSettings({ appDir: dir, procfileTypes })).rejects.toThrow(
      failure(`${join(dir, 'dynorun.yml')}:2: ${problem}`),
    );
  });
});
