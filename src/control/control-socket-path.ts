// Where a running `dynorun start` listens for `dynorun ps`, `restart`, `logs`…:
//
// - `<appDir>/.dynorun/control.sock`, the directory made 0700 and the socket 0600, so
//   only the user who runs dynorun (and root) can connect;
// - when that path is too long for a Unix socket address (sun_path holds 108 bytes on
//   Linux, 104 on macOS; we keep to 100) or the app directory is not writable:
//   `$XDG_RUNTIME_DIR/dynorun/<hash>.sock`, else `<tmpdir>/dynorun-<uid>/<hash>.sock`
//   (`/tmp/dynorun-<uid>/…` unless $TMPDIR says otherwise), where the hash is of the app
//   directory's real path and the directory is 0700.
//
// A directory we would use that is a symlink, or belongs to another user, is refused
// rather than trusted: in a shared /tmp anybody can create `dynorun-<uid>` first. The
// commands that look for a running formation try both places outside the app directory,
// so `dynorun ps` from a login shell (with $XDG_RUNTIME_DIR) finds a formation started
// by a service without it, and the other way round; they skip such a directory too.
import { accessSync, constants, lstatSync, mkdirSync, chmodSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ControlError } from '../errors.js';

export const MAX_SOCKET_PATH_BYTES = 100;

/** Every place the socket of `appDir` may be, the preferred one first. */
export function controlSocketPaths(appDir: string, env = process.env): string[] {
  const inApp = join(appDir, '.dynorun', 'control.sock');
  const name = `${appHash(appDir)}.sock`;
  const elsewhere = [runtimeDir(env), tempDir()].map((dir) => join(dir, name));
  return [inApp, ...new Set(elsewhere)];
}

/**
 * Whether a socket path outside the app directory is in a directory of this user's own
 * (not a symlink), and so may be trusted with a request.
 */
export function inOwnDirectory(socketPath: string): boolean {
  try {
    const stats = lstatSync(dirname(socketPath));
    return stats.isDirectory() && stats.uid === (process.getuid?.() ?? stats.uid);
  } catch {
    return false;
  }
}

/** The path a new `dynorun start` listens on, its directory created 0700. */
export function prepareControlSocketPath(appDir: string, env = process.env): string {
  const [inApp, elsewhere] = controlSocketPaths(appDir, env) as [string, string];
  if (fits(inApp) && writable(appDir)) {
    privateDirectory(join(appDir, '.dynorun'));
    return inApp;
  }
  if (!fits(elsewhere)) {
    throw new ControlError(`no usable path for the control socket: ${elsewhere} is too long`);
  }
  privateDirectory(runtimeDir(env));
  return elsewhere;
}

function runtimeDir(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime ? join(runtime, 'dynorun') : tempDir();
}

function tempDir(): string {
  return join(tmpdir(), `dynorun-${process.getuid?.() ?? 'user'}`);
}

/** The name of `appDir`'s socket outside it: 16 hex digits from its real path. */
export function appHash(appDir: string): string {
  let real = appDir;
  try {
    real = realpathSync(appDir);
  } catch {
    // A directory that is gone hashes as named.
  }
  return fnv1a64(Buffer.from(real)).toString(16).padStart(16, '0');
}

// FNV-1a, 64 bits: names that differ between directories, no secret involved, and no
// node:crypto to load on every start.
function fnv1a64(bytes: Buffer): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash;
}

function fits(path: string): boolean {
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function privateDirectory(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stats = lstatSync(dir);
  if (!stats.isDirectory()) {
    throw new ControlError(`${dir} is not a directory; refusing to put the control socket there`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new ControlError(
      `${dir} belongs to another user; refusing to put the control socket there`,
    );
  }
  if ((stats.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}
