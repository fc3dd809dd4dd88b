// A real running formation for the control tests: `dynorun start` from the built CLI, and
// the commands that talk to it.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { makeApp, runCli, startCli, type CliRun } from '../helpers/cli.js';
import { killAll, processesWithMarker } from '../helpers/processes.js';
import type { DynoStatus } from '../../src/supervisor/dyno-status.js';

export interface Running {
  run: CliRun;
  cwd: string;
  marker: string;
}

const markers: string[] = [];

/** Starts `dynorun start` in a new app holding `files`; every process of it is tagged. */
export function startFormation(files: Record<string, string>, args: string[] = []): Running {
  const cwd = makeApp(files);
  return startIn(cwd, args);
}

export function startIn(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Running {
  const marker = `DYNORUN_TEST_RUN=${randomUUID()}`;
  markers.push(marker);
  const [name, value] = marker.split('=') as [string, string];
  const run = startCli(['start', '--no-timestamp', ...args], {
    cwd,
    env: { ...env, [name]: value },
  });
  return { run, cwd, marker };
}

/** Kills, by pid, every process any formation of this file started (dynorun included). */
export function killFormations(): void {
  for (const marker of markers.splice(0)) killAll(processesWithMarker(marker));
}

export function dynorun(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return runCli(args, { cwd, env });
}

export async function ps(cwd: string, env: NodeJS.ProcessEnv = {}): Promise<DynoStatus[]> {
  const result = await dynorun(cwd, ['ps', '--json'], env);
  if (result.code !== 0) throw new Error(`ps failed (${result.code}): ${result.stderr}`);
  return (JSON.parse(result.stdout) as { dynos: DynoStatus[] }).dynos;
}

export function byName(dynos: DynoStatus[], name: string): DynoStatus {
  const found = dynos.find((dyno) => dyno.name === name);
  if (!found) throw new Error(`no ${name} in ps: ${dynos.map((dyno) => dyno.name).join(', ')}`);
  return found;
}

/** True if something accepts a TCP connection on 127.0.0.1:port right now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Polls `check` until it holds; fails with what it saw last after the deadline. */
export async function until<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Live processes of this run (by marker) whose environment says `DYNO=<dyno>`. */
export function processesOfDyno(marker: string, dyno: string): number[] {
  return processesWithMarker(marker).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`DYNO=${dyno}`);
    } catch {
      return false;
    }
  });
}

const fakes: { servers: Server[]; sockets: Socket[] } = { servers: [], sockets: [] };

/**
 * A new app holding `files`, with `serve` instead of a dynorun listening where its
 * control socket goes. `closeFakeSockets` (in afterEach) ends every one.
 */
export async function fakeControlSocket(
  files: Record<string, string>,
  serve: (socket: Socket) => void,
): Promise<{ cwd: string; path: string }> {
  const cwd = makeApp(files);
  mkdirSync(join(cwd, '.dynorun'), { mode: 0o700 });
  const path = join(cwd, '.dynorun', 'control.sock');
  const server = createServer((socket) => (fakes.sockets.push(socket), serve(socket)));
  fakes.servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return { cwd, path };
}

export function closeFakeSockets(): void {
  for (const socket of fakes.sockets.splice(0)) socket.destroy();
  for (const server of fakes.servers.splice(0)) server.close();
}
