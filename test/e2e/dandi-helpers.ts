// What the DANDI end-to-end test needs beyond test/helpers: its prerequisites, a private
// redis-server, async deadline waits, and dynorun's stdout read as `name | text` lines.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { ROOT } from '../helpers/cli.js';

export const fixturesDir = path.resolve(ROOT, '../shared/fixtures/dandi');

// Debian's python (through pyenv's "system" version) must have the app's modules.
const pythonCheck = "PYENV_VERSION=system python -c 'import django, celery, redis'";

/** Why the suite cannot run here, or undefined when everything it needs is present. */
export function missingPrerequisites(): string | undefined {
  if (!existsSync(fixturesDir)) return `the DANDI Procfiles are not at ${fixturesDir}`;

  const tools = ['gunicorn', 'celery', 'redis-server', 'redis-cli'];
  const missing = tools.filter((tool) => !succeeds(`command -v ${tool}`));
  if (missing.length > 0)
    return `not installed: ${missing.join(', ')} (see examples/dandi/install.sh)`;
  return missingPython();
}

/** Why the example's Python modules cannot be imported here (`dynorun run python …`). */
export function missingPython(): string | undefined {
  if (succeeds(pythonCheck)) return undefined;
  return `\`${pythonCheck}\` fails (see examples/dandi/install.sh)`;
}

/**
 * A copy of examples/dandi in `dir` (without caches, database or sockets); returns its path.
 * A formation started there cannot clash with another test's in examples/dandi: a second
 * `dynorun start` in one app directory is refused while the first runs.
 */
export function copyExample(dir: string): string {
  const copy = path.join(dir, 'dandi');
  const leaveOut = /(__pycache__|db\.sqlite3|\.redis|celerybeat-schedule.*|\.dynorun)$/;
  cpSync(path.join(ROOT, 'examples/dandi'), copy, {
    recursive: true,
    filter: (source) => !leaveOut.test(source),
  });
  return copy;
}

function succeeds(shellCommand: string): boolean {
  return spawnSync('/bin/sh', ['-c', shellCommand], { stdio: 'ignore' }).status === 0;
}

/** Resolves with the first value `check` returns other than undefined; rejects at the deadline. */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  lastSeen: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}\n${lastSeen()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` has passed. */
export async function withDeadline<T>(promise: Promise<T>, timeoutMs: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port from listen(0)');
  return address.port;
}

export function redisCli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

export interface RedisServer {
  port: number;
  child: ChildProcess;
}

// A redis-server in the foreground (so its pid is ours to kill), loopback only, no persistence.
export async function startRedis(port: number, dir: string): Promise<RedisServer> {
  const args = ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir], { stdio: 'ignore' });
  await pollUntil(`redis-server to answer PING on port ${port}`, 10_000, async () => {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    return redisCli(port, 'ping') === 'PONG' ? true : undefined;
  });
  return { port, child };
}

export interface LogLine {
  /** Position among the prefixed lines of stdout. */
  index: number;
  /** The prefix name: `web.1`, `release`, `dynorun`. */
  name: string;
  text: string;
}

// The name padded to the widest, then `| text` (runs use --no-timestamp).
const prefixedLine = /^([\w.-]+) *\| ?(.*)$/;

export function parseLines(lines: string[]): LogLine[] {
  const parsed: LogLine[] = [];
  for (const line of lines) {
    const match = prefixedLine.exec(line);
    if (match) parsed.push({ index: parsed.length, name: match[1] ?? '', text: match[2] ?? '' });
  }
  return parsed;
}

/** A multiline pattern for a line from `dyno` (any dyno when undefined) containing `text`. */
export function lineFrom(dyno: string | undefined, text: string): RegExp {
  const name = dyno === undefined ? '([\\w.-]+)' : `(${escapeRegExp(dyno)})`;
  return new RegExp(`^${name} *\\| .*${escapeRegExp(text)}`, 'm');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `pid state args` for each pid still there, for failure messages. */
export function describeProcesses(pids: number[]): string {
  return pids
    .map((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
        return `${pid} ${args.trim()}`;
      } catch {
        return `${pid} (gone)`;
      }
    })
    .join('\n');
}

export async function getJson(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${response.status} ${body}`);
  return JSON.parse(body) as unknown;
}
