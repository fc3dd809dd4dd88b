// The socket lives in the app directory when it can, elsewhere in a private directory
// when it cannot, and never in a directory someone else controls.
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  appHash,
  controlSocketPaths,
  prepareControlSocketPath,
} from '../../src/control/control-socket-path.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dynorun-socket-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('prepareControlSocketPath', () => {
  it('uses .dynorun/control.sock in the app directory, made 0700', () => {
    const path = prepareControlSocketPath(root, { XDG_RUNTIME_DIR: join(root, 'run') });
    expect(path).toBe(join(root, '.dynorun', 'control.sock'));
    expect(statSync(join(root, '.dynorun')).mode & 0o777).toBe(0o700);
  });

  it('moves to $XDG_RUNTIME_DIR/dynorun for an app path too long for a socket address', () => {
    const app = join(root, 'x'.repeat(90));
    mkdirSync(app);
    mkdirSync(join(root, 'run'));
    const path = prepareControlSocketPath(app, { XDG_RUNTIME_DIR: join(root, 'run') });
    expect(path).toMatch(new RegExp(`^${join(root, 'run', 'dynorun')}/[0-9a-f]{16}\\.sock$`));
    expect(statSync(join(root, 'run', 'dynorun')).mode & 0o777).toBe(0o700);
    expect(controlSocketPaths(app, { XDG_RUNTIME_DIR: join(root, 'run') })[1]).toBe(path);
  });

  it('falls back to /tmp/dynorun-<uid>, before $TMPDIR, without XDG_RUNTIME_DIR', () => {
    const app = join(root, 'x'.repeat(90));
    mkdirSync(app);
    const name = `${appHash(app)}.sock`;
    const own = `dynorun-${process.getuid?.()}`;
    const env = { TMPDIR: join(root, 'tmp') };
    expect(controlSocketPaths(app, env)).toEqual([
      join(app, '.dynorun', 'control.sock'),
      join('/tmp', own, name),
      join(root, 'tmp', own, name),
    ]);
    expect(controlSocketPaths(app, { TMPDIR: '/tmp/' })).toHaveLength(2);
    expect(prepareControlSocketPath(app, env)).toBe(join('/tmp', own, name));
  });

  it('tightens its own directory to 0700', () => {
    mkdirSync(join(root, '.dynorun'), { mode: 0o755 });
    chmodSync(join(root, '.dynorun'), 0o755);
    prepareControlSocketPath(root);
    expect(statSync(join(root, '.dynorun')).mode & 0o777).toBe(0o700);
  });

  it('refuses a symlink where its directory should be', () => {
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(root, '.dynorun'));
    expect(() => prepareControlSocketPath(root)).toThrow(
      `${join(root, '.dynorun')} is not a directory; refusing to put the control socket there`,
    );
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a directory that belongs to another user', () => {
    mkdirSync(join(root, '.dynorun'), { mode: 0o700 });
    chownSync(join(root, '.dynorun'), 65534, 65534);
    expect(() => prepareControlSocketPath(root)).toThrow(
      `${join(root, '.dynorun')} belongs to another user; refusing to put the control socket there`,
    );
  });
});

describe('appHash', () => {
  it('is FNV-1a of the real path, in 16 hex digits', () => {
    // The published FNV-1a 64-bit value of "a".
    expect(appHash('a')).toBe('af63dc4c8601ec8c');
    const real = join(root, 'app');
    const link = join(root, 'link');
    mkdirSync(real);
    symlinkSync(real, link);
    expect(appHash(link)).toBe(appHash(real));
    expect(appHash(real)).not.toBe(appHash(`${real}x`));
  });
});
