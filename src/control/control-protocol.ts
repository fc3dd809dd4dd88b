// The control protocol: newline-delimited JSON over the Unix socket, one request per
// connection. The client writes one request line; the server answers with lines and
// closes:
//
//   → {"command":"ps"}
//   ← {"ok":true,"dynos":[{"name":"web.1","state":"up","pid":4101,…}]}
//
// While a request takes long (a rolling restart, a stop with a long grace period), the
// server sends `{"busy":true}` every HEARTBEAT_MS, so that the client can tell a formation
// at work from one that hangs (see control-client.ts).
//
// A request that changes dynos waits for earlier ones on the same process types (see
// request-queue.ts); while it does, it says which with `{"waiting":["restart web"]}`.
//
// Failures are `{"ok":false,"error":"…"}`, with `"usage":true` when the request itself
// was bad input (an unknown type to scale), which the client reports as a usage error.
// `restart` sends `{"progress":{…}}` as each dyno is up again, before its final answer.
// `logs` answers `{"ok":true,"names":[…],"types":[…]}`, then one `{"event":{…}}` per line
// or lifecycle event (see wire-event.ts), then `{"end":true}`; with `"tail":true` it sends
// `{"live":true}` instead, then new events as they come, until the client closes or the
// run ends, which ends the tail with `{"end":true,"exitCode":N}`. A tail that falls too far
// behind ends with `{"ok":false,"error":"dropped: …"}` (see stream-logs.ts).
//
// `dynorun run` registers a one-off with three short requests of its own (see
// one-off-registration.ts): `run-register` answers `{"ok":true,"dyno":"run.N"}`;
// `run-started` and `run-exited` answer `{"ok":true}`.
import { ControlError } from '../errors.js';
import type { DynoStatus } from '../supervisor/dyno-status.js';
import type { RestartResult } from '../supervisor/rolling-restart.js';
import type { ScaleResult } from '../supervisor/scale-plan.js';
import type { TargetResult } from '../supervisor/supervisor.js';
import type { WireEvent } from './wire-event.js';

export interface LogsRequest {
  command: 'logs';
  /** The most recent N lines of the ring, a lifecycle event counting as one. @default all */
  lines?: number;
  dyno?: string;
  type?: string;
  source?: 'app' | 'dynorun';
  /** Keep the connection open and stream new lines. */
  tail?: boolean;
}

export type ControlRequest =
  | { command: 'ping' }
  | { command: 'ps' }
  | { command: 'restart'; target?: string }
  | { command: 'stop'; target: string }
  | { command: 'resume'; target: string }
  | { command: 'scale'; formation: string }
  | LogsRequest
  | RunRequest;

/** The one-off requests of `dynorun run` (see supervisor/one-off-registry.ts). */
export type RunRequest =
  | {
      command: 'run-register';
      /** The pid of `dynorun run` itself: the entry's owner until the command has a pid. */
      pid: number;
      /** The one-off's DYNORUN_TAG, which its processes inherit. */
      tag: string;
      /** The command as the user gave it, for `ps` and the log. */
      line: string;
    }
  | { command: 'run-started'; dyno: string; pid: number }
  | {
      command: 'run-exited';
      dyno: string;
      code: number | null;
      signal: NodeJS.Signals | null;
      /** Why the command never started (`command not found`), when it did not. */
      error?: string;
    };

export type ControlMessage =
  | { ok: false; error: string; usage?: true }
  | { ok: true; pid: number; appDir: string }
  | { ok: true; dynos: DynoStatus[] }
  | { ok: true; restarted: RestartResult[] }
  | ({ ok: true } & TargetResult)
  | ({ ok: true } & ScaleResult)
  | { ok: true; names: string[]; types: string[] }
  | { ok: true; dyno: string }
  | { ok: true }
  | { progress: RestartResult }
  | { busy: true }
  | { waiting: string[] }
  | { event: WireEvent }
  | { live: true }
  | { end: true; exitCode?: number };

/** How often a server at work on a request says so. */
export const HEARTBEAT_MS = 2_000;

/** Whether `message` completes the answer to `request`: a refusal, the answer, `logs`' end. */
export function isFinalMessage(request: ControlRequest, message: ControlMessage): boolean {
  if ('ok' in message) return !message.ok || request.command !== 'logs';
  return 'end' in message;
}

/** Longest request line the server reads. */
export const MAX_REQUEST_BYTES = 64 * 1024;

const COMMANDS = ['ping', 'ps', 'restart', 'stop', 'resume', 'scale', 'logs'];
const RUN_COMMANDS = ['run-register', 'run-started', 'run-exited'];

/** Parses and checks one request line. */
export function parseRequest(line: string): ControlRequest {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    throw new ControlError('bad request: not JSON');
  }
  const command = (request as { command?: unknown } | null)?.command;
  const known = [...COMMANDS, ...RUN_COMMANDS];
  if (typeof command !== 'string' || !known.includes(command)) {
    throw new ControlError(`bad request: unknown command ${JSON.stringify(command)}`);
  }
  const fields = request as Record<string, unknown>;
  for (const key of ['target', 'formation', 'dyno', 'type', 'source', 'tag', 'line', 'error']) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string') {
      throw new ControlError(`bad request: "${key}" must be a string`);
    }
  }
  const needs = { stop: 'target', resume: 'target', scale: 'formation' }[command];
  if (needs !== undefined && typeof fields[needs] !== 'string') {
    throw new ControlError(`bad request: ${command} needs "${needs}"`);
  }
  if (command === 'logs') checkLogsRequest(fields);
  if (RUN_COMMANDS.includes(command)) checkRunRequest(command, fields);
  return request as ControlRequest;
}

const RUN_FIELDS: Record<string, string[]> = {
  'run-register': ['pid', 'tag', 'line'],
  'run-started': ['dyno', 'pid'],
  'run-exited': ['dyno'],
};

function checkRunRequest(command: string, fields: Record<string, unknown>): void {
  for (const key of RUN_FIELDS[command] ?? []) {
    if (fields[key] === undefined) throw new ControlError(`bad request: ${command} needs "${key}"`);
  }
  const { pid, code, signal, tag } = fields;
  if (tag !== undefined && !/^[\w.-]+$/.test(tag as string)) {
    throw new ControlError('bad request: "tag" may hold letters, digits, ".", "_", "-"');
  }
  if (pid !== undefined && !(Number.isInteger(pid) && (pid as number) > 1)) {
    throw new ControlError('bad request: "pid" must be a process id');
  }
  if (command !== 'run-exited') return;
  if (code !== undefined && code !== null && !Number.isInteger(code)) {
    throw new ControlError('bad request: "code" must be a whole number or null');
  }
  if (signal !== undefined && signal !== null && !/^SIG[A-Z0-9]+$/.test(String(signal))) {
    throw new ControlError('bad request: "signal" must be a signal name or null');
  }
}

function checkLogsRequest(fields: Record<string, unknown>): void {
  const { lines, source } = fields;
  if (lines !== undefined && !(Number.isInteger(lines) && (lines as number) >= 0)) {
    throw new ControlError('bad request: "lines" must be a whole number');
  }
  if (source !== undefined && source !== 'app' && source !== 'dynorun') {
    throw new ControlError('bad request: "source" must be "app" or "dynorun"');
  }
}
