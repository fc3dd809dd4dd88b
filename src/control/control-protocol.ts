// The control protocol: newline-delimited JSON over the Unix socket, one request per
// connection. The client writes one request line; the server answers with lines and
// closes:
//
//   → {"command":"ps"}
//   ← {"ok":true,"dynos":[{"name":"web.1","state":"up","pid":4101,…}]}
//
// Failures are `{"ok":false,"error":"…"}`. `restart` sends `{"progress":{…}}` as each
// dyno is up again, before its final answer. `logs` answers
// `{"ok":true,"names":[…],"types":[…]}`, then one `{"event":{…}}` per line or lifecycle
// event (see wire-event.ts), then `{"end":true}`; with `"tail":true` it sends
// `{"live":true}` instead, then new events as they come, until the client closes or the
// run ends.
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
  | LogsRequest;

export type ControlMessage =
  | { ok: false; error: string }
  | { ok: true; pid: number; appDir: string }
  | { ok: true; dynos: DynoStatus[] }
  | { ok: true; restarted: RestartResult[] }
  | ({ ok: true } & TargetResult)
  | ({ ok: true } & ScaleResult)
  | { ok: true; names: string[]; types: string[] }
  | { progress: RestartResult }
  | { event: WireEvent }
  | { live: true }
  | { end: true };

/** Longest request line the server reads. */
export const MAX_REQUEST_BYTES = 64 * 1024;

const COMMANDS = ['ping', 'ps', 'restart', 'stop', 'resume', 'scale', 'logs'];

/** Parses and checks one request line. */
export function parseRequest(line: string): ControlRequest {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    throw new ControlError('bad request: not JSON');
  }
  const command = (request as { command?: unknown } | null)?.command;
  if (typeof command !== 'string' || !COMMANDS.includes(command)) {
    throw new ControlError(`bad request: unknown command ${JSON.stringify(command)}`);
  }
  const fields = request as Record<string, unknown>;
  for (const key of ['target', 'formation', 'dyno', 'type', 'source']) {
    if (fields[key] !== undefined && typeof fields[key] !== 'string') {
      throw new ControlError(`bad request: "${key}" must be a string`);
    }
  }
  const needs = { stop: 'target', resume: 'target', scale: 'formation' }[command];
  if (needs !== undefined && typeof fields[needs] !== 'string') {
    throw new ControlError(`bad request: ${command} needs "${needs}"`);
  }
  if (command === 'logs') checkLogsRequest(fields);
  return request as ControlRequest;
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
