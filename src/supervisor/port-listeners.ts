// Which processes listen on a TCP port, read from /proc: /proc/net/tcp{,6} give the socket
// inodes in state LISTEN for the port, and /proc/<pid>/fd links name the sockets a process
// holds. Linux only; elsewhere every check answers "unknown" (undefined).
import { readFileSync } from 'node:fs';
import { holdsAnyFd } from './fd-links.js';

const LISTEN = '0A';

export function listeningInodes(port: number): Set<string> | undefined {
  if (process.platform !== 'linux') return undefined;
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');

  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'latin1');
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1];
      if (fields[3] === LISTEN && local?.endsWith(`:${hexPort}`)) inodes.add(fields[9] ?? '');
    }
  }
  return inodes;
}

/** True when one of `pids` holds a socket listening on `port`. */
export function treeListensOn(port: number, pids: number[]): boolean {
  const inodes = listeningInodes(port);
  if (inodes === undefined || inodes.size === 0) return false;
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  return pids.some((pid) => holdsAnyFd(pid, sockets));
}
