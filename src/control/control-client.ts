// The client side of the control socket (see control-protocol.ts): finds the socket of a
// running `dynorun start` for an app directory, sends one request, and passes on every
// message of the answer until its final one.
//
// Without its final message there is no answer, and that is an error, never a silent
// success: a formation that closes the connection first (it was killed, it crashed), or
// that stays silent for ANSWER_DEADLINE_MS (it hangs, or something else listens there),
// fails the request with "no answer from the formation at <socket>". The deadline is one
// of silence, not of the whole request: the server says `{"busy":true}` every
// HEARTBEAT_MS while it works, so a rolling restart may take as long as its dynos need.
// `logs --tail`, once live, has no deadline: a quiet formation may say nothing for hours.
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { ControlError, UsageError } from '../errors.js';
import { formatSeconds } from '../logging/lifecycle-message.js';
import { isFinalMessage, type ControlMessage, type ControlRequest } from './control-protocol.js';
import { controlSocketPaths, inOwnDirectory } from './control-socket-path.js';
import { isRecordedRunAlive, readRunRecord, runRecordPath } from '../supervisor/run-record.js';

/**
 * What a connection attempt found at a socket path: nothing, a socket nobody listens on
 * (left by a killed dynorun), a dynorun, or something else that accepts connections.
 */
export type SocketProbe =
  { state: 'absent' } | { state: 'stale' } | { state: 'live'; pid: number } | { state: 'foreign' };

/** Longest silence of the formation before a request fails. */
export const ANSWER_DEADLINE_MS = 10_000;
// A dynorun answers a ping at once, even while it starts its dynos; one whose record says
// it runs is known without asking (see probeControlSocket).
const PING_TIMEOUT_MS = 1_000;

export interface RequestOptions {
  /** Aborting ends the exchange quietly: the caller no longer wants the answer. */
  signal?: AbortSignal;
  /** Longest silence before giving up. @default ANSWER_DEADLINE_MS */
  deadlineMs?: number;
}

/**
 * Sends `request` to the dynorun running for `appDir`; calls `onMessage` with each message
 * and resolves after the final one. An `{"ok":false}` answer rejects with its error.
 */
export async function sendControlRequest(
  appDir: string,
  request: ControlRequest,
  onMessage: (message: ControlMessage) => void,
  options: RequestOptions = {},
): Promise<void> {
  const { socket, path } = await connectToRunning(appDir);
  await exchange({ socket, path, request, onMessage, ...options });
}

/**
 * Whether a dynorun listens at `path`, and its pid. It is one if the run record beside
 * the socket names a live dynorun (which may be too busy or stopped to answer), or if it
 * answers a ping with its pid; anything else that accepts the connection is not.
 */
export async function probeControlSocket(path: string): Promise<SocketProbe> {
  let socket: Socket;
  try {
    socket = await connectTo(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { state: 'absent' } : { state: 'stale' };
  }
  const record = readRunRecord(runRecordPath(path));
  if (record !== undefined && isRecordedRunAlive(record)) {
    socket.destroy();
    return { state: 'live', pid: record.pid };
  }
  let pid: number | undefined;
  const onMessage = (message: ControlMessage) => {
    if ('pid' in message && Number.isInteger(message.pid)) pid = message.pid;
  };
  const request = { command: 'ping' } as const;
  await exchange({ socket, path, request, onMessage, deadlineMs: PING_TIMEOUT_MS }).catch(
    () => undefined,
  );
  return pid === undefined ? { state: 'foreign' } : { state: 'live', pid };
}

async function connectToRunning(appDir: string): Promise<{ socket: Socket; path: string }> {
  const [inApp, ...elsewhere] = controlSocketPaths(appDir);
  for (const path of [inApp as string, ...elsewhere.filter(inOwnDirectory)]) {
    if (!existsSync(path)) continue;
    try {
      return { socket: await connectTo(path), path };
    } catch {
      // A socket left by a dynorun that was killed: try the next place.
    }
  }
  throw new ControlError(`no dynorun is running for ${appDir}`);
}

function connectTo(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

interface Exchange extends RequestOptions {
  socket: Socket;
  path: string;
  request: ControlRequest;
  onMessage: (message: ControlMessage) => void;
}

// Writes the request, then reads one JSON message per line until the final one.
function exchange({ socket, path, request, onMessage, signal, deadlineMs }: Exchange) {
  const silence = deadlineMs ?? ANSWER_DEADLINE_MS;
  return new Promise<void>((resolve, reject) => {
    let live = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (error?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = () => settle();
    const expectMore = () => {
      clearTimeout(timer);
      const late = () => settle(noAnswer(path, ` within ${formatSeconds(silence)}`));
      if (!live) timer = setTimeout(late, silence);
    };
    const onLine = (line: string) => {
      if (settled) return;
      const message = parseMessage(line);
      if (message === undefined) return settle(new ControlError(`bad answer from ${path}`));
      live ||= 'live' in message;
      expectMore();
      if ('ok' in message && !message.ok) return settle(refusal(message));
      try {
        onMessage(message);
      } catch (error) {
        return settle(error);
      }
      if (isFinalMessage(request, message)) settle();
    };

    // A write or read error is followed by 'close', which says what it means; readline
    // passes the socket's errors on as its own.
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', onLine).on('error', () => undefined);
    socket.on('error', () => undefined);
    socket.once('close', () =>
      settle(live ? streamCut(path) : noAnswer(path, ': it closed the connection')),
    );
    if (signal?.aborted) return settle();
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.write(`${JSON.stringify(request)}\n`);
    expectMore();
  });
}

function parseMessage(line: string): ControlMessage | undefined {
  try {
    const message: unknown = JSON.parse(line);
    return typeof message === 'object' && message !== null
      ? (message as ControlMessage)
      : undefined;
  } catch {
    return undefined;
  }
}

function refusal(message: { error: string; usage?: true }): Error {
  return message.usage ? new UsageError(message.error) : new ControlError(message.error);
}

function noAnswer(path: string, how: string): ControlError {
  return new ControlError(`no answer from the formation at ${path}${how}`);
}

function streamCut(path: string): ControlError {
  return new ControlError(
    `the formation at ${path} closed the log stream without ending it; was dynorun killed?`,
  );
}
