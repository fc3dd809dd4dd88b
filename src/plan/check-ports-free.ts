// Before anything starts, every dyno's PORT must be free: a dyno whose port another
// program holds would crash on start and again at every restart, or worse, a readiness
// check could take the other program for the dyno.
//
// On Linux the listening sockets are read from /proc/net/tcp{,6} in one go: a port with a
// listener on any address is taken (a dyno binding 0.0.0.0:$PORT, as gunicorn does, would
// fail on it). Elsewhere each port is probed by listening on it for a moment, on loopback
// only (127.0.0.1 and, with IPv6, ::1), so the probe never opens a port to the network; a
// listener bound to one other address of the host only (192.0.2.7:5000) is not found then.
import { createServer } from 'node:net';
import { FormationError } from '../errors.js';
import { listeningSockets } from '../listening-sockets.js';
import type { ProcessSpec } from '../types.js';

const PROBE_HOSTS = ['127.0.0.1', '::1'];
// Probes in flight at once: 200 dynos must not run the process out of descriptors.
const BATCH = 50;

/** `listening`: the sockets from /proc, or null to probe each port (as off Linux). */
export async function checkPortsFree(
  dynos: ProcessSpec[],
  listening = listeningSockets() ?? null,
): Promise<void> {
  const withPort = dynos.filter((dyno) => dyno.port !== undefined);
  if (listening !== null) {
    const taken = new Set(listening.map((socket) => socket.port));
    const dyno = withPort.find((each) => taken.has(each.port as number));
    if (dyno !== undefined) throw portTaken(dyno);
    return;
  }
  for (let start = 0; start < withPort.length; start += BATCH) {
    const batch = withPort.slice(start, start + BATCH);
    const taken = await Promise.all(batch.map((dyno) => isTaken(dyno.port as number)));
    const dyno = batch[taken.indexOf(true)];
    if (dyno !== undefined) throw portTaken(dyno);
  }
}

function portTaken(dyno: ProcessSpec): FormationError {
  const hint = 'choose another base port with -p';
  const problem = 'is already in use (another program listens on it)';
  return new FormationError(`port ${dyno.port} for ${dyno.name} ${problem}; ${hint}`);
}

async function isTaken(port: number): Promise<boolean> {
  const taken = await Promise.all(PROBE_HOSTS.map((host) => probe(port, host)));
  return taken.includes(true);
}

// True when listening fails with EADDRINUSE. Any other failure (no IPv6, a port below
// 1024 without the right to bind it) is left for the dyno to meet: dynorun cannot tell
// whether the dyno's program has more rights than dynorun has.
function probe(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'EADDRINUSE');
    });
    server.listen({ port, host }, () => server.close(() => resolve(false)));
  });
}
