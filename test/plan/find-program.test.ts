import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProgram } from '../../src/plan/find-program.js';
import { makeApp } from '../helpers/cli.js';

// An app with `a/tool` (not executable), `b/tool` (executable), `c/tool/` (a directory).
function app(): string {
  const cwd = makeApp({});
  for (const dir of ['a', 'b', 'c/tool']) mkdirSync(join(cwd, dir), { recursive: true });
  writeFileSync(join(cwd, 'a', 'tool'), '#!/bin/sh\n');
  writeFileSync(join(cwd, 'b', 'tool'), '#!/bin/sh\n');
  chmodSync(join(cwd, 'a', 'tool'), 0o644);
  chmodSync(join(cwd, 'b', 'tool'), 0o755);
  return cwd;
}

describe('findProgram', () => {
  it('skips a file that is not executable for a later executable one, as sh does', async () => {
    const cwd = app();
    const lookup = await findProgram('tool', { cwd, path: `c:a:${join(cwd, 'b')}` });
    expect(lookup).toEqual({ found: true, path: join(cwd, 'b', 'tool') });
  });

  it('reports the first file found that is not executable when none is', async () => {
    const cwd = app();
    const lookup = await findProgram('tool', { cwd, path: '/nonexistent:a:c' });
    expect(lookup).toEqual({
      found: false,
      reason: 'not-executable',
      path: join(cwd, 'a', 'tool'),
    });
  });

  it('reads an empty PATH entry as the app directory', async () => {
    const cwd = app();
    writeFileSync(join(cwd, 'here'), '');
    chmodSync(join(cwd, 'here'), 0o755);
    expect(await findProgram('here', { cwd, path: '/nonexistent:' })).toEqual({
      found: true,
      path: join(cwd, 'here'),
    });
  });

  it('searches the shell default path when PATH is unset', async () => {
    const lookup = await findProgram('sh', { cwd: app(), path: undefined });
    expect(lookup).toMatchObject({ found: true });
  });

  it.each<[string, object]>([
    ['b/tool', { found: true }],
    ['./a/tool', { found: false, reason: 'not-executable' }],
    ['c/tool', { found: false, reason: 'not-executable' }],
    ['./missing', { found: false, reason: 'missing' }],
  ])('resolves the path %s against the app directory', async (program, expected) => {
    expect(await findProgram(program, { cwd: app(), path: '' })).toMatchObject(expected);
  });
});
