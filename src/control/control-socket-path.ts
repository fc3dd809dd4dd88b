// Where a running `dynorun start` listens for `dynorun ps`, `restart`, `logs`…:
//
// - `<appDir>/.dynorun/control.sock`, the directory made 0700 and the socket 0600, so
//   only the user who runs dynorun (and root) can connect;
// - when that path is too long for a Unix socket address (sun_path holds 108 bytes on
//   Linux, 104 on macOS; we keep to 100) or the app directory is not writable:
//   `$XDG_RUNTIME_DIR/dynorun/<hash>.sock`, else `/tmp/dynorun-<uid>/<hash>.sock`, and
//   only when /tmp cannot be used `$TMPDIR/dynorun-<uid>/<hash>.sock`, where the hash is of
//   the app directory's real path and the directory is 0700.
//
// /tmp comes before $TMPDIR because a command run from another shell, a cron job or a
// service often has no $TMPDIR, or another one, and could not find the socket there.
//
// A directory we would use that is a symlink, or belongs to another user, is refused
// rather than trusted: in a shared /tmp anybody can create `dynorun-<uid>` first. The
// commands that look for a running formation try every place outside the app directory
// that their environment names, so `dynorun ps` from a login shell (with $XDG_RUNTIME_DIR
// or $TMPDIR) finds a formation started by a service without them; they skip such a
// directory too.
import { accessSync, constants, lstatSync, mkdirSync, chmodSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ControlError } from '../errors.js';

export const MAX_SOCKET_PATH_BYTES = 100;

/** Every place the socket of `appDir` may be, the preferred one first. */
export function controlSocketPaths(appDir: string, env = process.env): string[] {
  const inApp = join(appDir, '.dynorun', 'control.sock');
  const name = `${appHash(appDir)}.sock`;
  const runtime = env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'dynorun')] : [];
  const elsewhere = [...runtime, ...tempDirs(env)].map((dir) => join(dir, name));
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

/**
 * The path a new `dynorun start` listens on, its directory created 0700: in the app
 * directory, else in $XDG_RUNTIME_DIR when it is set, else in the first temp directory
 * that can be used.
 */
export function prepareControlSocketPath(appDir: string, env = process.env): string {
  const [inApp, ...elsewhere] = controlSocketPaths(appDir, env) as [string, ...string[]];
  if (fits(inApp) && writable(appDir)) {
    privateDirectory(join(appDir, '.dynorun'));
    return inApp;
  }
  const candidates = env.XDG_RUNTIME_DIR ? elsewhere.slice(0, 1) : elsewhere;
  let refusal: unknown;
  for (const path of candidates) {
    try {
      if (!fits(path)) {
        throw new ControlError(`no usable path for the control socket: ${path} is too long`);
      }
      privateDirectory(dirname(path));
      return path;
    } catch (error) {
      refusal ??= error;
    }
  }
  throw refusal;
}

// `/tmp/dynorun-<uid>`, then `$TMPDIR/dynorun-<uid>` when $TMPDIR names another directory.
function tempDirs(env: NodeJS.ProcessEnv): string[] {
  const name = `dynorun-${process.getuid?.() ?? 'user'}`;
  const dirs = [join('/tmp', name)];
  if (env.TMPDIR) dirs.push(join(env.TMPDIR, name));
  return [...new Set(dirs)];
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
