// Where the log stream goes. Node writes to a pipe on stdout synchronously, which would
// freeze the whole supervisor (signals, timers, restarts) behind a slow reader. A socket on
// fd 1 writes asynchronously instead and reports a full pipe, so the supervisor can slow
// the producers and keep running. Terminals and files keep process.stdout.
//
// Once that socket exists, nothing may touch `process.stdout`: its getter would open
// a second handle on fd 1, which libuv refuses (EEXIST) while the socket waits to write.
import { fstatSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Writable } from 'node:stream';

/** Where the log goes; `owned` when it is a socket of ours, to be ended at the end. */
export function openOutputStream(): { out: Writable; owned: boolean } {
  let isPipe = false;
  try {
    const stat = fstatSync(1);
    isPipe = stat.isFIFO() || stat.isSocket();
  } catch {
    return { out: process.stdout, owned: false };
  }
  if (!isPipe) return { out: process.stdout, owned: false };
  return { out: new Socket({ fd: 1, readable: false, writable: true }), owned: true };
}
