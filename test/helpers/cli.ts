// Runs the built CLI as a user would and watches its output with deadlines.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'bin', 'dynorun.js');
export const PROCESSES = join(ROOT, 'test', 'fixtures', 'processes');

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  lines: () => string[];
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const appDirs: string[] = [];
process.on('exit', () => {
  for (const dir of appDirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp app directory holding the given files (`Procfile`, `.env`, …), removed at exit. */
export function makeApp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dynorun-test-'));
  appDirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export function startCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return watch(child);
}

function watch(child: ChildProcess): CliRun {
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((check) => check());
  child.stdout?.setEncoding('utf8').on('data', (text: string) => ((out += text), notify()));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => ((err += text), notify()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => (resolve({ code, signal }), notify())),
  );

  const waitFor = (pattern: RegExp, timeoutMs = 10_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = out.match(pattern);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      const cleanup = () => (clearTimeout(timer), waiters.delete(check));
      waiters.add(check);
      check();
    });

  const lines = () => out.split('\n').filter((line) => line !== '');
  return { child, stdout: () => out, stderr: () => err, lines, waitFor, exited };
}

/** Runs the CLI to completion. */
export async function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const run = startCli(args, options);
  const { code, signal } = await run.exited;
  return { code, signal, stdout: run.stdout(), stderr: run.stderr(), lines: run.lines() };
}

/** Text after the `name |` column of every line from that dyno. */
export function linesOf(lines: string[], name: string): string[] {
  const prefix = new RegExp(`^${name.replace('.', '\\.')}\\s*\\| `);
  return lines.filter((line) => prefix.test(line)).map((line) => line.replace(prefix, ''));
}

/** Runs the CLI to completion and returns its stdout as bytes, undecoded. */
export function runCliBytes(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const chunks: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise<{ code: number | null; stdout: Buffer }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks) })),
  );
}
