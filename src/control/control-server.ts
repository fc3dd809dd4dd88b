// The server side of the control socket: a running `dynorun start` listens on a Unix
// socket (see control-socket-path.ts), never on TCP, and answers one request per
// connection.
//
// Opening it is also how a second `start` in the same app directory is refused: a socket
// that answers as a dynorun belongs to a live one; one that refuses connections was left
// by a dynorun that was killed, and is removed. Anything else at the path (a regular
// file, a directory, a symlink, a socket where something other than a dynorun listens)
// is not ours to remove: start is refused and it is left alone.
import { chmodSync, lstatSync, rmdirSync, unlinkSync, type Stats } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { basename, dirname } from 'node:path';
import { ControlError, DynorunError, UsageError } from '../errors.js';
import { probeControlSocket, type SocketProbe } from './control-client.js';
import {
  HEARTBEAT_MS,
  MAX_REQUEST_BYTES,
  parseRequest,
  type ControlMessage,
  type ControlRequest,
} from './control-protocol.js';
import { controlSocketPaths, prepareControlSocketPath } from './control-socket-path.js';

const MAX_CONNECTIONS = 64;
const REQUEST_TIMEOUT_MS = 10_000;

/** One client's connection: answer with `send`, then `end`. */
export interface ControlConnection {
  /** False once the client's buffer is full (it reads slowly) or it went away. */
  send(message: ControlMessage): boolean;
  end(): void;
  /** Bytes written but not yet taken by the client. */
  readonly backlog: number;
  onClose(listener: () => void): void;
}

export type ControlHandler = (request: ControlRequest, connection: ControlConnection) => unknown;

export class ControlServer {
  /** True when a stale socket of a killed dynorun was removed on the way. */
  staleRemoved = false;
  private readonly connections = new Set<Socket>();
  private server: Server | undefined;

  private constructor(
    readonly path: string,
    private readonly handle: ControlHandler,
  ) {}

  /** Listens for `appDir`, or refuses while another dynorun runs there. */
  static async open(appDir: string, handle: ControlHandler): Promise<ControlServer> {
    await refuseIfRunning(appDir);
    const control = new ControlServer(prepareControlSocketPath(appDir), handle);
    // A start that raced us to the same path makes listen fail once; look again.
    for (let attempt = 0; ; attempt++) {
      control.staleRemoved ||= await removeIfStale(control.path, appDir);
      try {
        await control.listen();
        return control;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 0) throw error;
      }
    }
  }

  /** Stops listening, ends every connection, removes the socket. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const socket of this.connections) socket.end();
    await new Promise((resolve) => server.close(resolve));
    for (const socket of this.connections) socket.destroy();
    removeSocket(this.path);
  }

  private listen(): Promise<void> {
    // Half-open: a client may end its side once the request is written (`socket.end(req)`,
    // `printf … | socat`) and still read the answer.
    const server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.path, () => {
        server.off('error', reject);
        // The directory is 0700 already; the socket's own mode says the same.
        chmodSync(this.path, 0o600);
        this.server = server;
        resolve();
      });
    });
  }

  // A client gets REQUEST_TIMEOUT_MS to send its request, and at most MAX_CONNECTIONS are
  // open at once, so idle or runaway clients cannot exhaust dynorun's file descriptors.
  private accept(socket: Socket): void {
    if (this.connections.size >= MAX_CONNECTIONS) {
      socket.destroy();
      return;
    }
    this.connections.add(socket);
    socket.on('close', () => this.connections.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setTimeout(REQUEST_TIMEOUT_MS, () => socket.destroy());
    let buffered = '';
    const take = (line: string) => {
      socket.setTimeout(0);
      socket.off('data', onData).off('end', onEnd);
      void this.answer(line, socket);
    };
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const newline = buffered.indexOf('\n');
      if (newline !== -1) take(buffered.slice(0, newline));
      else if (buffered.length > MAX_REQUEST_BYTES) take('');
    };
    // The client's end of writing ends its request, newline or not.
    const onEnd = () => take(buffered);
    socket.on('data', onData).on('end', onEnd);
  }

  private async answer(line: string, socket: Socket): Promise<void> {
    const connection = connectionOf(socket);
    const heartbeat = setInterval(() => connection.send({ busy: true }), HEARTBEAT_MS);
    try {
      await this.handle(parseRequest(line), connection);
    } catch (error) {
      const message = error instanceof DynorunError ? error.message : internal(error);
      const usage = error instanceof UsageError ? { usage: true as const } : {};
      connection.send({ ok: false, error: message, ...usage });
      connection.end();
    } finally {
      clearInterval(heartbeat);
    }
  }
}

function connectionOf(socket: Socket): ControlConnection {
  return {
    send: (message) => socket.writable && socket.write(`${JSON.stringify(message)}\n`),
    end: () => socket.end(),
    get backlog() {
      return socket.writableLength;
    },
    onClose: (listener) => socket.once('close', listener),
  };
}

function internal(error: unknown): string {
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

async function refuseIfRunning(appDir: string): Promise<void> {
  for (const path of controlSocketPaths(appDir)) {
    refuseIfAnswered(path, await probeControlSocket(path), appDir);
  }
}

// Whatever answers at `path`, a dynorun or not, keeps this start from running.
function refuseIfAnswered(path: string, probe: SocketProbe, appDir: string): void {
  if (probe.state === 'live') {
    const hint = "use 'dynorun ps' or stop it first";
    throw new ControlError(`dynorun is already running for ${appDir} (pid ${probe.pid}); ${hint}`);
  }
  if (probe.state === 'foreign') {
    const found = `something that is not a dynorun answers on ${path}`;
    throw new ControlError(`${found}; remove it if it is stale`, 2);
  }
}

async function removeIfStale(path: string, appDir: string): Promise<boolean> {
  refuseIfNotSocket(path);
  const probe = await probeControlSocket(path);
  if (probe.state === 'absent') return false;
  refuseIfAnswered(path, probe, appDir);
  unlinkSync(path);
  return true;
}

function refuseIfNotSocket(path: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch {
    return;
  }
  if (stats.isSocket()) return;
  const kind = stats.isFile() ? 'a regular file, ' : stats.isDirectory() ? 'a directory, ' : '';
  const refusal = 'dynorun will not remove it: move it away, then start again';
  throw new ControlError(`${path} is ${kind}not a socket; ${refusal}`, 2);
}

// Node removes the socket file as the server closes; this makes sure, and removes
// `.dynorun` in the app directory too once it is empty.
function removeSocket(path: string): void {
  attempt(() => unlinkSync(path));
  if (basename(dirname(path)) === '.dynorun') attempt(() => rmdirSync(dirname(path)));
}

function attempt(remove: () => void): void {
  try {
    remove();
  } catch {
    // Already gone, or the directory holds something else: leave it.
  }
}
