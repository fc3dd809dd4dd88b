// Decides when a starting dyno is `up`. Port, HTTP and command checks have no event to wait
// for, so they are retried on a timer until they pass or the probe is cancelled; a log
// pattern is checked against each line as it arrives.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import type { Env, Readiness } from '../types.js';
import { sleep } from './wait.js';

export interface ProbeContext {
  port: number | undefined;
  env: Env;
  cwd: string;
  /** The pids of the dyno's process tree right now. */
  pids: () => number[];
  listensOn: (port: number, pids: number[]) => boolean;
}

export const PROBE_INTERVAL_MS = 100;

export class ReadinessProbe {
  readonly ready: Promise<void>;
  private resolve: () => void = () => {};
  private cancelled = false;
  private readonly pattern: RegExp | undefined;

  constructor(
    private readonly readiness: Readiness,
    private readonly context: ProbeContext,
  ) {
    this.ready = new Promise((resolve) => (this.resolve = resolve));
    this.pattern = readiness.kind === 'log' ? new RegExp(readiness.pattern) : undefined;
    if (readiness.kind === 'started') this.resolve();
    else if (readiness.kind !== 'log') void this.poll();
  }

  /** Feeds output lines to a log-pattern probe. */
  check(lines: readonly Buffer[]): void {
    if (!this.pattern || this.cancelled) return;
    if (lines.some((line) => this.pattern?.test(line.toString('utf8')))) this.resolve();
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** What the probe waits for, in words, for boot-timeout messages. */
  describe(): string {
    return describeReadiness(this.readiness, this.context.port);
  }

  private async poll(): Promise<void> {
    while (!this.cancelled) {
      if (await this.passes()) return this.resolve();
      await sleep(PROBE_INTERVAL_MS).promise;
    }
  }

  private async passes(): Promise<boolean> {
    const { port } = this.context;
    switch (this.readiness.kind) {
      case 'port':
        if (port === undefined) return false;
        // Without /proc (macOS), whoever accepts on the port counts.
        if (process.platform !== 'linux') return portAccepts(port);
        return this.context.listensOn(port, this.context.pids());
      case 'http':
        return port !== undefined && httpOk(port, this.readiness.path);
      case 'command':
        return commandSucceeds(this.readiness.command, this.context);
      default:
        return true;
    }
  }
}

export function describeReadiness(readiness: Readiness, port: number | undefined): string {
  switch (readiness.kind) {
    case 'started':
      return 'start';
    case 'port':
      return `bind to $PORT (${port ?? 'none'})`;
    case 'log':
      return `print a line matching /${readiness.pattern}/`;
    case 'http':
      return `answer 2xx on http://127.0.0.1:${port ?? '?'}${readiness.path}`;
    case 'command':
      return `pass \`${readiness.command}\``;
  }
}

function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// node:http is loaded on the first HTTP check only: most formations never make one.
async function httpOk(port: number, path: string): Promise<boolean> {
  const { request } = await import('node:http');
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 1_000 }, (res) => {
      res.resume();
      const status = res.statusCode ?? 0;
      resolve(status >= 200 && status < 300);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function commandSucceeds(command: string, context: ProbeContext): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: context.cwd,
      env: context.env,
      stdio: 'ignore',
      timeout: 10_000,
      killSignal: 'SIGKILL',
    });
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}
