// Where the log stream goes. Node writes to a pipe on stdout synchronously, which would
// freeze the whole supervisor (signals, timers, restarts) behind a slow reader. A socket on
// fd 1 writes asynchronously instead and reports a full pipe, so the supervisor can slow
// the producers and keep running. Terminals and files keep process.stdout.
import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

export function openOutputStream(): Writable {
  let isPipe = false;
  try {
    const stat = fstatSync(1);
    isPipe = stat.isFIFO() || stat.isSocket();
  } catch {
    return process.stdout;
  }
  if (!isPipe) return process.stdout;
  return new Socket({ fd: 1, readable: false, writable: true });
}
