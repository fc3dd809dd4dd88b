import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadProcfile } from '../../src/procfile/load.js';

const fixtures = fileURLToPath(new URL('../fixtures/procfiles/', import.meta.url));

describe('loadProcfile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dynorun-procfile-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a Procfile and returns its absolute path', async () => {
    const path = join(fixtures, 'release-web-worker.Procfile');
    const loaded = await loadProcfile(relative(process.cwd(), path));
    expect(loaded.file).toBe(path);
    expect(loaded.entries.map((entry) => [entry.name, entry.line])).toEqual([
      ['release', 1],
      ['web', 2],
      ['worker', 5],
    ]);
  });

  it('reads a Procfile that holds only the release phase', async () => {
    const { entries } = await loadProcfile(join(fixtures, 'release-only.Procfile'));
    expect(entries).toEqual([{ name: 'release', command: './migrate.sh', line: 2 }]);
  });

  // A command runs as written or not at all: bytes that are not UTF-8 are never replaced.
  const bom = [0xef, 0xbb, 0xbf];
  it.each<[string, number[], number, string, number]>([
    ['a stray byte after a BOM', [...bom, ...Buffer.from('w: '), 0xff, 0x0a], 1, '0xff', 4],
    ['Latin-1 on line 2', [...Buffer.from('w: x\nv: caf'), 0xe9, 0x0a], 2, '0xe9', 7],
    ['a sequence cut short', [...Buffer.from('w: \u00e9'), 0xc3, 0x41], 1, '0xc3', 5],
    ['a sequence cut by the end', [...Buffer.from('w: ab'), 0xe2, 0x82], 1, '0xe2', 6],
  ])('refuses %s, naming line, column and byte', async (_title, bytes, line, byte, column) => {
    const path = join(dir, 'Procfile');
    await writeFile(path, Buffer.from(bytes));
    const problem = `not UTF-8 text: invalid byte ${byte} at column ${column}`;
    const message = `Procfile:${line}: ${problem}`;
    await expect(loadProcfile(path, 'Procfile')).rejects.toThrow(
      expect.objectContaining({ name: 'ProcfileError', message }),
    );
  });

  it.each([
    ['missing-colon.Procfile', ':3: expected "<name>: <command>", got "web npm start"'],
    ['duplicate.Procfile', ':3: process "web" is already defined on line 1'],
    ['comments-only.Procfile', ': defines no processes'],
  ])('reports %s with the name it was given', async (name, problem) => {
    const given = relative(process.cwd(), join(fixtures, name));
    const message = `${given}${problem}`;
    const expected = expect.objectContaining({ name: 'ProcfileError', message });
    await expect(loadProcfile(given)).rejects.toThrow(expected);
  });

  it('uses the display name in messages when one is given', async () => {
    const message = 'Procfile: no such file';
    const expected = expect.objectContaining({ name: 'ProcfileError', message });
    const loading = loadProcfile(join(dir, 'Procfile'), 'Procfile');
    await expect(loading).rejects.toThrow(expected);
  });

  it('says so when the Procfile is a directory', async () => {
    await mkdir(join(dir, 'Procfile'));
    const message = `${dir}/Procfile: is a directory, not a file`;
    const expected = expect.objectContaining({ name: 'ProcfileError', message });
    await expect(loadProcfile(join(dir, 'Procfile'))).rejects.toThrow(expected);
  });
});
