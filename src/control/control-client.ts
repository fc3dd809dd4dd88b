// The client side of the control socket (see control-protocol.ts): finds the socket of a
// running `dynorun start` for an app directory, sends one request, and passes on every
// message of the answer until the server closes the connection.
import { existsSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { ControlError, UsageError } from '../errors.js';
import type { ControlMessage, ControlRequest } from './control-protocol.js';
import { controlSocketPaths } from './control-socket-path.js';

/** What a connection attempt found at a socket path. */
export type SocketProbe =
  { state: 'absent' } | { state: 'stale' } | { state: 'live'; pid: number | undefined };

const PING_TIMEOUT_MS = 3_000;

/**
 * Sends `request` to the dynorun running for `appDir`; calls `onMessage` with each message
 * and resolves when the server closes. An `{"ok":false}` answer rejects with its error.
 */
export async function sendControlRequest(
  appDir: string,
  request: ControlRequest,
  onMessage: (message: ControlMessage) => void,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const socket = await connectToRunning(appDir);
  if (options.signal?.aborted) socket.destroy();
  options.signal?.addEventListener('abort', () => socket.destroy(), { once: true });
  let failure: Error | undefined;
  await readMessages(socket, request, (message) => {
    if (!('ok' in message) || message.ok) onMessage(message);
    else if (message.usage) failure = new UsageError(message.error);
    else failure = new ControlError(message.error);
  });
  if (failure !== undefined) throw failure;
}

/** Whether a dynorun listens at `path`, and its pid. */
export async function probeControlSocket(path: string): Promise<SocketProbe> {
  let socket: Socket;
  try {
    socket = await connectTo(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { state: 'absent' } : { state: 'stale' };
  }
  let pid: number | undefined;
  const timer = setTimeout(() => socket.destroy(), PING_TIMEOUT_MS);
  await readMessages(socket, { command: 'ping' }, (message) => {
    if ('pid' in message) pid = message.pid;
  }).catch(() => undefined);
  clearTimeout(timer);
  return { state: 'live', pid };
}

async function connectToRunning(appDir: string): Promise<Socket> {
  for (const path of controlSocketPaths(appDir)) {
    if (!existsSync(path)) continue;
    try {
      return await connectTo(path);
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

// Writes the request, then reads one JSON message per line until the server closes.
function readMessages(
  socket: Socket,
  request: ControlRequest,
  onMessage: (message: ControlMessage) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: socket, crlfDelay: Infinity });
    lines.on('line', (line) => {
      try {
        onMessage(JSON.parse(line) as ControlMessage);
      } catch (error) {
        socket.destroy();
        reject(error instanceof SyntaxError ? new ControlError('bad answer from dynorun') : error);
      }
    });
    socket.once('close', () => resolve());
    socket.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNRESET') reject(error);
    });
    socket.write(`${JSON.stringify(request)}\n`);
  });
}
