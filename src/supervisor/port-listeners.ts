// Which processes listen on a TCP port, read from /proc: /proc/net/tcp{,6} give the socket
// inodes in state LISTEN for the port, and /proc/<pid>/fd links name the sockets a process
// holds. Linux only; elsewhere every check answers "unknown" (undefined).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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
  return pids.some((pid) => holdsSocket(pid, inodes));
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (target.startsWith('socket:[') && inodes.has(target.slice(8, -1))) return true;
    } catch {
      // closed while we looked
    }
  }
  return false;
}
