// Before anything starts, every dyno's PORT must be free: a dyno whose port another
// program holds would crash on start and again at every restart, or worse, a readiness
// check could take the other program for the dyno. Each port is probed by listening on
// it for a moment, on loopback only (127.0.0.1 and, with IPv6, ::1), so the probe never
// opens a port to the network. On Linux a listener on the wildcard address (0.0.0.0, or
// a dual-stack [::]) holds the port on loopback too, so those are found as well. Not
// found: a listener bound to one other address of the host only (192.0.2.7:5000).
import { createServer } from 'node:net';
import { FormationError } from '../errors.js';
import type { ProcessSpec } from '../types.js';

const PROBE_HOSTS = ['127.0.0.1', '::1'];
// Probes in flight at once: 200 dynos must not run the process out of descriptors.
const BATCH = 50;

export async function checkPortsFree(dynos: ProcessSpec[]): Promise<void> {
  const withPort = dynos.filter((dyno) => dyno.port !== undefined);
  for (let start = 0; start < withPort.length; start += BATCH) {
    const batch = withPort.slice(start, start + BATCH);
    const taken = await Promise.all(batch.map((dyno) => isTaken(dyno.port as number)));
    const dyno = batch[taken.indexOf(true)];
    if (dyno !== undefined) {
      const hint = 'choose another base port with -p';
      const problem = 'is already in use (another program listens on it)';
      throw new FormationError(`port ${dyno.port} for ${dyno.name} ${problem}; ${hint}`);
    }
  }
}

async function isTaken(port: number): Promise<boolean> {
  for (const host of PROBE_HOSTS) if (await probe(port, host)) return true;
  return false;
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
