import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadEnv } from '../../src/env/load.js';

describe('loadEnv', () => {
  let dir: string;
  const inherited = { HOME: '/home/ada', LEVEL: 'shell' };
  const write = (name: string, text: string) => writeFile(join(dir, name), text);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynorun-env-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads .env in the app directory by default', async () => {
    await write('.env', 'A=1\nB=$HOME/b');
    const loaded = await loadEnv({ cwd: dir, inherited });
    expect(loaded.env).toEqual({ A: '1', B: '/home/ada/b' });
    expect(loaded.files).toEqual([join(dir, '.env')]);
  });

  it('returns nothing when the default .env is absent', async () => {
    expect(await loadEnv({ cwd: dir, inherited })).toEqual({ env: {}, files: [] });
  });

  it('reads no file for an empty list, even when .env exists', async () => {
    await write('.env', 'A=1');
    const loaded = await loadEnv({ files: [], cwd: dir, inherited });
    expect(loaded).toEqual({ env: {}, files: [] });
  });

  it('lets later files win and expands over inherited and earlier files', async () => {
    await write('a.env', 'LEVEL=a\nA=1\nSEEN_A=$LEVEL');
    await write('b.env', 'SEEN_B=$HOME/$LEVEL/$A\nLEVEL=b');
    const files = [join(dir, 'a.env'), join(dir, 'b.env')];
    const loaded = await loadEnv({ files, cwd: '/nowhere', inherited });
    expect(loaded).toEqual({
      env: { LEVEL: 'b', A: '1', SEEN_A: 'a', SEEN_B: '/home/ada/a/1' },
      files,
    });
  });

  it.each([
    ['a missing file', 'b.env', (name: string) => `${name}: no such file`],
    ['a directory', 'sub', (name: string) => `${name}: is a directory, not a file`],
  ])('rejects %s given with -e', async (_title, name, message) => {
    await write('a.env', 'A=1');
    await mkdir(join(dir, 'sub'));
    const files = [join(dir, 'a.env'), join(dir, name)];
    const expected = expect.objectContaining({
      name: 'EnvFileError',
      message: message(files[1] ?? ''),
    });
    await expect(loadEnv({ files, cwd: dir, inherited })).rejects.toThrow(expected);
  });

  it('rejects a default .env that is a directory instead of skipping it', async () => {
    await mkdir(join(dir, '.env'));
    const message = `${join(dir, '.env')}: is a directory, not a file`;
    const expected = expect.objectContaining({ name: 'EnvFileError', message });
    await expect(loadEnv({ cwd: dir, inherited })).rejects.toThrow(expected);
  });

  it('names a file in parse errors the way it was given', async () => {
    await write('bad.env', 'A=1\nnope');
    const given = relative(process.cwd(), join(dir, 'bad.env'));
    const message = `${given}:2: expected KEY=value, got "nope"`;
    const expected = expect.objectContaining({ name: 'EnvFileError', message });
    await expect(loadEnv({ files: [given], cwd: dir, inherited })).rejects.toThrow(expected);
  });
});
